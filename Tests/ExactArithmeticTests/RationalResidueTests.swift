import ExactArithmetic
import Testing
import _TestSupport

/// Residues modulo a prime keep sums and products, which is what makes a
/// nonzero residue a proof that an exact sum is not zero.
@Suite struct RationalResidueTests {
    static let p = Rational.residuePrime

    @Test("residues of sums and products are sums and products of residues", arguments: [UInt64(5), 6])
    func residuesAreAHomomorphism(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var compared = 0
        for _ in 0..<3000 {
            let a = rng.nextRational()
            let b = rng.nextRational()
            guard let ra = a.residue, let rb = b.residue, let sum = (a + b).residue, let product = (a * b).residue else { continue }
            compared += 1
            #expect(sum == (ra + rb) % Self.p)
            #expect(product == ra * rb % Self.p)
            if let difference = (a - b).residue {
                #expect(difference == (ra + Self.p - rb) % Self.p)
            }
        }
        #expect(compared > 1000)
    }

    @Test func residuesOfSimpleNumbers() {
        #expect(Rational.zero.residue == 0)
        #expect(Rational(-1).residue == Self.p - 1)
        // 1/2 is the inverse of 2.
        #expect(Rational(1, 2).residue.map { $0 * 2 % Self.p } == 1)
        // A denominator that is a multiple of the prime has no inverse.
        #expect(Rational(1, Int(Self.p)).residue == nil)
        // Numbers too large to be held inline are left to exact arithmetic.
        #expect((Rational(1 << 62) * Rational(1 << 62)).residue == nil)
    }
}
