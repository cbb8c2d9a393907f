package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// A formula in doubles, flattened into arrays once so that screening
/// hundreds of sample points walks no enum boxes and converts no
/// rationals. For heuristics only, never for verdicts.
package struct FloatFormula: Sendable {
    private enum Kind {
        case constant(Bool)
        /// `expression relation 0`, the expression's index.
        case atom(Int, Relation)
        /// `expression != 0`.
        case notZero(Int)
        /// Children in `children[range]`.
        case and(Range<Int>)
        case or(Range<Int>)
        /// (condition, body) pairs, flattened, in `children[range]`.
        case cases(Range<Int>)
    }

    private var kinds: [Kind] = []
    private var children: [Int] = []
    /// Each expression's terms are `termNodes[range]`, `termCoefficients[range]`.
    private var termRanges: [Range<Int>] = []
    private var constants: [Double] = []
    private var termNodes: [Int] = []
    private var termCoefficients: [Double] = []
    private var root = 0

    package init(_ formula: Formula) {
        root = add(formula)
    }

    private mutating func add(_ formula: Formula) -> Int {
        let kind: Kind
        switch formula {
        case .constant(let b): kind = .constant(b)
        case .atom(let atom): kind = .atom(add(atom.expression), atom.relation)
        case .notZero(let e): kind = .notZero(add(e))
        case .and(let parts): kind = .and(add(parts))
        case .or(let parts): kind = .or(add(parts))
        case .cases(let cases): kind = .cases(add(cases.flatMap { [$0.condition, $0.body] }))
        }
        kinds.append(kind)
        return kinds.count - 1
    }

    private mutating func add(_ parts: [Formula]) -> Range<Int> {
        let indices = parts.map { add($0) }
        let start = children.count
        children += indices
        return start..<children.count
    }

    private mutating func add(_ e: LinearForm) -> Int {
        let start = termNodes.count
        for term in e.terms {
            termNodes.append(term.node.index)
            termCoefficients.append(term.coefficient.doubleApproximation)
        }
        termRanges.append(start..<termNodes.count)
        constants.append(e.constant.doubleApproximation)
        return constants.count - 1
    }

    /// Whether the formula may hold at node values `values`: false only
    /// when it fails there whatever the comparisons within rounding of
    /// equality turn out to be (three-valued, as in Kleene's logic).
    package func mayHold(_ values: [Double]) -> Bool {
        evaluate(root, values) != .no
    }

    /// A truth value that rounding may leave open.
    private enum Truth {
        case no, maybe, yes

        init(_ b: Bool) { self = b ? .yes : .no }
    }

    private func evaluate(_ k: Int, _ values: [Double]) -> Truth {
        switch kinds[k] {
        case .constant(let b): return Truth(b)
        case .atom(let e, let relation):
            guard let d = difference(e, values) else { return .maybe }
            return Truth(relation.holds(comparison: d < 0 ? -1 : (d > 0 ? 1 : 0)))
        case .notZero(let e):
            guard let d = difference(e, values) else { return .maybe }
            return Truth(d != 0)
        case .and(let range): return combine(range, values, absorbing: .no)
        case .or(let range): return combine(range, values, absorbing: .yes)
        case .cases(let range):
            var result = Truth.no
            for i in stride(from: range.lowerBound, to: range.upperBound, by: 2) {
                let condition = evaluate(children[i], values)
                guard condition != .no else { continue }
                let body = evaluate(children[i + 1], values)
                if condition == .yes, body == .yes { return .yes }
                if body != .no { result = .maybe }
            }
            return result
        }
    }

    /// An `and` (absorbing `.no`) or an `or` (absorbing `.yes`) of the
    /// children in `range`: the absorbing value if a child has it, else
    /// `.maybe` if a child is open, else the other value.
    private func combine(_ range: Range<Int>, _ values: [Double], absorbing: Truth) -> Truth {
        var result: Truth = absorbing == .no ? .yes : .no
        for i in range {
            let truth = evaluate(children[i], values)
            if truth == absorbing { return absorbing }
            if truth == .maybe { result = .maybe }
        }
        return result
    }

    /// The expression's value, or nil when it is within rounding of 0 but
    /// not exactly 0 (every term exactly 0 counts as exactly 0).
    private func difference(_ e: Int, _ values: [Double]) -> Double? {
        var sum = constants[e]
        var scale = abs(sum)
        for i in termRanges[e] {
            let t = termCoefficients[i] * values[termNodes[i]]
            sum += t
            scale += abs(t)
        }
        if scale == 0 { return 0 }
        return abs(sum) <= 1e-9 * scale ? nil : sum
    }
}
