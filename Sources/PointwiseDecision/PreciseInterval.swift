package import CertifiedEnclosures
package import ExactArithmetic

/// A rational interval whose ends are rounded outward to multiples of
/// 2^-bits after each product: the precisions (64 to 1,024 bits) at which
/// a statement the doubles leave open is evaluated again.
package struct PreciseInterval: CertifiedScalar {
    package let interval: RationalInterval
    package let bits: Int

    package init(_ interval: RationalInterval, bits: Int) {
        self.interval = interval
        self.bits = bits
    }

    package init(_ value: Rational, like context: PreciseInterval) {
        self.init(RationalInterval(exactly: value), bits: context.bits)
    }

    package var upperEnd: PreciseInterval { PreciseInterval(RationalInterval(exactly: interval.high), bits: bits) }

    package static func + (a: PreciseInterval, b: PreciseInterval) -> PreciseInterval {
        PreciseInterval(a.interval + b.interval, bits: max(a.bits, b.bits))
    }

    package static func - (a: PreciseInterval, b: PreciseInterval) -> PreciseInterval {
        PreciseInterval(a.interval - b.interval, bits: max(a.bits, b.bits))
    }

    package static func * (a: PreciseInterval, b: PreciseInterval) -> PreciseInterval {
        let bits = max(a.bits, b.bits)
        return PreciseInterval((a.interval * b.interval).rounded(bits: bits + 8), bits: bits)
    }

    package func divided(by b: PreciseInterval) -> PreciseInterval? {
        guard b.interval.low.signum * b.interval.high.signum > 0 else { return nil }
        return PreciseInterval((interval * b.interval.reciprocal).rounded(bits: bits + 8), bits: max(bits, b.bits))
    }

    package var exponential: PreciseInterval {
        PreciseInterval(CertifiedFunctions.exp(interval, bits: bits + 8), bits: bits)
    }

    package var relu: PreciseInterval {
        PreciseInterval(RationalInterval(Rational.maximum(interval.low, .zero), Rational.maximum(interval.high, .zero)), bits: bits)
    }

    package func maximum(_ other: PreciseInterval) -> PreciseInterval {
        PreciseInterval(RationalInterval(Rational.maximum(interval.low, other.interval.low), Rational.maximum(interval.high, other.interval.high)), bits: bits)
    }

    package func minimum(_ other: PreciseInterval) -> PreciseInterval {
        PreciseInterval(RationalInterval(Rational.minimum(interval.low, other.interval.low), Rational.minimum(interval.high, other.interval.high)), bits: bits)
    }

    package func hull(_ other: PreciseInterval) -> PreciseInterval {
        PreciseInterval(RationalInterval(Rational.minimum(interval.low, other.interval.low), Rational.maximum(interval.high, other.interval.high)), bits: bits)
    }

    package var sign: Int? {
        if interval.low.signum > 0 { return 1 }
        if interval.high.signum < 0 { return -1 }
        if interval.low.isZero, interval.high.isZero { return 0 }
        return nil
    }

    package var exactValue: Rational? { interval.low == interval.high ? interval.low : nil }
    package var bounds: (low: Rational, high: Rational) { (interval.low, interval.high) }
}
