import Claims
import Encoding
import ExactArithmetic
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PiecewiseLinear

/// Cheap refutation first: the query evaluated exactly at seeded points
/// (the origin, signed unit vectors, and Gaussian dyadic points, a quarter
/// of them with a tie). A point found this way is as valid as any other.
enum SamplePoints {
    /// A solution among the sample points, if there is one. `mayHold`
    /// screens points cheaply: a point it rules out is not evaluated exactly.
    static func solution(of query: Query, needed: [Bool], mayHold: ([Double]) -> Bool) -> [Rational]? {
        let width = query.inputs.count
        var rng = SampleGenerator(seed: 0x5EED)
        var candidates: [[Rational]] = [Array(repeating: .zero, count: width)]
        for i in 0..<width {
            for sign in [Rational.one, -1] {
                var e = Array(repeating: Rational.zero, count: width)
                e[i] = sign
                candidates.append(e)
            }
        }
        for round in 0..<256 {
            var x = (0..<width).map { _ in rng.nextGaussianDyadic() }
            if round % 4 == 3, width > 1 {
                let (i, j) = (rng.next(below: width), rng.next(below: width))
                x[i] = x[j]
            }
            candidates.append(x)
        }
        for var x in candidates {
            if case .box(let low, let high) = query.domain {
                x = x.map { Rational.minimum(high, Rational.maximum(low, $0)) }
            }
            guard mayHold(x.map(\.doubleApproximation)) else { continue }
            if query.formula.holds(query.program.evaluate(at: x, only: needed)) { return x }
        }
        return nil
    }
}

/// A seeded generator for sample points (SplitMix64).
struct SampleGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A standard Gaussian sample rounded to a multiple of 2^-12 (exact).
    mutating func nextGaussianDyadic() -> Rational {
        Rational(Int((nextGaussian() * 4096).rounded()), 4096)
    }

    /// A uniform sample in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// A uniform sample in (0, 1], whose logarithm is finite.
    mutating func nextPositiveUnit() -> Double { nextUnit() + 1 / 9_007_199_254_740_992 }

    /// A standard Gaussian sample (Box and Muller).
    mutating func nextGaussian() -> Double {
        let u1 = nextPositiveUnit()
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
