package import ExactArithmetic
package import Models
package import PiecewiseLinear

/// The range every claim quantifies over.
package enum InputDomain: Sendable, Equatable {
    /// All of R^n.
    case reals
    /// The box [low, high]^n.
    case box(low: Rational, high: Rational)
    /// Integers low...high in every coordinate.
    case integers(low: Int, high: Int)
}

/// Every point of `{low...high}^dimension` as exact rationals, last
/// coordinate fastest: the points an integer domain is decided on.
package struct IntegerGrid: Sequence, IteratorProtocol, Sendable {
    private let low: Int
    private let high: Int
    private var upcoming: [Int]?

    /// The grid `{low...high}^dimension`.
    package init(low: Int, high: Int, dimension: Int) {
        self.low = low
        self.high = high
        upcoming = low <= high ? Array(repeating: low, count: dimension) : nil
    }

    /// The next point, or nil after the last.
    package mutating func next() -> [Rational]? {
        guard var point = upcoming else { return nil }
        let current = point.map { Rational($0) }
        var i = point.count - 1
        while i >= 0 {
            point[i] += 1
            if point[i] <= high { break }
            point[i] = low
            i -= 1
        }
        upcoming = i < 0 ? nil : point
        return current
    }
}

/// A model loaded by a claims file, lowered into the file's shared program.
package struct ClaimsModel: Sendable {
    /// The name the file gives it (`m`).
    package let name: String
    /// The checkpoint path as resolved.
    package let path: String
    /// The model, as claims read it.
    package let adapter: any ModelAdapter
    /// Its signals in the shared program.
    package let lowered: LoweredModel
}

/// A model signal a statement reads, reported with counterexamples.
package struct ReadSignal: Sendable, Hashable {
    /// Qualified name, such as `m.h[2][0]`.
    package let name: String
    /// Which model (index into the file's models).
    package let model: Int
    /// The signal's name inside the model (`h[2][0]`), as ``LoweredModel/namedNodes`` names it.
    package let signal: String
    /// Its node.
    package let node: NodeID
}

/// A statement lowered to a satisfiability question over the program: a
/// claim holds iff its query has no solution; a witness is found iff it has one.
package struct Query: Sendable {
    /// `claim` or `witness`.
    package enum Kind: String, Sendable {
        /// For every input... (proved when the query is unsatisfiable).
        case claim
        /// Some input... (found when the query is satisfiable).
        case witness
    }

    /// The statement's name.
    package let name: String
    /// Claim or witness.
    package let kind: Kind
    /// Where the statement is.
    package let location: SourceLocation
    /// The statement's source text (for binding certificates to it).
    package let text: String
    /// The source text of the declarations before it (models, input,
    /// bindings, assumptions), which also shape the query.
    package let context: String
    /// The shared program, extended with the statement's own nodes.
    package let program: Program
    /// The input nodes x[0...n-1].
    package let inputs: [NodeID]
    /// The input range.
    package let domain: InputDomain
    /// Assumptions and `where` part, and the negated claim (or the witness body).
    package let formula: Formula
    /// The assumptions and `where` part alone (true when there are none):
    /// the inputs the statement speaks about.
    package let premise: Formula
    /// Model signals the statement reads.
    package let readSignals: [ReadSignal]
}

extension Query {
    /// Whether the query is positively homogeneous: no node it depends on
    /// and no atom has a constant term, so its solutions form a cone (a
    /// solution p gives solutions t·p for every t > 0).
    package var isPositivelyHomogeneous: Bool {
        let read = program.dependencies(of: formula.nodes)
        for (i, node) in program.nodes.enumerated() where read[i] {
            if case .affine(_, let constant) = node, !constant.isZero { return false }
        }
        func atomsHomogeneous(_ f: Formula) -> Bool {
            switch f {
            case .constant: return true
            case .atom(let a): return a.expression.constant.isZero
            case .notZero(let e): return e.constant.isZero
            case .and(let parts), .or(let parts): return parts.allSatisfy(atomsHomogeneous)
            case .cases(let cases): return cases.allSatisfy { atomsHomogeneous($0.condition) && atomsHomogeneous($0.body) }
            }
        }
        return atomsHomogeneous(formula)
    }
}
