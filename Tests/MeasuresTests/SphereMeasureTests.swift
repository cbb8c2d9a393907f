import Claims
import ExactArithmetic
import Foundation
import Measures
import ModelImport
import Models
import PiecewiseLinear
import Testing
import _TestSupport

/// Gaussian measures in R^3 against closed forms (octants 1/8, half-spaces
/// 1/2, the ordered cone 1/6), and solid angles of polygons that tile the sphere.
@Suite struct SphereMeasureTests {
    static func query(_ statement: String) throws -> Query {
        try PlaneMeasureTests.query(statement, model: "handcrafted_2nd_argmax_3.pth", dimension: 3)
    }

    @Test("the octants' solid angles add up to 4π, each π/2")
    func octantsTileTheSphere() {
        let pi = AngleBracket.pi(bits: 96)
        var (low, high) = (Rational.zero, Rational.zero)
        for octant in SphericalPolygon.octants {
            let area = octant.solidAngle(bits: 96, pi: pi)
            #expect(area.low <= pi.high / 2 && pi.low / 2 <= area.high)
            low += area.low
            high += area.high
        }
        #expect(low <= 4 * pi.high && 4 * pi.low <= high && high - low < Rational(1, 1_000_000_000_000))
    }

    @Test("closed forms: an octant is 1/8, a half-space 1/2, the ordered cone 1/6",
          arguments: [("x[0] > 0 and x[1] > 0 and x[2] > 0", 1.0 / 8), ("x[0] + 2 * x[1] - x[2] > 0", 0.5), ("x[0] < x[1] and x[1] < x[2]", 1.0 / 6)])
    func closedForms(statement: String, expected: Double) throws {
        let (cells, _) = SphereMeasure.cells(try Self.query("measure s: \(statement)"))
        let (low, high) = SphereMeasure.share(cells, bits: 96)
        #expect(high - low < Rational(1, 1_000_000_000_000))
        #expect(abs(low.doubleApproximation - expected) < 1e-12, "\(low.doubleApproximation) against \(expected)")
    }
}

/// Uniform measures of a box of the plane: exact areas against closed forms.
@Suite struct BoxMeasureTests {
    @Test("closed forms: a quadrant of [-1, 1]^2 is 1/4, a corner triangle 1/8, a band 1/4, and the split areas add up to the box",
          arguments: [("x[0] > 0 and x[1] > 0", Rational(1, 4)), ("x[0] + x[1] > 1", Rational(1, 8)), ("x[0] > 1/2", Rational(1, 4)),
                      ("abs(x[0]) + abs(x[1]) < 1", Rational(1, 2))])
    func closedForms(statement: String, expected: Rational) throws {
        let source = "model m = \"zoo_2nd_argmax_2_2.pth\"\ninput x in [-1, 1]^2\nmeasure s: \(statement)\n"
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "box.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        let (cells, _) = BoxMeasure.cells(try #require(document.queries.first))
        let (share, _, region) = BoxMeasure.share(cells)
        #expect(share == expected)
        #expect(region == Rational(4))
    }
}
