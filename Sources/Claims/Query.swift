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
    /// A finite set of inputs, in the order given (a points file's rows,
    /// or a literal set).
    case points([[Rational]])
}

extension InputDomain {
    /// The points of a finite domain of `dimension` inputs, in order (an
    /// integer grid's last coordinate fastest), and how many there are;
    /// nil for a continuous domain.
    package func finitePoints(dimension: Int) -> (points: AnySequence<[Rational]>, count: Double)? {
        switch self {
        case .reals, .box: return nil
        case .integers(let low, let high):
            var count = 1.0
            for _ in 0..<dimension { count *= Double(high - low + 1) }
            return (AnySequence(IntegerGrid(low: low, high: high, dimension: dimension)), count)
        case .points(let points):
            return (AnySequence(points), Double(points.count))
        }
    }

    /// Whether `x` lies in the domain.
    package func contains(_ x: [Rational]) -> Bool {
        switch self {
        case .reals: return true
        case .box(let low, let high): return x.allSatisfy { low <= $0 && $0 <= high }
        case .integers(let low, let high): return x.allSatisfy { $0.intValue.map { (low...high).contains($0) } ?? false }
        case .points(let points): return points.contains(x)
        }
    }
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
    /// For a model built from others, its definition as written
    /// (`a = m without neuron 3`), which reports show; nil for a checkpoint.
    package var definition: String?
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

/// A `let` value (or one entry of a vector `let`) a statement reads.
package struct ReadValue: Sendable {
    /// `d` or `d[0]`.
    package let name: String
    /// Its value.
    package let form: LinearForm
}

/// An index a statement reads, such as `argmax(m.logits)` or
/// `argsort(x)[-2]`: which output wins, against which was expected.
package struct ReadIndex: Sendable {
    package enum Kind: Sendable, Equatable {
        /// The entry strictly above every other (none on a tie at the top).
        case argmax
        /// The entry strictly below every other.
        case argmin
        /// The entry of this rank in a stable ascending sort.
        case rank(Int)
    }

    /// The expression as written.
    package let label: String
    package let kind: Kind
    /// The entries it chooses among.
    package let vector: [LinearForm]

    /// The index at these node values; nil for an argmax or argmin with a tie.
    package func value(_ values: [Rational]) -> Int? {
        let v = vector.map { $0.evaluate(values) }
        switch kind {
        case .argmax, .argmin:
            guard let best = v.indices.max(by: { kind == .argmax ? v[$0] < v[$1] : v[$0] > v[$1] }) else { return nil }
            return v.indices.allSatisfy({ $0 == best || v[$0] != v[best] }) ? best : nil
        case .rank(let r):
            let order = v.indices.sorted { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
            return order.indices.contains(r) ? order[r] : nil
        }
    }
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
        /// How many inputs... (the query's solutions counted: the share of
        /// the premise's inputs where the statement holds).
        case measure
        /// The largest value of an objective over the premise's inputs
        /// (the query's formula is the premise).
        case maximize
        /// The smallest value of an objective over the premise's inputs.
        case minimize
    }

    /// The statement's name.
    package let name: String
    /// Claim or witness.
    package internal(set) var kind: Kind
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
    /// The input's name in the claims file (`x`).
    package let inputName: String
    /// For a measure with `expect OP NUMBER`: the share must stand in
    /// that relation to the number.
    package var expectation: (relation: Relation, value: Rational)?
    /// The expectation as written (`>= 0.98`), for reports.
    package var expectationText: String?
    /// The input range.
    package let domain: InputDomain
    /// Assumptions and `where` part, and the negated claim (or the witness body).
    package internal(set) var formula: Formula
    /// The assumptions and `where` part alone (true when there are none):
    /// the inputs the statement speaks about.
    package let premise: Formula
    /// Model signals the statement reads.
    package let readSignals: [ReadSignal]
    /// The `let` values the statement reads, entry by entry (`d[0]`, ...),
    /// reported with counterexamples beside the model signals.
    package let readValues: [ReadValue]
    /// The indices the statement reads, reported with counterexamples.
    package let readIndices: [ReadIndex]
    /// For `maximize` and `minimize`: the scalar optimized.
    package var objective: Objective? = nil
    /// For a statement about a transformer: the statement compiled for
    /// evaluation input by input over the finite domain (the program and
    /// formula are then empty).
    package var pointwise: PointwiseStatement? = nil
}

extension Query {
    /// For an optimization, the claim that the objective never passes
    /// `value` (at most it for `maximize`, at least it for `minimize`) on
    /// the premise: the first half of an optimum's proof, and exactly the
    /// claim with the optimal constant plugged in.
    package func boundQuery(_ value: Rational) -> Query {
        var query = self
        query.kind = .claim
        let beyond = objective?.compared(kind == .minimize ? .less : .greater, value) ?? .constant(false)
        query.formula = .all([premise, beyond])
        return query
    }

