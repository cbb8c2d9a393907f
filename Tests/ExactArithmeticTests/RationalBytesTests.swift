import ExactArithmetic
import Testing
import _TestSupport

/// Big-endian parts are an exact serialization of any rational.
@Suite struct RationalBytesTests {
    @Test("parts round-trip, inline and GMP values alike", arguments: [UInt64(7), 8])
    func partsRoundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var big = 0
        for _ in 0..<3000 {
            // Products reach hundreds of bits, as Farkas multipliers do.
            var r = rng.nextRational()
            for _ in 0..<Int.random(in: 0...6, using: &rng) { r = r * rng.nextRational() }
            let parts = r.bigEndianParts
            if parts.numerator.count > 8 || parts.denominator.count > 8 { big += 1 }
            #expect(parts.numerator.first != 0 && parts.denominator.first != 0, "leading zero in \(parts) of \(r)")
            #expect(parts.isNegative == (r.signum < 0))
            let back = try #require(Rational(isNegative: parts.isNegative, numerator: parts.numerator, denominator: parts.denominator))
            #expect(back == r)
        }
        #expect(big > 500)
    }

    @Test func simpleNumbers() {
        #expect(Rational.zero.bigEndianParts.numerator.isEmpty)
        #expect(Rational(-3, 4).bigEndianParts.numerator == [3])
        #expect(Rational(-3, 4).bigEndianParts.denominator == [4])
        #expect(Rational(256).bigEndianParts.numerator == [1, 0])
        #expect(Rational(isNegative: false, numerator: [1], denominator: []) == nil)
        #expect(Rational(isNegative: false, numerator: [1], denominator: [0, 0]) == nil)
        // Not coprime, and with leading zeros: reduced all the same.
        #expect(Rational(isNegative: true, numerator: [0, 6], denominator: [4]) == Rational(-3, 2))
        let long = [UInt8](repeating: 0, count: 12) + [10]
        #expect(Rational(isNegative: false, numerator: long, denominator: [0, 0, 0, 0, 0, 0, 0, 0, 0, 4]) == Rational(5, 2))
        #expect(Rational(isNegative: true, numerator: [], denominator: [9]) == .zero)
    }
}
