import Claims
import ExactArithmetic
import Foundation
import ModelImport
import Models
import PiecewiseLinear
import Sampling
import Testing
import _TestSupport

/// Sampling the inputs a statement speaks about: the premise's half-spaces
/// and membership, the domain's distribution, and the surface of the box a
/// homogeneous query is searched on.
@Suite struct PremiseRegionTests {
    static func query(_ statement: String, domain: String = "R^3") throws -> Query {
        let source = "model m = \"handcrafted_2nd_argmax_3.pth\"\ninput x in \(domain)\n\(statement)\n"
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "region.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        return try #require(document.queries.first)
    }

    /// In the cone x0 > x1 > x2 of iid Gaussian inputs, the median is
    /// positive half the time and the largest 7/8 of the time (the order
    /// of the inputs is independent of their sorted values). The chain's
    /// points are correlated, so the tolerance is 5 standard errors of
    /// independent draws.
    @Test func gaussianConeSharesMatchClosedForms() throws {
        let query = try Self.query("claim c: m.logits[0] >= m.logits[0] - 1 where x[0] > x[1] and x[1] > x[2]")
        let region = PremiseRegion(query: query, program: FloatProgram(query.program, needed: query.program.nodes.map { _ in true }), surface: nil)
        #expect(region.halfSpaces.count == 2)
        let points = try #require(region.samples(count: 4_000, deadline: nil))
        #expect(points.count == 4_000)
        #expect(points.allSatisfy { $0[0] > $0[1] && $0[1] > $0[2] })
        for (share, expected) in [(points.filter { $0[1] > 0 }.count, 0.5), (points.filter { $0[0] > 0 }.count, 0.875)] {
            let p = Double(share) / Double(points.count)
            let standardError = (expected * (1 - expected) / Double(points.count)).squareRoot()
            #expect(abs(p - expected) <= 5 * standardError, "share \(p), expected \(expected)")
        }
    }

    @Test func homogeneousSamplesLieOnTheBoxSurface() throws {
        let query = try Self.query("claim c: m.logits[0] >= m.logits[1] where x[0] > 0")
        let region = PremiseRegion(query: query, program: FloatProgram(query.program, needed: query.program.nodes.map { _ in true }), surface: (-1, 1))
        let points = try #require(region.samples(count: 500, deadline: nil))
        #expect(points.allSatisfy { x in x.map(abs).max() == 1 && x[0] > 0 })
    }

    @Test func anEmptyPremiseGivesNoSamples() throws {
        let query = try Self.query("claim c: m.logits[0] >= m.logits[1] where x[0] > 2 and x[0] < 1", domain: "[-1, 1]^3")
        let region = PremiseRegion(query: query, program: FloatProgram(query.program, needed: query.program.nodes.map { _ in true }), surface: nil)
        #expect(region.samples(count: 10, deadline: nil) == nil)
    }
}
