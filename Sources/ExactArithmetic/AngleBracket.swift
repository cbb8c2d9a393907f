/// Certified brackets of angles: rational bounds `low <= value <= high`
/// for arctangents, π and the angle of a plane vector, from Taylor series
/// with every term rounded outward to `bits` binary digits and the tail
/// bounded. They are what measures of plane regions are made of: angles
/// are not rational, so they are enclosed, never approximated.
package enum AngleBracket {
    /// Bounds of atan(t) for 0 <= t <= 1/2: the alternating series
    /// Σ (-1)^k t^(2k+1) / (2k+1), each term rounded outward, and the
    /// first term left out added to the width (the series' terms decrease).
    static func arctanSmall(_ t: Rational, bits: Int) -> (low: Rational, high: Rational) {
        precondition(t.signum >= 0 && t <= Rational(1, 2), "the series is used for 0 <= t <= 1/2")
        var (low, high) = (Rational.zero, Rational.zero)
        // Enclosures of t^(2k+1).
        var (powerLow, powerHigh) = (t.rounded(bits: bits, up: false), t.rounded(bits: bits, up: true))
        let square = t * t
        let (squareLow, squareHigh) = (square.rounded(bits: bits, up: false), square.rounded(bits: bits, up: true))
        var k = 0
        // t <= 1/2, so the term of index k is at most 2^-(2k+1).
        while 2 * k + 1 <= bits + 2 {
            let divisor = Rational(2 * k + 1)
            let (termLow, termHigh) = ((powerLow / divisor).rounded(bits: bits, up: false), (powerHigh / divisor).rounded(bits: bits, up: true))
            if k % 2 == 0 {
                low += termLow
                high += termHigh
            } else {
                low -= termHigh
                high -= termLow
            }
            powerLow = (powerLow * squareLow).rounded(bits: bits, up: false)
            powerHigh = (powerHigh * squareHigh).rounded(bits: bits, up: true)
            k += 1
        }
        // The tail is at most the next term's size.
        let tail = powerHigh / Rational(2 * k + 1)
        return (low - tail, high + tail)
    }

    /// Bounds of π (Machin: π = 16 atan(1/5) - 4 atan(1/239)).
    package static func pi(bits: Int) -> (low: Rational, high: Rational) {
        let a = arctanSmall(Rational(1, 5), bits: bits)
        let b = arctanSmall(Rational(1, 239), bits: bits)
        return (16 * a.low - 4 * b.high, 16 * a.high - 4 * b.low)
    }

    /// Bounds of atan(t) for 0 <= t <= 1: directly for t <= 1/2, else as
    /// π/4 - atan((1 - t) / (1 + t)), whose argument is at most 1/3.
    static func arctan(_ t: Rational, bits: Int, pi: (low: Rational, high: Rational)) -> (low: Rational, high: Rational) {
        if t <= Rational(1, 2) { return arctanSmall(t, bits: bits) }
        let reduced = arctanSmall((.one - t) / (.one + t), bits: bits)
        let quarter = Rational(1, 4)
        return (quarter * pi.low - reduced.high, quarter * pi.high - reduced.low)
    }

    /// Bounds of the angle of the nonzero vector (x, y), in [0, 2π).
    package static func angle(x: Rational, y: Rational, bits: Int, pi: (low: Rational, high: Rational)) -> (low: Rational, high: Rational) {
        precondition(!(x.isZero && y.isZero), "the zero vector has no angle")
        let (ax, ay) = (x.magnitude, y.magnitude)
        // The angle in the first quadrant of (|x|, |y|), in [0, π/2].
        let base: (low: Rational, high: Rational)
        if ay <= ax {
            base = arctan(ay / ax, bits: bits, pi: pi)
        } else {
            let complement = arctan(ax / ay, bits: bits, pi: pi)
            base = (pi.low / 2 - complement.high, pi.high / 2 - complement.low)
        }
        switch (x.signum >= 0, y.signum >= 0) {
        case (true, true): return base
        case (false, true): return (pi.low - base.high, pi.high - base.low)
        case (false, false): return (pi.low + base.low, pi.high + base.high)
        case (true, false):
            if base.high.isZero { return (.zero, .zero) }
            return (2 * pi.low - base.high, 2 * pi.high - base.low)
        }
    }
}
