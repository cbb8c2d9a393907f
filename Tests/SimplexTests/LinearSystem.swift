import ExactArithmetic
import Simplex
import _TestSupport

/// `coefficients · x  relation  constant`: a test's constraint.
struct Constraint: CustomStringConvertible {
    var coefficients: [Rational]
    var relation: Relation
    var constant: Rational

    init(_ coefficients: [Int], _ relation: Relation, _ constant: Rational) {
        self.coefficients = coefficients.map { Rational($0) }
        self.relation = relation
        self.constant = constant
    }

    func isSatisfied(by x: [Rational]) -> Bool {
        relation.holds(zip(coefficients, x).reduce(Rational.zero) { $0 + $1.0 * $1.1 }, constant)
    }

    var description: String { "\(coefficients) \(relation.rawValue) \(constant)" }

    /// Between `count.lowerBound` and `count.upperBound` random constraints
    /// over `n` variables: small integer coefficients, any relation, small
    /// fractions on the right.
    static func random(_ count: ClosedRange<Int>, over n: Int, using rng: inout SplitMix64) -> [Constraint] {
        (0..<Int.random(in: count, using: &rng)).map { _ in
            Constraint(
                (0..<n).map { _ in Int.random(in: -3...3, using: &rng) }, Relation.allCases.randomElement(using: &rng) ?? .less,
                Rational(Int.random(in: -4...4, using: &rng), Int.random(in: 1...3, using: &rng)))
        }
    }
}

/// Asserts test constraints into both simplices the way the search does: a
/// slack per form (or the variable itself), bounds with delta-rationals,
/// reason = constraint index.
struct LinearSystem {
    var exact: SparseSimplex
    var steering: FloatSimplex
    private(set) var constraints: [Constraint] = []
    let width: Int

    init(width: Int) {
        self.width = width
        exact = SparseSimplex(structuralCount: width)
        steering = FloatSimplex(structuralCount: width)
    }

    /// Asserts a constraint; Farkas multipliers when bounds cross at once.
    mutating func assert(_ c: Constraint) -> SparseSimplex.Explanation? {
        let reason = constraints.count
        constraints.append(c)
        let terms = c.coefficients.enumerated().filter { !$0.element.isZero }.map { (variable: $0.offset, coefficient: $0.element) }
        if terms.isEmpty {
            // 0 rel k: refuted by itself when it fails.
            return c.relation.holds(.zero, c.constant) ? nil : [(reason, c.constant.signum < 0 || (c.constant.isZero && c.relation == .less) ? 1 : -1)]
        }
        let v: Int
        if terms.count == 1, terms[0].coefficient == .one {
            v = terms[0].variable
        } else {
            let before = exact.variableCount
            v = exact.slack(for: terms)
            if v == before { _ = steering.addSlack(terms.map { ($0.variable, $0.coefficient.doubleApproximation) }) }
        }
        let k = c.constant
        var crossings: [SparseSimplex.Explanation] = []
        func bound(_ value: DeltaRational, upper: Bool) {
            let crossing = upper ? exact.assertUpper(v, value, reason: reason) : exact.assertLower(v, value, reason: reason)
            if let crossing { crossings.append(crossing) }
            let c = value.real.doubleApproximation
            steering.assertBound(v, c + value.delta.doubleApproximation * FloatSimplex.strictMargin(c), isUpper: upper)
        }
        switch c.relation {
        case .less: bound(DeltaRational(k, delta: -1), upper: true)
        case .lessOrEqual: bound(DeltaRational(k), upper: true)
        case .equal:
            bound(DeltaRational(k), upper: true)
            bound(DeltaRational(k), upper: false)
        case .greaterOrEqual: bound(DeltaRational(k), upper: false)
        case .greater: bound(DeltaRational(k, delta: 1), upper: false)
        }
        return crossings.first
    }

    mutating func push() {
        exact.pushLevel()
        steering.pushLevel()
    }

    mutating func pop(to level: Int) {
        exact.popLevels(to: level)
        steering.popLevels(to: level)
    }

    /// Whether multipliers over constraint indices refute `constraints`
    /// (Farkas' lemma, checked independently of the simplex).
    static func refutes(_ multipliers: SparseSimplex.Explanation, _ constraints: [Constraint]) -> Bool {
        guard let width = constraints.first?.coefficients.count else { return false }
        var combination = Array(repeating: Rational.zero, count: width)
        var constant = Rational.zero
        var strict = false
        for (index, y) in multipliers {
            guard constraints.indices.contains(index), !y.isZero else { return false }
            let c = constraints[index]
            switch c.relation {
            case .less, .lessOrEqual: if y.signum < 0 { return false }
            case .greater, .greaterOrEqual: if y.signum > 0 { return false }
            case .equal: break
            }
            if c.relation.isStrict { strict = true }
            for (i, a) in c.coefficients.enumerated() { combination[i] += y * a }
            constant += y * c.constant
        }
        guard combination.allSatisfy(\.isZero) else { return false }
        return constant.signum < 0 || (constant.isZero && strict)
    }
}
