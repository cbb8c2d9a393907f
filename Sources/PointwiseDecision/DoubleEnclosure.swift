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

    package var upperEnd: Enclosure { Enclosure(exactly: upper) }

    package var bounds: (low: Rational, high: Rational) {
        let low = (try? Rational(exactly: lower)) ?? Rational(-1_000_000_000_000)
        let high = (try? Rational(exactly: upper)) ?? Rational(1_000_000_000_000)
        return (low, high)
    }

    /// ln 2's enclosure: the double below it and the next.
    private static let ln2 = Enclosure(0.6931471805599453, 0.6931471805599453.nextUp)

    /// 1/n! rounded to doubles, n = 0...13.
    private static let taylorCoefficients: [Double] = (0...13).map { n in (1...max(n, 1)).reduce(1.0) { $0 / Double($1) } }

    /// Bounds of e^x for a double x, without trusting libm: x = k ln2 + r
    /// with r enclosed (|r| <= 0.36), e^r by its Taylor polynomial of
    /// degree 13 in Horner's form at each end of r's enclosure (e^r is
    /// increasing), widened by a rigorous bound on everything the doubles
    /// lose, then scaled exactly by 2^k.
    ///
    /// The bound: Horner's rounding error is at most γ_26 Σ|a_i||r|^i <=
    /// 26 * 2^-53 * e^0.36 < 4.2e-15; the coefficients' own rounding adds
    /// 2^-53 e^0.36 < 1.6e-16; the truncated tail is below 0.36^14/14! *
    /// e^0.36 < 1e-17. 8e-15 covers them and the final subtraction.
    static func exponentialBounds(_ x: Double) -> (low: Double, high: Double) {
        if x.isNaN { return (0, .infinity) }
        if x < -740 { return (0, Double.leastNonzeroMagnitude) }
        if x > 709 { return (Double.greatestFiniteMagnitude, .infinity) }
        let k = (x / 0.6931471805599453).rounded()
        let r = Enclosure(exactly: x) - Enclosure(exactly: k) * ln2
        guard r.lower >= -0.36, r.upper <= 0.36 else { return (0, .infinity) }
        func horner(_ t: Double) -> Double {
            var sum = taylorCoefficients[13]
            for n in stride(from: 12, through: 0, by: -1) { sum = sum * t + taylorCoefficients[n] }
            return sum
        }
        let error = 8e-15
        let scale = Int(k)
        // Scaling by 2^k is exact unless the result is subnormal.
        let low = scalbn((horner(r.lower) - error).nextDown, scale)
        return (low < 1e-300 ? 0 : low, scalbn((horner(r.upper) + error).nextUp, scale).nextUp)
    }
}
