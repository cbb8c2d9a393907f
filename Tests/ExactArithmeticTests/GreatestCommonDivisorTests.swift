import Testing
import _TestSupport
@testable import ExactArithmetic

@Suite struct GreatestCommonDivisorTests {
    private func euclid(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    @Test("binary GCD and its fast paths agree with Euclid", arguments: [UInt64(81), 82])
    func agreesWithEuclid(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        func operand() -> UInt64 {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: return 1
            case 1: return 1 << UInt64.random(in: 0...63, using: &rng)  // dyadic denominators
            case 2: return UInt64.random(in: 0...1000, using: &rng) << UInt64.random(in: 0...20, using: &rng)
            default: return UInt64.random(in: 0...UInt64.max, using: &rng)
            }
        }
        for _ in 0..<20_000 {
            let (a, b) = (operand(), operand())
            #expect(greatestCommonDivisor(a, b) == euclid(a, b), "gcd(\(a), \(b))")
        }
    }
}
