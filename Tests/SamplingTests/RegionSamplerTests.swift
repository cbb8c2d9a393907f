import Testing

import Sampling

/// The sampler behind an unknown verdict's coverage figure: its chain must
/// stay in the region and spread over it as the conditioned distribution
/// does (the expected shares below are exact; the chain is seeded).
@Suite struct RegionSamplerTests {
    @Test("Gaussian samples of the cone x0 > x1 > x2 stay in it and spread over it", arguments: [true, false])
    func orderedCone(withHalfSpaces: Bool) {
        // x1 - x0 <= 0 and x2 - x1 <= 0, given as half-spaces or left to the membership test.
        let halfSpaces: [RegionSampler.HalfSpace] = withHalfSpaces
            ? [.init(coefficients: [-1, 1, 0], bound: 0), .init(coefficients: [0, -1, 1], bound: 0)] : []
        let sampler = RegionSampler(dimension: 3, halfSpaces: halfSpaces, density: .gaussian)
        let points = sampler.chain(from: [1, 0, -1], count: 2_000) { x in x[0] > x[1] && x[1] > x[2] }
        #expect(points.count == 2_000)
        #expect(points.allSatisfy { $0[0] > $0[1] && $0[1] > $0[2] })
        // By symmetry the middle one is positive half the time.
        let middlePositive = Double(points.count { $0[1] > 0 }) / Double(points.count)
        #expect(abs(middlePositive - 0.5) < 0.1)
        // The largest of three standard Gaussians has mean 3 / (2 √π) ≈ 0.846.
        let meanLargest = points.reduce(0) { $0 + $1[0] } / Double(points.count)
        #expect(abs(meanLargest - 0.846) < 0.15)
    }

    @Test("uniform samples in a box follow a membership test")
    func quarterDisk() {
        let sampler = RegionSampler(dimension: 2, halfSpaces: [], density: .uniform(low: 0, high: 1))
        let points = sampler.chain(from: [0.5, 0.5], count: 2_000) { x in x[0] * x[0] + x[1] * x[1] <= 1 }
        #expect(points.allSatisfy { x in x.allSatisfy { (0...1).contains($0) } && x[0] * x[0] + x[1] * x[1] <= 1 })
        // The quarter disk's share with x0 <= 1/2: (√3/8 + π/12) / (π/4) ≈ 0.609.
        let share = Double(points.count { $0[0] <= 0.5 }) / Double(points.count)
        #expect(abs(share - 0.609) < 0.07)
    }
}
