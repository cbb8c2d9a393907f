#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import ExactArithmetic

/// Double intervals with every bound rounded outward: the first, fast
/// precision at which statements are decided.
extension Enclosure: CertifiedScalar {
    package init(_ value: Rational, like context: Enclosure) {
        self.init(value)
    }

    package static func - (a: Enclosure, b: Enclosure) -> Enclosure {
        Enclosure((a.lower - b.upper).nextDown, (a.upper - b.lower).nextUp)
    }

    package func divided(by b: Enclosure) -> Enclosure? {
        guard b.lower > 0 || b.upper < 0 else { return nil }
        let quotients = [lower / b.lower, lower / b.upper, upper / b.lower, upper / b.upper]
        guard let low = quotients.min(), let high = quotients.max() else { return nil }
        return Enclosure(low.nextDown, high.nextUp)
    }

    package var exponential: Enclosure {
        Enclosure(Self.exponentialBounds(lower).low, Self.exponentialBounds(upper).high)
    }

    package func maximum(_ other: Enclosure) -> Enclosure { Enclosure(Swift.max(lower, other.lower), Swift.max(upper, other.upper)) }
    package func minimum(_ other: Enclosure) -> Enclosure { Enclosure(Swift.min(lower, other.lower), Swift.min(upper, other.upper)) }
    package func hull(_ other: Enclosure) -> Enclosure { Enclosure(Swift.min(lower, other.lower), Swift.max(upper, other.upper)) }

    package var exactValue: Rational? {
        lower == upper ? try? Rational(exactly: lower) : nil
    }

    package var bounds: (low: Rational, high: Rational) {
        let low = (try? Rational(exactly: lower)) ?? Rational(-1_000_000_000_000)
        let high = (try? Rational(exactly: upper)) ?? Rational(1_000_000_000_000)
        return (low, high)
    }

    /// ln 2's enclosure: the double below it and the next.
    private static let ln2 = Enclosure(0.6931471805599453, 0.6931471805599453.nextUp)

    /// Bounds of e^x for a double x, without trusting libm: x = k ln2 + r
    /// with |r| <= 0.35 (in interval arithmetic), e^r by its Taylor
    /// polynomial of degree 16 evaluated in intervals plus a bound on the
    /// remainder (|r|^17 / 17! * e^|r|), and the exact scaling by 2^k.
    static func exponentialBounds(_ x: Double) -> (low: Double, high: Double) {
        if x.isNaN { return (0, .infinity) }
        if x < -740 { return (0, Double.leastNonzeroMagnitude) }
        if x > 709 { return (Double.greatestFiniteMagnitude, .infinity) }
        let k = (x / 0.6931471805599453).rounded()
        let r = Enclosure(exactly: x) - Enclosure(exactly: k) * ln2
        var sum = Enclosure(exactly: 1)
        var term = Enclosure(exactly: 1)
        for n in 1...16 {
            term = term * r
            term = Enclosure((term.lower / Double(n)).nextDown, (term.upper / Double(n)).nextUp)
            sum = sum + term
        }
        let size = Swift.max(abs(r.lower), abs(r.upper))
        var remainder = 2.0
        for n in 1...17 { remainder = (remainder * size / Double(n)).nextUp }
        sum = Enclosure((sum.lower - remainder).nextDown, (sum.upper + remainder).nextUp)
        let scale = Int(k)
        // Scaling by 2^k is exact unless the result is subnormal.
        let low = scalbn(sum.lower, scale)
        return (low < 1e-300 ? 0 : low, scalbn(sum.upper, scale).nextUp)
    }
}
