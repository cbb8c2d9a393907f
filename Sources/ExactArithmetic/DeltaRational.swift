/// A number `real + delta * δ`, where δ is a positive infinitesimal.
///
/// Strict bounds become non-strict ones over these (x < c is x <= c - δ),
/// as in Dutertre and de Moura, "A Fast Linear-Arithmetic Solver for
/// DPLL(T)" (CAV 2006). Order is lexicographic: real part first.
package struct DeltaRational: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The standard part.
    package var real: Rational
    /// The coefficient of δ.
    package var delta: Rational

    /// `real + delta * δ`.
    package init(_ real: Rational, delta: Rational = .zero) {
        self.real = real
        self.delta = delta
    }

    /// Zero.
    package static let zero = DeltaRational(.zero)

    /// Lexicographic order.
    package static func < (lhs: DeltaRational, rhs: DeltaRational) -> Bool {
        let c = Rational.compare(lhs.real, rhs.real)
        return c < 0 || (c == 0 && lhs.delta < rhs.delta)
    }

    /// The sum.
    package static func + (lhs: DeltaRational, rhs: DeltaRational) -> DeltaRational {
        if lhs.delta.isZero, rhs.delta.isZero { return DeltaRational(lhs.real + rhs.real) }
        return DeltaRational(lhs.real + rhs.real, delta: lhs.delta + rhs.delta)
    }

    /// The difference.
    package static func - (lhs: DeltaRational, rhs: DeltaRational) -> DeltaRational {
        if lhs.delta.isZero, rhs.delta.isZero { return DeltaRational(lhs.real - rhs.real) }
        return DeltaRational(lhs.real - rhs.real, delta: lhs.delta - rhs.delta)
    }

    /// Scaling by a rational.
    package static func * (lhs: Rational, rhs: DeltaRational) -> DeltaRational {
        if rhs.delta.isZero { return DeltaRational(lhs * rhs.real) }
        return DeltaRational(lhs * rhs.real, delta: lhs * rhs.delta)
    }

    /// The value with δ replaced by a concrete positive rational.
    package func value(delta d: Rational) -> Rational { real + delta * d }

    /// `real` or `real+kδ` / `real-kδ`.
    package var description: String {
        if delta.isZero { return real.description }
        return "\(real)\(delta.signum > 0 ? "+" : "")\(delta)δ"
    }
}
