import Foundation
@testable import Measures
import Sampling
import Testing
import _TestSupport

/// Gaussian measures of simplicial cones in R^4 and R^5: Plackett's orthant
/// integral against closed forms, against the cubature (an independent
/// method), and against seeded sampling within 5 standard errors.
@Suite struct ConeMeasureTests {
    static func unit(_ i: Int, _ n: Int) -> [Double] { (0..<n).map { $0 == i ? 1 : 0 } }

    static func equicorrelated(_ rho: Double, _ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1 : rho } }
    }

    @Test("orthant probabilities: 1/2^n for independent coordinates, 1/(n+1) at correlation 1/2", arguments: [4, 5])
    func orthantClosedForms(n: Int) throws {
        let independent = try #require(GaussianOrthant.probability(correlation: Self.equicorrelated(0, n)))
        #expect(abs(independent.value - pow(0.5, Double(n))) < 1e-15)
        let half = try #require(GaussianOrthant.probability(correlation: Self.equicorrelated(0.5, n)))
        #expect(abs(half.value - 1 / Double(n + 1)) < 1e-12, "\(half)")
        #expect(half.error < 1e-12)
    }

    @Test("the sorted cone x0 > ... > x(n-1) (a simplicial cone after adding its lineality) is 1/n! within R^(n-1)")
    func sortedCone() throws {
        // In R^4, the cone x0 > x1 > x2 > x3 > 0 has the rays e0, e0+e1, e0+e1+e2, e0+...+e3; its measure is 1/(2^4 4!) (orthant and order).
        let rays = (1...4).map { k in (0..<4).map { $0 < k ? 1.0 : 0 } }
        let measured = try #require(SimplicialConeMeasure.measure(rays: rays))
        #expect(abs(measured.value - 1.0 / 384) < 1e-12, "\(measured)")
    }

    /// Seeded random cones: wide ones (rays anywhere in the positive
    /// orthant, as wide as a starting cone of the cells) and thin ones
    /// (rays near a common axis).
    static func randomCones(_ n: Int, seed: UInt64) -> [[[Double]]] {
        var rng = SplitMix64(seed: seed)
        return (0..<8).map { index in
            if index < 4 { return (0..<n).map { _ in (0..<n).map { _ in abs(rng.nextGaussian()) } } }
            let axis = (0..<n).map { _ in rng.nextGaussian() }
            return (0..<n).map { _ in (0..<n).map { k in axis[k] + 0.05 * rng.nextGaussian() } }
        }
    }

    @Test("Plackett's integral and the cubature agree on random cones within the cubature's error estimate", arguments: [4, 5])
    func twoMethodsAgree(n: Int) throws {
        for (index, rays) in Self.randomCones(n, seed: UInt64(n)).enumerated() {
            let orthant = try #require(GaussianOrthant.cone(rays: rays))
            let cubature = try #require(SimplicialConeCubature.measure(rays: rays, tolerance: 1e-13, maximumPieces: 2_000))
            #expect(orthant.error < 1e-12)
            if index >= 4 { #expect(cubature.error < 1e-7, "a thin cone is the cubature's easy case") }
            #expect(abs(orthant.value - cubature.value) <= max(cubature.error, 1e-13), "Plackett \(orthant), cubature \(cubature)")
        }
    }

    @Test("cone measures agree with 200,000 seeded Gaussian samples within 5 standard errors", arguments: [4, 5])
    func agreesWithSampling(n: Int) throws {
        var rng = SplitMix64(seed: 99)
        let cones = Self.randomCones(n, seed: 1000 + UInt64(n)).prefix(4)
        let inverses = try cones.map { try #require(GaussianOrthant.inverse(columns: $0)) }
        var hits = [Int](repeating: 0, count: cones.count)
        let count = 200_000
        for _ in 0..<count {
            let x = (0..<n).map { _ in rng.nextGaussian() }
            for (c, inverse) in inverses.enumerated() where inverse.allSatisfy({ row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } >= 0 }) {
                hits[c] += 1
            }
        }
        for (c, rays) in cones.enumerated() {
            let measured = try #require(SimplicialConeMeasure.measure(rays: rays)).value
            let standardError = max((measured * (1 - measured) / Double(count)).squareRoot(), 1 / Double(count))
            #expect(abs(Double(hits[c]) / Double(count) - measured) <= 5 * standardError, "sampled \(hits[c]) of \(count), measured \(measured)")
        }
    }

    @Test("dependent rays and dimensions past 5 are refused, not guessed")
    func refusals() {
        #expect(GaussianOrthant.cone(rays: [Self.unit(0, 4), Self.unit(0, 4), Self.unit(2, 4), Self.unit(3, 4)]) == nil)
        #expect(SimplicialConeMeasure.measure(rays: (0..<6).map { Self.unit($0, 6) }) == nil)
    }
}

/// The pulling triangulation of a cone from its rays' tight constraints.
@Suite struct ConeTriangulationTests {
    @Test("a square pyramid in R^3 splits into two simplicial cones on its rays")
    func squarePyramid() {
        // Rays (±1, ±1, 1) in cyclic order; facet k holds rays k and k + 1.
        let tight: [Set<Int>] = [[3, 0], [0, 1], [1, 2], [2, 3]]
        let simplices = ConeTriangulation.simplices(rayCount: 4, tight: tight, dimension: 3)
        #expect(simplices.count == 2)
        #expect(simplices.allSatisfy { $0.count == 3 && $0.contains(0) }, "every simplex holds the apex, ray 0")
        #expect(Set(simplices.flatMap { $0 }) == [0, 1, 2, 3])
    }

    @Test("a simplicial cone is its own triangulation; a description that is not a pointed cone gives none")
    func degenerateCases() {
        let simplex = ConeTriangulation.simplices(rayCount: 3, tight: [[1, 2], [0, 2], [0, 1]], dimension: 3)
        #expect(simplex == [[0, 1, 2]])
        #expect(ConeTriangulation.simplices(rayCount: 2, tight: [[0], [1]], dimension: 3).isEmpty)
    }

    @Test("the cube's cone in R^4 (rays (1, ±1, ±1, ±1)): the pieces' measures add up to the cone's, 1/2 orthant in 4 coordinates")
    func cubeConeMeasure() throws {
        // The cone |x1|, |x2|, |x3| <= x0 has the eight rays (1, ±1, ±1, ±1); facet ±x_i <= x0 holds the four rays with that sign.
        let rays = (0..<8).map { k in [1.0] + (0..<3).map { (k >> $0) & 1 == 1 ? 1.0 : -1.0 } }
        let tight = rays.map { ray in Set((0..<3).flatMap { i in [2 * i + (ray[i + 1] > 0 ? 0 : 1)] }) }
        let simplices = ConeTriangulation.simplices(rayCount: 8, tight: tight, dimension: 4)
        #expect(!simplices.isEmpty)
        let total = try simplices.reduce(0.0) { sum, simplex in
            sum + (try #require(SimplicialConeMeasure.measure(rays: simplex.map { rays[$0] }))).value
        }
        // P(|x1|, |x2|, |x3| <= x0) = 1/2 · P(x0 is the largest of |x0|, ..., |x3|) = 1/8 by symmetry.
        #expect(abs(total - 0.125) < 1e-9, "\(total) from \(simplices.count) simplices")
    }
}