    /// For an optimization, whether some input of the premise reaches
    /// `value`: with the bound proved, the optimum is attained exactly
    /// when this witness exists.
    package func attainmentQuery(_ value: Rational) -> Query {
        var query = self
        query.kind = .witness
        let reaches = objective?.compared(kind == .minimize ? .lessOrEqual : .greaterOrEqual, value) ?? .constant(false)
        query.formula = .all([premise, reaches])
        return query
    }

    /// Whether any input satisfies the premise (the origin counts).
    package var premiseWitness: Query {
        var query = self
        query.kind = .witness
        query.formula = premise
        return query
    }

    /// Whether a finite optimum stands in the expectation's relation to
    /// its number; nil when there is no expectation.
    package func expectationHolds(optimum value: Rational) -> Bool? {
        expectation.map { $0.relation.holds(value, $0.value) }
    }

    /// The same for an unbounded optimum: +infinity for `maximize`,
    /// -infinity for `minimize`.
    package var expectationHoldsWhenUnbounded: Bool? {
        expectation.map { $0.relation.holds(comparison: kind == .minimize ? -1 : 1) }
    }

    /// The same for an empty region, whose maximum is -infinity and whose
    /// minimum is +infinity, as in mathematics.
    package var expectationHoldsWhenInfeasible: Bool? {
        expectation.map { $0.relation.holds(comparison: kind == .minimize ? 1 : -1) }
    }

    /// The linear region of `point` for an optimization (where the
    /// premise's atoms, the objective's conditions and every ReLU they
    /// read keep their truth values and phases), and the objective on it,
    /// oriented to be maximized (negated for `minimize`).
    package func objectiveRegion(at point: [Rational]) -> (region: LinearRegion, maximized: InputConstraint)? {
        guard let objective else { return nil }
        let formula = Formula.and([premise] + objective.conditions)
        var box: (low: Rational, high: Rational)?
        if case .box(let low, let high) = domain { box = (low, high) }
        let region = LinearRegion(program: program, formula: formula, nodes: objective.nodes, box: box, at: point)
        guard let piece = objective.piece(at: program.evaluate(at: point)) else { return nil }
        return (region, region.inputForm(of: kind == .minimize ? -1 * piece.value : piece.value))
    }
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

extension Query {
    /// The question whether the statement speaks about any input: a
    /// witness of its premise (assumptions and `where` part). For a
    /// positively homogeneous premise on `R^n` it asks for a nonzero
    /// input (one with some |x[i]| >= 1, which scaling gives when any
    /// nonzero one exists): an empty premise but for x = 0 is vacuous too.
    package var premiseQuery: Query {
        var formula = premise
        var premiseOnly = self
        premiseOnly.formula = premise
        let homogeneous = premiseOnly.isPositivelyHomogeneous
        if case .reals = domain, homogeneous {
            let faces = inputs.flatMap { x in
                [Formula.atom(Atom(LinearForm(node: x) - LinearForm(constant: .one), .greaterOrEqual)),
                 Formula.atom(Atom(LinearForm(node: x) + LinearForm(constant: .one), .lessOrEqual))]
            }
            formula = .all([premise, .any(faces)])
        }
        var query = self
        query.kind = .witness
        query.formula = formula
        return query
    }
}
