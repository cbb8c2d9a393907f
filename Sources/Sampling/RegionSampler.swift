#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inputs drawn from a region of input space: standard Gaussian inputs
/// (or uniform ones in a box) conditioned on lying in the region, which
/// is half-spaces over the inputs and a membership test for the rest.
///
/// A Markov chain of hit-and-run steps: from the current point, a random
/// direction, and along that line one slice-sampling step (Neal 2003): a
/// level under the density at the point, the interval where the density
/// is above it and every half-space holds, then points drawn uniformly in
/// that interval, shrinking it towards the current point after each one
/// the membership test rejects. Each step leaves the conditioned
/// distribution unchanged, so after a burn-in the chain's points are
/// (correlated) draws from it. Floating point throughout: the samples
/// estimate shares of the region, they decide nothing.
package struct RegionSampler: Sendable {
    /// `coefficients · x <= bound`.
    package struct HalfSpace: Sendable {
        package var coefficients: [Double]
        package var bound: Double

        /// `coefficients · x <= bound`.
        package init(coefficients: [Double], bound: Double) {
            self.coefficients = coefficients
            self.bound = bound
        }
    }

    /// The distribution the region conditions.
    package enum Density: Sendable {
        /// Independent standard Gaussian coordinates (AlgZoo's inputs).
        case gaussian
        /// Uniform in the box `[low, high]^n`.
        case uniform(low: Double, high: Double)
    }

    package let dimension: Int
    package let halfSpaces: [HalfSpace]
    package let density: Density

    /// A sampler of the region `halfSpaces` (and a membership test given to
    /// ``chain(from:count:burnIn:thinning:seed:deadline:isMember:)``) in `dimension` inputs.
    package init(dimension: Int, halfSpaces: [HalfSpace], density: Density) {
        self.dimension = dimension
        self.halfSpaces = halfSpaces
        self.density = density
    }

    /// `count` points of the chain from `start` (a point of the region),
    /// every `thinning`-th step after `burnIn` steps; fewer if `deadline`
    /// passes first.
    package func chain(
        from start: [Double], count: Int, burnIn: Int = 100, thinning: Int = 5, seed: UInt64 = 0x5A3B1E,
        deadline: ContinuousClock.Instant? = nil, isMember: ([Double]) -> Bool
    ) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        var x = start
        var points: [[Double]] = []
        points.reserveCapacity(count)
        for _ in 0..<burnIn { step(&x, &rng, isMember) }
        while points.count < count {
            if let deadline, ContinuousClock.now > deadline { break }
            for _ in 0..<thinning { step(&x, &rng, isMember) }
            points.append(x)
        }
        return points
    }

    /// One hit-and-run step with slice sampling along the line.
    private func step(_ x: inout [Double], _ rng: inout SeededGenerator, _ isMember: ([Double]) -> Bool) {
        var d = (0..<dimension).map { _ in rng.nextGaussian() }
        let norm = Self.dot(d, d).squareRoot()
        guard norm > 0 else { return }
        for i in d.indices { d[i] /= norm }
        var low = -Double.infinity
        var high = Double.infinity
        switch density {
        case .gaussian:
            // The slice under the density at x: |x + t d|^2 < |x|^2 + 2e
            // for an exponential e, an interval around 0.
            let b = Self.dot(x, d)
            let e = -log(rng.nextPositiveUnit())
            let half = (b * b + 2 * e).squareRoot()
            (low, high) = (-b - half, -b + half)
        case .uniform(let lower, let upper):
            for i in 0..<dimension where d[i] != 0 {
                let (a, c) = ((lower - x[i]) / d[i], (upper - x[i]) / d[i])
                low = max(low, min(a, c))
                high = min(high, max(a, c))
            }
        }
        for h in halfSpaces {
            let slope = Self.dot(h.coefficients, d)
            let slack = max(0, h.bound - Self.dot(h.coefficients, x))
            if slope > 1e-300 {
                high = min(high, slack / slope)
            } else if slope < -1e-300 {
                low = max(low, slack / slope)
            }
        }
        low = min(low, 0)
        high = max(high, 0)
        guard low.isFinite, high.isFinite, high - low > 1e-12 else { return }
        for _ in 0..<64 {
            let t = low + rng.nextUnit() * (high - low)
            let y = zip(x, d).map { $0 + t * $1 }
            if isMember(y) {
                x = y
                return
            }
            if t < 0 { low = t } else { high = t }
        }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
