import Claims
import ExactArithmetic
import Farkas
import Foundation
import Models
import ModelImport
import Search
import Testing
import _TestSupport

/// Gaussian measures on R^n for n > 3 (here 5) are estimated: from the
/// statement's cones on R^4 and R^5, else from seeded samples, each decided
/// exactly. Both agree with closed forms (the cones to 1e-9, the samples
/// within 5 standard errors), repeat exactly, and never decide an `expect`.
@Suite struct GaussianEstimateTests {
    static func query(_ statement: String, dimension: Int) throws -> Query {
        let model = "trained_argmedian_4_5.pth"
        // The model reads sequences of length 5; other dimensions go without it.
        let source = (dimension == 5 ? "model m = \"\(model)\"\n" : "") + "input x in R^\(dimension)\n\(statement)\n"
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "estimate.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        let query = try #require(document.queries.first)
        #expect(Verifier.isEstimate(query))
        return query
    }

    /// The sampled estimate (whatever the dimension).
    static func report(_ statement: String, dimension: Int) throws -> StatementReport {
        Verifier.sampledMeasure(try query(statement, dimension: dimension), budget: SearchBudget()).report
    }

    /// The estimate from the statement's cones.
    static func coneReport(_ statement: String, dimension: Int) throws -> StatementReport {
        try #require(Verifier.coneEstimate(try query(statement, dimension: dimension), budget: SearchBudget())).report
    }

    static let closedFormCases: [(String, Int, Double)] = [
        ("x[0] > 0 and x[1] > 0 and x[2] > 0", 5, 0.125),
        ("x[0] > x[1] and x[1] > x[2]", 5, 1.0 / 6),
        ("x[0] > x[1] where x[1] > x[2]", 5, 1.0 / 3),
        ("x[0] - 2 * x[1] + x[2] > 0", 5, 0.5),
        ("x[0] > x[1] and x[1] > x[2] and x[2] > x[3] and x[3] > x[4]", 5, 1.0 / 120),
        ("x[0] > 0 and x[1] > 0 and x[2] > 0 and x[3] > 0 and x[4] > 0", 5, 1.0 / 32),
        ("x[0] > x[1] and x[1] > x[2] and x[2] > x[3]", 4, 1.0 / 24),
        ("argsort(x)[1] == 0", 4, 0.25),
        ("x[0] > 0 and x[1] > 0 where x[2] > 0 and x[3] > 0", 4, 0.25),
    ]

    @Test("from cones: the same closed forms to 1e-9, with the error estimate below 1e-9", arguments: closedFormCases)
    func coneClosedForms(statement: String, dimension: Int, expected: Double) throws {
        let report = try Self.coneReport("measure s: \(statement)", dimension: dimension)
        #expect(report.verdict == .measured)
        let share = try #require(report.share)
        let estimate = try #require(Double(share.decimal))
        #expect(abs(estimate - expected) <= 1e-9, "estimated \(estimate), exact \(expected)")
        #expect(try #require(Double(share.standardError ?? "")) <= 1e-9)
        #expect(share.method?.contains("cones of its linear pieces") == true)
    }

