#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import ExactArithmetic

/// A seeded, reproducible generator (Steele, Lea and Flood's SplitMix64):
/// the same seed gives the same samples on every machine, so sampled
/// figures and chosen points repeat from run to run. For heuristics and
/// estimates, never for verdicts.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that yields the same sequence for the same seed.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in `0..<n`.
    package mutating func next(below n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A standard Gaussian sample rounded to a multiple of 2^-12 (exact).
    package mutating func nextGaussianDyadic() -> Rational {
        Rational(Int((nextGaussian() * 4096).rounded()), 4096)
    }

    /// A uniform sample in [0, 1).
    package mutating func nextUnit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// A uniform sample in (0, 1], whose logarithm is finite.
    package mutating func nextPositiveUnit() -> Double { nextUnit() + 1 / 9_007_199_254_740_992 }

    /// A standard Gaussian sample (Box and Muller).
    package mutating func nextGaussian() -> Double {
        let u1 = nextPositiveUnit()
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
