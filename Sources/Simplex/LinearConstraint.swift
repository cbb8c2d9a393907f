public import ExactArithmetic

/// `coefficients · x  relation  constant`, over a fixed number of variables.
public struct LinearConstraint: Sendable, Hashable, CustomStringConvertible {
    /// One coefficient per variable.
    public var coefficients: [Rational]
    /// The comparison.
    public var relation: Relation
    /// The right-hand side.
    public var constant: Rational

    /// `coefficients · x  relation  constant`.
    public init(_ coefficients: [Rational], _ relation: Relation, _ constant: Rational) {
        self.coefficients = coefficients
        self.relation = relation
        self.constant = constant
    }

    /// Whether the constraint holds at `point`.
    public func isSatisfied(by point: [Rational]) -> Bool {
        var sum = Rational.zero
        for (a, x) in zip(coefficients, point) where !a.isZero { sum += a * x }
        return relation.holds(sum, constant)
    }

    /// Text such as `2 x0 - 1/2 x1 <= 3`.
    public var description: String {
        let terms = coefficients.enumerated().filter { !$0.element.isZero }.map { "\($0.element) x\($0.offset)" }
        return (terms.isEmpty ? "0" : terms.joined(separator: " + ")) + " \(relation.rawValue) \(constant)"
    }
}

/// Why a set of constraints has no solution: multipliers `y` with
/// `sum y_k a_k = 0` and `sum y_k c_k < 0` (or `= 0` with a strict
/// constraint among those with `y_k != 0`), where `y_k >= 0` for `<`/`<=`,
/// `y_k <= 0` for `>`/`>=`, and any sign for `=` (Farkas' lemma).
public struct FarkasCertificate: Sendable, Equatable {
    /// The nonzero multipliers, by constraint index (the order of assertion).
    public var multipliers: [(constraint: Int, multiplier: Rational)]

    /// Builds a certificate.
    public init(multipliers: [(constraint: Int, multiplier: Rational)]) {
        self.multipliers = multipliers
    }

    /// Compares multipliers in order.
    public static func == (lhs: FarkasCertificate, rhs: FarkasCertificate) -> Bool {
        lhs.multipliers.count == rhs.multipliers.count
            && zip(lhs.multipliers, rhs.multipliers).allSatisfy { $0.constraint == $1.constraint && $0.multiplier == $1.multiplier }
    }

    /// Checks the certificate against the constraints it indexes: signs,
    /// cancellation, and contradiction, all exact.
    public func refutes(_ constraints: [LinearConstraint]) -> Bool {
        guard let width = constraints.first?.coefficients.count else { return false }
        var combination = [Rational](repeating: .zero, count: width)
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
            for (i, a) in c.coefficients.enumerated() where !a.isZero { combination[i] += y * a }
            constant += y * c.constant
        }
        guard combination.allSatisfy(\.isZero) else { return false }
        return constant.signum < 0 || (constant.isZero && strict)
    }
}

/// The outcome of a feasibility check.
public enum FeasibilityResult: Sendable, Equatable {
    /// An exact point satisfying every asserted constraint.
    case feasible([Rational])
    /// No point exists; the certificate proves it.
    case infeasible(FarkasCertificate)
}
