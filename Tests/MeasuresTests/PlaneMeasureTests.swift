import Claims
import ExactArithmetic
import Foundation
import Measures
import ModelImport
import Models
import PiecewiseLinear
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Gaussian measures in the plane against closed forms (half-planes,
/// quadrants, cones), against sampling, and the angle brackets against
/// the library's arctangent.
@Suite struct PlaneMeasureTests {
    static func query(_ statement: String, model: String = "zoo_2nd_argmax_2_2.pth", dimension: Int = 2) throws -> Query {
        let source = "model m = \"\(model)\"\ninput x in R^\(dimension)\n\(statement)\n"
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "plane.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        return try #require(document.queries.first)
    }

    static func share(_ statement: String) throws -> (low: Rational, high: Rational) {
        PlaneMeasure.share(PlaneMeasure.sectors(try query(statement)), bits: 96)
    }

    @Test("closed forms: a half-plane is 1/2, a quadrant 1/4, a cone of 45 degrees 1/8, the atan(2) cone atan(2)/2π",
          arguments: [("x[0] > 0", 0.5), ("x[0] - 3 * x[1] > 0", 0.5), ("x[0] > 0 and x[1] > 0", 0.25),
                      ("x[1] > x[0] and x[0] > 0", 0.125), ("x[1] > 0 and x[1] < 2 * x[0]", atan(2) / (2 * Double.pi))])
    func closedForms(statement: String, expected: Double) throws {
        let (low, high) = try Self.share("measure s: \(statement)")
        #expect(high - low < Rational(1, 1_000_000_000_000_000_000))
        #expect(abs(low.doubleApproximation - expected) < 1e-15, "\(low.doubleApproximation) against \(expected)")
    }

    @Test func theEventAndItsComplementAddUpToOne() throws {
        let error = try Self.share("measure e: argmax(m.logits) != argsort(x)[-2]")
        let right = try Self.share("measure r: argmax(m.logits) == argsort(x)[-2]")
        #expect(error.low + right.low <= 1 && 1 <= error.high + right.high)
        // The AlgZoo post estimates M2,2's error rate at about 1 in 13,000 by sampling.
        #expect(error.low > Rational(1, 13_500) && error.high < Rational(1, 12_500))
    }

    /// A yellow cone of M2,2 (both neurons active at step 2, x[0] > 0),
    /// against 200,000 seeded Gaussian samples, within 5 standard errors.
    @Test func aConeOfTheModelAgreesWithSampling() throws {
        let statement = "measure cone: m.h[1][0] > 0 and m.h[2][0] > 0 and m.h[2][1] > 0"
        let (low, _) = try Self.share(statement)
        let q = try Self.query(statement)
        var rng = SplitMix64(seed: 17)
        let n = 200_000
        var hits = 0
        for _ in 0..<n {
            let x = [rng.nextGaussian(), rng.nextGaussian()].map { Rational.simplestFraction(near: $0) ?? .zero }
            if q.formula.holds(q.program.evaluate(at: x)) { hits += 1 }
        }
        let p = low.doubleApproximation
        let standardError = (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(Double(hits) / Double(n) - p) <= 5 * standardError, "sampled \(Double(hits) / Double(n)), exact \(p)")
    }

    @Test func angleBracketsContainTheAngle() {
        let pi = AngleBracket.pi(bits: 80)
        #expect(pi.low.doubleApproximation <= Double.pi && Double.pi <= pi.high.doubleApproximation)
        #expect(pi.high - pi.low < Rational(1, 1_000_000_000_000_000))
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let (x, y) = (Rational(Int.random(in: -1000...1000, using: &rng), 97), Rational(Int.random(in: -1000...1000, using: &rng), 89))
            guard !(x.isZero && y.isZero) else { continue }
            var expected = atan2(y.doubleApproximation, x.doubleApproximation)
            if expected < 0 { expected += 2 * Double.pi }
            let bracket = AngleBracket.angle(x: x, y: y, bits: 80, pi: pi)
            #expect(bracket.low.doubleApproximation - 1e-14 <= expected && expected <= bracket.high.doubleApproximation + 1e-14)
        }
    }
}
