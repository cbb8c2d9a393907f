import Claims
import ExactArithmetic
import Farkas
import Foundation
import Models
import ModelImport
import Search
import Testing
import _TestSupport

/// Gaussian measures on R^n for n > 3 (here 5) are estimated from seeded samples,
/// each decided exactly: the estimates agree with closed forms within
/// 5 standard errors, repeat exactly, and never decide an `expect`.
@Suite struct GaussianEstimateTests {
    static func report(_ statement: String, dimension: Int) throws -> StatementReport {
        let model = "trained_argmedian_4_5.pth"
        let source = "model m = \"\(model)\"\ninput x in R^\(dimension)\n\(statement)\n"
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "estimate.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        let query = try #require(document.queries.first)
        #expect(Verifier.isEstimate(query))
        return Verifier.estimatedMeasure(query, budget: SearchBudget()).report
    }

    static let closedFormCases: [(String, Int, Double)] = [
        ("x[0] > 0 and x[1] > 0 and x[2] > 0", 5, 0.125),
        ("x[0] > x[1] and x[1] > x[2]", 5, 1.0 / 6),
        ("x[0] > x[1] where x[1] > x[2]", 5, 1.0 / 3),
        ("x[0] - 2 * x[1] + x[2] > 0", 5, 0.5),
        ("x[0] > x[1] and x[1] > x[2] and x[2] > x[3] and x[3] > x[4]", 5, 1.0 / 120),
        ("x[0] > 0 and x[1] > 0 and x[2] > 0 and x[3] > 0 and x[4] > 0", 5, 1.0 / 32),
    ]

    @Test("orthants are 1/2^n, the sorted cone 1/n!, a half-space 1/2, and a conditional share divides",
          arguments: closedFormCases)
    func closedForms(statement: String, dimension: Int, expected: Double) throws {
        let report = try Self.report("measure s: \(statement)", dimension: dimension)
        #expect(report.verdict == .measured)
        let share = try #require(report.share)
        let (event, region) = (try #require(share.event), try #require(share.region))
        let estimate = Double(event) / Double(region)
        let standardError = (expected * (1 - expected) / Double(region)).squareRoot()
        #expect(abs(estimate - expected) <= 5 * standardError, "estimated \(estimate), exact \(expected)")
        #expect(share.standardError != nil)
    }

    @Test func anEstimateRepeatsAndDecidesNoExpectation() throws {
        let statement = "measure a: argmax(m.logits) == argsort(x)[2] expect >= 0.5"
        let first = try Self.report(statement, dimension: 5)
        let second = try Self.report(statement, dimension: 5)
        #expect(first.share == second.share)
        #expect(first.verdict == .unknown)
        #expect(first.reason?.contains("an estimate decides no 'expect'") == true)
    }

    @Test func anEmptyRegionIsVacuous() throws {
        let report = try Self.report("measure e: x[0] > 0 where x[0] > x[1] and x[1] > x[0]", dimension: 5)
        #expect(report.share?.region == 0)
        #expect(report.vacuous != nil)
    }
}

extension GaussianEstimateTests {
    /// The exact share of a box of the plane against 100,000 uniform samples
    /// decided exactly: within 5 standard errors.
    @Test("exact box measures agree with uniform sampling", arguments: ["m.logits[0] > 1", "argmax(m.logits) != argsort(x)[-2]", "m.h[2][1] > m.h[2][0]"])
    func boxMeasureAgreesWithSampling(statement: String) throws {
        let source = "model m = \"zoo_2nd_argmax_2_2.pth\"\ninput x in [-1, 2]^2\nmeasure s: \(statement)\n"
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "box.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        let query = try #require(document.queries.first)
        let fraction = try #require(Verifier.boxMeasure(query).report.share?.fraction)
        let exact = try #require(Rational(fraction)).doubleApproximation
        let sampled = try #require(Verifier.estimatedMeasure(query, budget: SearchBudget()).report.share)
        let (event, region) = (try #require(sampled.event), try #require(sampled.region))
        let estimate = Double(event) / Double(region)
        let standardError = max((exact * (1 - exact) / 100_000).squareRoot(), 1e-5)
        #expect(abs(estimate - exact) <= 5 * standardError, "sampled \(estimate), exact \(exact)")
    }
}
