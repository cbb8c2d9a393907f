package import ExactArithmetic

/// A closed interval `[low, high]` of rationals that contains a value known
/// only through bounds: the result of a certified enclosure.
package struct RationalInterval: Sendable, Equatable, CustomStringConvertible {
    package let low: Rational
    package let high: Rational

    /// The interval `[low, high]`.
    ///
    /// - Precondition: `low <= high`.
    package init(_ low: Rational, _ high: Rational) {
        precondition(low <= high, "an interval needs low <= high")
        (self.low, self.high) = (low, high)
    }

    /// The single point `value`.
    package init(exactly value: Rational) {
        (low, high) = (value, value)
    }

    /// `high - low`.
    package var width: Rational { high - low }

    /// Whether `value` lies in the interval.
    package func contains(_ value: Rational) -> Bool { low <= value && value <= high }

    /// Whether every point of this interval is below every point of `other`
    /// (the comparison is decided).
    package func isBelow(_ other: RationalInterval) -> Bool { high < other.low }

    package static func + (a: RationalInterval, b: RationalInterval) -> RationalInterval {
        RationalInterval(a.low + b.low, a.high + b.high)
    }

    package static func - (a: RationalInterval, b: RationalInterval) -> RationalInterval {
        RationalInterval(a.low - b.high, a.high - b.low)
    }

    package static func * (a: RationalInterval, b: RationalInterval) -> RationalInterval {
        let products = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
        return RationalInterval(products.min() ?? .zero, products.max() ?? .zero)
    }

    /// `1 / a` for an interval of one strict sign.
    ///
    /// - Precondition: 0 is not in `a`.
    package var reciprocal: RationalInterval {
        precondition(low.signum * high.signum > 0, "the reciprocal needs an interval that excludes 0")
        return RationalInterval(.one / high, .one / low)
    }

    /// Both ends rounded outward to multiples of 2^-bits, which keeps the
    /// rationals of a long computation small.
    package func rounded(bits: Int) -> RationalInterval {
        RationalInterval(low.rounded(bits: bits, up: false), high.rounded(bits: bits, up: true))
    }

    package var description: String { "[\(low), \(high)]" }
}
