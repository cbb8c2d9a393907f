import ExactArithmetic
import Testing
import _TestSupport

@Suite struct RationalLawTests {
    static let seeds: [UInt64] = [1, 2, 3, 0xFA7_CA5]

    @Test("field laws hold on random values", arguments: seeds)
    func fieldLaws(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<2000 {
            let a = rng.nextRational()
            let b = rng.nextRational()
            let c = rng.nextRational()
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect((a + b) + c == a + (b + c))
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a - a == .zero)
            #expect(a + .zero == a)
            #expect(a * .one == a)
            #expect(-(-a) == a)
            if !b.isZero {
                #expect((a / b) * b == a)
                #expect(b * b.reciprocal == .one)
            }
        }
    }

    @Test("order is total and compatible with addition", arguments: seeds)
    func orderLaws(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<2000 {
            let a = rng.nextRational()
            let b = rng.nextRational()
            let c = rng.nextRational()
            let relations = [a < b, a == b, b < a].filter { $0 }
            #expect(relations.count == 1)
            if a < b { #expect(a + c < b + c) }
            #expect((a - b).signum == Rational.compare(a, b))
            if c.signum > 0, a < b { #expect(a * c < b * c) }
        }
    }

    @Test("equal values hash equally whatever path made them", arguments: seeds)
    func hashing(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<1000 {
            let a = rng.nextRational()
            let b = rng.nextRational()
            let detour = (a + b) - b  // may pass through GMP and come back
            #expect(detour == a)
            #expect(detour.hashValue == a.hashValue)
            #expect(Set([a, detour]).count == 1)
        }
    }

    @Test("text round-trips exactly", arguments: seeds)
    func descriptionRoundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<1000 {
            let a = rng.nextRational()
            let parsed = try Rational(parsing: a.description)
            #expect(parsed == a)
        }
    }
}