    @Test("from cones: the argmedian model's accuracy on the sorted cone, with an error estimate below 1e-5, agrees with 100,000 samples within 5 standard errors")
    func coneEstimateAgreesWithSampling() throws {
        let statement = "measure a: argmax(m.logits) == argsort(x)[2] where x[0] > x[1] and x[1] > x[2] and x[2] > x[3] and x[3] > x[4]"
        let cones = try #require(try Self.coneReport(statement, dimension: 5).share)
        let estimate = try #require(Double(cones.decimal))
        #expect(try #require(Double(cones.standardError ?? "")) <= 1e-5)
        // Every cone is measured, so their total shows how well they tile R^5.
        let defect = try #require(cones.method?.components(separatedBy: "their total is 1 within ").last.flatMap(Double.init))
        #expect(defect <= 1e-7)
        let sampled = try #require(try Self.report(statement, dimension: 5).share)
        let (event, region) = (try #require(sampled.event), try #require(sampled.region))
        let standardError = (estimate * (1 - estimate) / Double(region)).squareRoot()
        #expect(abs(Double(event) / Double(region) - estimate) <= 5 * standardError, "sampled \(event) of \(region), cones \(estimate)")
    }

    @Test("from cones: an estimate decides no expectation, and an empty region is vacuous")
    func coneEstimateLimits() throws {
        let expecting = try Self.coneReport("measure h: x[0] > x[1] expect >= 0.4", dimension: 4)
        #expect(expecting.verdict == .unknown)
        #expect(expecting.reason?.contains("an estimate decides no 'expect'") == true)
        let empty = try Self.coneReport("measure e: x[0] > 0 where x[0] > x[1] and x[1] > x[0]", dimension: 5)
        #expect(empty.vacuous != nil)
        #expect(empty.share?.decimal.hasPrefix("0.000000") == true)
    }

    @Test("from cones: a timeout that runs out makes the measure unknown, saying how far it got")
    func coneEstimateTimeout() throws {
        let query = try Self.query("measure a: argmax(m.logits) == argsort(x)[2]", dimension: 5)
        let report = try #require(Verifier.coneEstimate(query, budget: SearchBudget(timeout: 0.01))).report
        #expect(report.verdict == .unknown)
        #expect(report.reason?.hasPrefix("timed out after 0.01 s, with ") == true, "\(report.reason ?? "")")
        #expect(report.share == nil)
    }

    @Test("with more cones than the limit, a measure on R^5 is sampled, and says why")
    func tooManyCones() throws {
        let query = try Self.query("measure a: argmax(m.logits) == argsort(x)[2] where x[0] > x[1] and x[1] > x[2] and x[2] > x[3] and x[3] > x[4]", dimension: 5)
        var budget = SearchBudget()
        budget.samples = 1_000
        let report = Verifier.estimatedMeasure(query, budget: budget, coneLimit: 10).report
        #expect(report.share?.region != nil, "a sampled share")
        #expect(report.note == "sampled: more than 10 cones under one of the 6 starting cones, too many to measure one by one")
        #expect(Verifier.estimatedMeasure(query, budget: budget).report.note == nil)
    }

    @Test("past R^5, or for a statement with a constant (its regions are not cones), there is no cone estimate: sampling answers")
    func noConesPastFiveOrWithConstants() throws {
        #expect(Verifier.coneEstimate(try Self.query("measure s: x[0] > 0", dimension: 6), budget: SearchBudget()) == nil)
        let affine = try Self.query("measure s: x[0] + 1 > 0", dimension: 4)
        #expect(Verifier.coneEstimate(affine, budget: SearchBudget()) == nil)
        let sampled = try #require(Verifier.estimatedMeasure(affine, budget: SearchBudget()).report.share)
        // P(x0 > -1) = Φ(1) = 0.841345, within 5 standard errors of 100,000 samples.
        #expect(abs((Double(sampled.decimal) ?? 0) - 0.841345) < 5 * 0.00116)
    }

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

    @Test("sampling draws --samples points and decides them on any number of cores to the same counts")
    func samplesAndJobs() throws {
        let query = try Self.query("measure a: argmax(m.logits) == argsort(x)[2]", dimension: 5)
        var budget = SearchBudget(jobs: 1)
        budget.samples = 40_000
        let one = try #require(Verifier.sampledMeasure(query, budget: budget).report.share)
        budget.jobs = 3
        let three = try #require(Verifier.sampledMeasure(query, budget: budget).report.share)
        #expect(one == three)
        #expect(one.region == 40_000)
        // The first 40,000 of the default 100,000 samples: the same stream.
        let full = try #require(try Self.report("measure a: argmax(m.logits) == argsort(x)[2]", dimension: 5).share)
        #expect(full.region == 100_000)
        #expect(abs(Double(one.event ?? 0) / 40_000 - Double(full.event ?? 0) / 100_000) < 0.01)
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
