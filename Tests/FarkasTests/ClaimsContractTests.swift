import Foundation
import Testing
import _TestSupport
@testable import Farkas

/// CLAIMS.md: "Every example on this page must parse and behave as described."
@Suite struct ClaimsContractTests {
    private func verdicts(_ source: String) throws -> [String: Verdict] {
        let document = try ClaimsDocument.compile(
            source: source, file: "contract.claims", folder: ReferenceOutputs.repositoryRoot.appendingPathComponent("proofs").path, loadModel: Verifier.modelLoader)
        var result: [String: Verdict] = [:]
        for query in document.queries {
            let report = Verifier.decide(query, in: document, budget: SearchBudget())
            result[query.name] = report.verdict
            if report.verdict == .found || report.verdict == .refuted {
                #expect(report.point != nil)
            }
        }
        return result
    }

    @Test func theFirstFile() throws {
        let result = try verdicts("""
            # proofs/handcrafted_2nd_argmax_2.claims
            model m = "../examples/models/handcrafted_2nd_argmax_2.pth"
            input x in R^2

            claim correct: argmax(m.logits) == argsort(x)[-2]  where distinct(x)
            claim first_step: m.h[1] == [relu(x[0]), relu(-x[0])]
            witness tie_fails: argmax(m.logits) != argsort(x)[-2]
            """)
        #expect(result == ["correct": .proved, "first_step": .proved, "tie_fails": .found])
    }

    @Test func theTieWitnessIsATie() throws {
        let document = try ClaimsDocument.compile(
            source: "model m = \"../examples/models/handcrafted_2nd_argmax_2.pth\"\ninput x in R^2\nwitness tie_fails: argmax(m.logits) != argsort(x)[-2]\n",
            file: "t.claims", folder: ReferenceOutputs.repositoryRoot.appendingPathComponent("proofs").path, loadModel: Verifier.modelLoader)
        let query = try #require(document.queries.first)
        let report = Verifier.decide(query, in: document, budget: SearchBudget())
        let point = try #require(report.point)
        #expect(point.input[0] == point.input[1])
    }

    @Test func theIdioms() throws {
        let result = try verdicts("""
            model m = "../examples/models/handcrafted_2nd_argmax_2.pth"
            input x in R^2
            # tolerance relative to the input's size (bias-free models are homogeneous)
            claim tracks_gap: abs(m.h[2][0] - 0.73 * relu(x[0] - x[1])) <= 0.001 * max(abs(x))

            # an activation pattern on a region
            claim pattern: m.h[1][0] > 0 and m.h[1][1] == 0  where x[0] > 0

            # a weight-level fact (decided from constants alone)
            claim signs: m.W_hi[0] > 0 and m.W_hi[1] < 0

            # an index-valued law with a margin
            claim correct_with_margin: argmax(m.logits) == argsort(x)[-2]
                where sort(x)[-1] - sort(x)[-2] >= 0.01 * max(abs(x)) and distinct(x)
            """)
        // h[2][0] is relu(x[1] - x[0]) in this model, not 0.73 relu(x[0] - x[1]).
        #expect(result == ["tracks_gap": .refuted, "pattern": .proved, "signs": .proved, "correct_with_margin": .proved])
    }

    @Test func expressionsFromThePage() throws {
        let result = try verdicts("""
            model m = "../examples/models/handcrafted_2nd_argmax_10.pth"
            input x in R^10
            let third = 2/3
            claim numbers_are_exact: 0.1 == 1/10 and 1e-3 == 1/1000 and third * 3 == 2
            claim nonnegative: all i in 0..9: m.h[1][i] >= 0
            witness some_positive: any i in 0..2: x[i] > 0
            claim leave_one_out: all i in 0..3: max(x[j] for j in 0..3 if j != i) <= max(x[0:4])
            claim chains: x[0] > x[1] > x[2] => x[0] > x[2]
            claim slices_and_ends: x[-1] == x[9] and sum(x[0:2]) == x[0] + x[1] and len(x[2:5]) == 3
            claim dot_and_min: dot([1, -1], x[0:2]) == x[0] - x[1] and min(x[0], x[1]) <= x[0]
            claim median_of_three: median(x[0:3]) <= max(x[0:3]) and median(x[0:3]) >= min(x[0:3])
            claim sort_ascending: sort(x[0:3])[0] <= sort(x[0:3])[1] <= sort(x[0:3])[-1]
            claim argmin_law: argmin(x[0:2]) == 0 where x[0] < x[1]
            claim abs_elementwise: max(abs(x[0:4])) >= abs(x[3])
            """)
        #expect(result.values.allSatisfy { $0 == .proved || $0 == .found }, "\(result)")
        #expect(result["some_positive"] == .found)
        #expect(result.count == 11)
    }
}
