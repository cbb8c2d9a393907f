import ExactArithmetic
import Testing
import _TestSupport

@Suite struct RationalBoundaryTests {
    @Test func reducesAndNormalizesSign() {
        #expect(Rational(-2, -4).description == "1/2")
        #expect(Rational(3, -6).description == "-1/2")
        #expect(Rational(0, -5) == .zero)
        #expect(Rational(-3, 4).description == "-3/4")
        #expect(Rational(7).description == "7")
    }

    @Test func denominatorOfTheReducedFraction() {
        #expect(Rational(6, 4).denominator == Rational(2))
        #expect(Rational(-3, 7).denominator == Rational(7))
        #expect(Rational(5).denominator == .one)
        let huge = Rational(1 << 62) * Rational(1 << 62) * Rational(3)
        #expect((Rational(5) / huge).denominator == huge)
        #expect((huge / Rational(7)).denominator == Rational(7))
        #expect(((Rational(5) / huge) * huge).denominator == .one)
    }

    @Test func overflowPromotesToGMPAndBack() {
        let max = Rational(Int.max)
        let sum = max + max
        #expect(sum.description == "18446744073709551614")
        #expect(!sum.isInline)
        let back = sum - max
        #expect(back == max)
        #expect(back.isInline)
        let tiny = Rational(1, Int.max) * Rational(1, Int.max)
        // (2^63 - 1)^2 = 2^126 - 2^64 + 1
        #expect(tiny.description == "1/85070591730234615847396907784232501249")
        #expect((tiny * Rational(Int.max) * Rational(Int.max)) == .one)
        #expect(Rational(Int.min).description == "-9223372036854775808")
        #expect(Rational(Int.min) + 1 == Rational(Int.min + 1))
        #expect((Rational(Int.min) + 1).isInline)
        #expect(-Rational(Int.min) == Rational(Int.max) + 1)
    }

    @Test func comparisonAcrossRepresentations() {
        let big = Rational(Int.max) * 4
        #expect(Rational(Int.max) < big)
        #expect(-big < Rational(Int.min))
        #expect(Rational(Int.max - 1, Int.max) < Rational(Int.max, Int.max - 1))
        #expect(Rational(1, 3) < Rational(1, 2))
    }

    @Test func powersOfTwo() {
        #expect(Rational(3).timesPowerOfTwo(-2) == Rational(3, 4))
        #expect(Rational(1).timesPowerOfTwo(100).description == "1267650600228229401496703205376")
        #expect(Rational(1).timesPowerOfTwo(100).timesPowerOfTwo(-100) == .one)
    }

    @Test func floorAndDecimals() {
        #expect(Rational(7, 2).floor == 3)
        #expect(Rational(-7, 2).floor == -4)
        #expect(Rational(2, 3).decimalString(fractionDigits: 4) == "0.6667")
        #expect(Rational(-1, 8).decimalString(fractionDigits: 2) == "-0.13")
        #expect(Rational(5).decimalString(fractionDigits: 0) == "5")
        #expect(Rational(-1, 1000).decimalString(fractionDigits: 2) == "0.00")
        #expect(Rational(1, 3).timesPowerOfTwo(-90).decimalString(fractionDigits: 3) == "0.000")
        #expect((Rational(Int.max) * 10).decimalString(fractionDigits: 1) == "92233720368547758070.0")
    }

    @Test("division by zero traps")
    func divisionByZeroTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Rational(1) / Rational(0)
        }
    }
}
