import CertifiedEnclosures
import ExactArithmetic
import Foundation
import Testing

/// Enclosures against the C library (each bracket contains the double
/// result within its rounding), against identities (e^a e^-a = 1,
/// sqrt(q)^2 = q, softmax sums to 1), and narrowing as bits grow.
@Suite struct CertifiedFunctionsTests {
    static let arguments: [Rational] = [0, 1, -1, Rational(1, 3), Rational(-7, 2), 10, Rational(-123, 10), Rational(1, 1000)]

    /// Whether the bracket contains the double within 4 ulps either way,
    /// plus `inputError` (relative), for a function of a rounded input.
    static func contains(_ i: RationalInterval, _ value: Double, inputError: Double = 0) -> Bool {
        let slack = 4 * value.ulp + abs(value) * inputError
        guard let low = try? Rational(exactly: value - slack), let high = try? Rational(exactly: value + slack) else { return false }
        return i.low <= high && low <= i.high
    }

    @Test("exp brackets contain the C library's value, and e^a · e^-a contains 1", arguments: arguments)
    func expMatchesAndInverts(x: Rational) {
        let e = CertifiedFunctions.exp(x, bits: 80)
        // The double input is off by up to |x| 2^-53, which moves e^x by that relative amount.
        let inputError = abs(x.doubleApproximation) * 0x1p-52
        #expect(Self.contains(e, Foundation.exp(x.doubleApproximation), inputError: inputError), "\(e) against \(Foundation.exp(x.doubleApproximation))")
        let product = e * CertifiedFunctions.exp(-x, bits: 80)
        #expect(product.contains(.one))
        #expect(e.width <= Rational.maximum(.one, e.high) * Rational.one.timesPowerOfTwo(-70))
    }

    @Test("sqrt brackets contain the C library's value, and their squares contain q", arguments: [Rational(2), Rational(6), Rational(1, 3), Rational(10_000), Rational(0)])
    func sqrtMatchesAndSquares(q: Rational) {
        let r = CertifiedFunctions.sqrt(q, bits: 100)
        #expect(Self.contains(r, q.doubleApproximation.squareRoot()))
        #expect(RationalInterval(r.low * r.low, r.high * r.high).contains(q))
        #expect(r.width <= Rational.maximum(.one, r.high) * Rational.one.timesPowerOfTwo(-99))
    }

    @Test("brackets narrow as bits grow, down to 1,024 bits")
    func narrowsWithBits() {
        var previous: RationalInterval?
        for bits in [32, 128, 512, 1024] {
            let e = CertifiedFunctions.exp(Rational(3, 7), bits: bits)
            let s = CertifiedFunctions.sqrt(Rational(6), bits: bits)
            #expect(e.width <= Rational.one.timesPowerOfTwo(-bits + 2))
            #expect(s.width <= 4 * Rational.one.timesPowerOfTwo(-bits))
            if let previous { #expect(previous.low <= e.low && e.high <= previous.high || e.width < previous.width) }
            previous = e
        }
    }

    @Test("softmax of exact and interval scores: each probability bracketed, the brackets' sum contains 1")
    func softmaxSumsToOne() {
        let scores = [Rational(1, 2), Rational(-3), Rational(2), Rational(0)].map { RationalInterval(exactly: $0) }
        let p = CertifiedFunctions.softmax(scores, bits: 64)
        let total = p.reduce(RationalInterval(exactly: .zero), +)
        #expect(total.contains(.one))
        let floats = [0.5, -3.0, 2.0, 0.0].map { Foundation.exp($0) }
        for (i, f) in floats.enumerated() { #expect(Self.contains(p[i], f / floats.reduce(0, +))) }
        // Wider scores give wider, still containing, brackets.
        let wide = CertifiedFunctions.softmax(scores.map { RationalInterval($0.low - Rational(1, 100), $0.high + Rational(1, 100)) }, bits: 64)
        for i in p.indices { #expect(wide[i].low <= p[i].low && p[i].high <= wide[i].high) }
    }
}
