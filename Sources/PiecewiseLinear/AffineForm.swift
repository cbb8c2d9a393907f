public import ExactArithmetic

/// `coefficients · x + constant`: a node's value as an affine function of
/// the inputs on a region where every ReLU it depends on has a fixed phase.
public struct AffineForm: Sendable, Equatable {
    /// One coefficient per input.
    public var coefficients: [Rational]
    /// The constant term.
    public var constant: Rational

    /// `coefficients · x + constant`.
    public init(coefficients: [Rational], constant: Rational) {
        self.coefficients = coefficients
        self.constant = constant
    }

    /// The zero function of `width` inputs.
    public static func zero(width: Int) -> AffineForm {
        AffineForm(coefficients: Array(repeating: .zero, count: width), constant: .zero)
    }

    /// The function `x[i]`.
    public static func input(_ i: Int, width: Int) -> AffineForm {
        var form = zero(width: width)
        form.coefficients[i] = .one
        return form
    }

    /// Adds `c` times `other`.
    public mutating func add(_ c: Rational, _ other: AffineForm) {
        if c.isZero { return }
        for i in coefficients.indices where !other.coefficients[i].isZero { coefficients[i] += c * other.coefficients[i] }
        constant += c * other.constant
    }

    /// The least and greatest value over the box [low, high]^n.
    public func range(low: Rational, high: Rational) -> (low: Rational, high: Rational) {
        var lo = constant
        var hi = constant
        for a in coefficients where !a.isZero {
            if a.signum > 0 {
                lo += a * low
                hi += a * high
            } else {
                lo += a * high
                hi += a * low
            }
        }
        return (lo, hi)
    }
}

extension AffineForm {
    /// The value at `point`.
    public func value(at point: [Rational]) -> Rational {
        var sum = constant
        for (a, x) in zip(coefficients, point) where !a.isZero { sum += a * x }
        return sum
    }
}
