import ExactArithmetic
import Testing
import _TestSupport

@Suite struct RationalFloatTests {
    @Test func exactDyadicValues() throws {
        #expect(try Rational(exactly: 0.5) == Rational(1, 2))
        #expect(try Rational(exactly: -0.0) == .zero)
        #expect(try Rational(exactly: 0.1).description == "3602879701896397/36028797018963968")
        #expect(try Rational(exactly: Float(0.1)).description == "13421773/134217728")
        #expect(try Rational(exactly: Double.leastNonzeroMagnitude) == Rational(1).timesPowerOfTwo(-1074))
        #expect(try Rational(exactly: Double.greatestFiniteMagnitude).description.count == 309)
        // The fixture weight rnn.weight_ih_l0[0] = -0x1.5af244p-8 (bytes 2279adbb).
        let weight = Float(bitPattern: 0xBBAD_7922)
        #expect(try Rational(exactly: weight) == Rational(-0x15AF244, 1).timesPowerOfTwo(-32))
    }

    @Test func rejectsNonFinite() {
        #expect(throws: FloatConversionError.notANumber) { try Rational(exactly: Double.nan) }
        #expect(throws: FloatConversionError.infinite(negative: true)) { try Rational(exactly: -Double.infinity) }
        #expect(throws: FloatConversionError.infinite(negative: false)) { try Rational(exactly: Float.infinity) }
    }

    @Test("float -> rational -> float round-trips bit for bit", arguments: [UInt64(7), 8, 9])
    func roundTrips(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<5000 {
            let f = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
            guard f.isFinite else { continue }
            let r = try Rational(exactly: f)
            #expect(r.nearestFloat.bitPattern == (f == 0 ? Float(0).bitPattern : f.bitPattern))
        }
    }

    @Test("arithmetic agrees with Double where Double is exact", arguments: [UInt64(11), 12])
    func agreesWithDouble(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<5000 {
            // Integers below 2^20 scaled by small powers of two: sums and
            // products stay within Double's 53-bit significand.
            let a = Double(Int.random(in: -(1 << 20)...(1 << 20), using: &rng)) / Double(1 << Int.random(in: 0...10, using: &rng))
            let b = Double(Int.random(in: -(1 << 20)...(1 << 20), using: &rng)) / Double(1 << Int.random(in: 0...10, using: &rng))
            let ra = try Rational(exactly: a)
            let rb = try Rational(exactly: b)
            #expect(try Rational(exactly: a + b) == ra + rb)
            #expect(try Rational(exactly: a - b) == ra - rb)
            #expect(try Rational(exactly: a * b) == ra * rb)
            #expect((a < b) == (ra < rb))
        }
    }

    @Test func nearestFloatRoundsToNearestEven() throws {
        #expect(Rational(1, 10).nearestFloat == Float(0.1))
        #expect(Rational(-2, 3).nearestFloat == Float(-2.0 / 3.0))
        // 1 + 2^-24 is exactly halfway between 1 and 1 + 2^-23: ties to even gives 1.
        #expect((Rational.one + Rational.one.timesPowerOfTwo(-24)).nearestFloat == 1)
        // 1 + 3 * 2^-24 is halfway between 1 + 2^-23 and 1 + 2^-22: even is 1 + 2^-22.
        #expect((Rational.one + Rational(3).timesPowerOfTwo(-24)).nearestFloat == 1 + Float.ulpOfOne * 2)
        #expect((Rational(Int.max) * Rational(Int.max) * Rational(Int.max) * Rational(Int.max) * Rational(Int.max)).nearestFloat == .infinity)
        #expect(Rational(1).timesPowerOfTwo(-200).nearestFloat == 0)
    }
}
