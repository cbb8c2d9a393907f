package import ExactArithmetic

/// Certified enclosures of exp, sqrt and softmax at rationals or
/// intervals, to about `bits` binary digits: every step rounds outward and
/// every truncated series carries a rational bound on its remainder, so the
/// true value always lies inside. Doubles only seed Newton's method, whose
/// bounds are then proved.
package enum CertifiedFunctions {
    /// Bounds of e^x. The argument is halved m times until |y| <= 1/2, the
    /// Taylor series of e^y is summed until its terms fall below 2^-(bits +
    /// m + 8), its remainder bounded by twice the next term (the tail of a
    /// series with ratio at most 1/2), and the result squared m times.
    package static func exp(_ x: Rational, bits: Int) -> RationalInterval {
        var m = 0
        var y = x
        while y.magnitude > Rational(1, 2) {
            y = y.timesPowerOfTwo(-1)
            m += 1
        }
        let work = bits + m + 8
        var sum = RationalInterval(exactly: .one)
        var term = RationalInterval(exactly: .one)
        var k = 1
        let threshold = Rational.one.timesPowerOfTwo(-work)
        while true {
            term = (term * RationalInterval(exactly: y / Rational(k))).rounded(bits: work)
            sum = sum + term
            k += 1
            let size = Rational.maximum(term.low.magnitude, term.high.magnitude)
            if size <= threshold {
                // |y| <= 1/2 and k >= 2: the remaining terms sum to at most twice the next.
                let tail = 2 * size * y.magnitude / Rational(k)
                sum = RationalInterval(sum.low - tail, sum.high + tail)
                break
            }
        }
        var result = sum.rounded(bits: work)
        for _ in 0..<m {
            // Both ends are positive: squaring is monotone.
            result = RationalInterval(result.low * result.low, result.high * result.high).rounded(bits: work)
        }
        return result.rounded(bits: max(bits, 1) + 2)
    }

    /// Bounds of e^x for every x in an interval (e^x is increasing).
    package static func exp(_ x: RationalInterval, bits: Int) -> RationalInterval {
        RationalInterval(exp(x.low, bits: bits).low, exp(x.high, bits: bits).high)
    }

    /// Bounds of sqrt(q) for q >= 0 (``Rational/squareRootBracket(bits:)``).
    package static func sqrt(_ q: Rational, bits: Int) -> RationalInterval {
        let (low, high) = q.squareRootBracket(bits: bits)
        return RationalInterval(low, high)
    }

    /// Bounds of each softmax(s)_i = 1 / Σ_j e^(s_j - s_i) when each score
    /// lies in its interval: p_i grows with s_i and falls with the others,
    /// so the extreme differences give its extreme values.
    package static func softmax(_ scores: [RationalInterval], bits: Int) -> [RationalInterval] {
        scores.indices.map { i in
            var (largest, smallest) = (Rational.one, Rational.one)
            for j in scores.indices where j != i {
                largest += exp(scores[j].high - scores[i].low, bits: bits + 4).high
                smallest += exp(scores[j].low - scores[i].high, bits: bits + 4).low
            }
            return RationalInterval(.one / largest, .one / smallest)
        }
    }
}
