import Certificates
import Claims
import ExactArithmetic
import Foundation
import ModelImport
import Models
import Testing
import _TestSupport

/// Certificates of statements about a transformer are re-checked by the
/// checker's own evaluator: a true statement's certificate is valid, and a
/// false verdict, a prefix the bounds cannot close, or a wrong count is not.
@Suite struct PointwiseCertificateTests {
    static func document() throws -> ClaimsDocument {
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let source = """
            model m = "zoo_longest_cycle_4_4.pth"
            input x in {0..3}^4
            claim correct: argmax(m.logits) == longest_cycle(x) - 1
            claim always_key_0: argmax(m.attn[1][3]) == 0
            claim rows: all q in 0..3: sum(m.attn[1][q]) == 1
            measure last_attends_0: argmax(m.attn[1][3]) == 0
            """
        return try ClaimsDocument.compile(source: source, file: "t.claims", folder: models, loadModel: CertificateTests.loader)
    }

    static func status(_ name: String, _ verdict: Certificate.Verdict, _ evidence: Certificate.Evidence) throws -> CertificateStatus {
        let document = try document()
        let query = try #require(document.queries.first { $0.name == name })
        let models = Certificate.modelDigests(of: document)
        let certificate = Certificate(query: query, modelDigests: models, verdict: verdict, evidence: evidence, claimsFile: "t.claims")
        let decoded = try Certificate(decoding: certificate.encoded())
        #expect(decoded == certificate)
        return decoded.check(against: document, models: models)
    }

    static func isInvalid(_ status: CertificateStatus) -> Bool {
        if case .invalid = status { return true }
        return false
    }

    @Test func trueStatementsCheck() throws {
        #expect(try Self.status("correct", .proved, .pointwise(PointwiseEvidence(closedPrefixes: [], preciseInputs: []))) == .valid)
        // The attention rows close at the first token: their sum is 1 by construction.
        #expect(try Self.status("rows", .proved, .pointwise(PointwiseEvidence(closedPrefixes: [[0], [1], [2], [3]], preciseInputs: []))) == .valid)
        #expect(try Self.status("last_attends_0", .measured, .counts(event: 171, region: 256)) == .valid)
        #expect(try Self.status("always_key_0", .refuted, .point([0, 0, 3, 2].map { Rational($0) })) == .valid)
    }

    @Test func forgeriesAreInvalid() throws {
        // A false claim certified as proved.
        #expect(Self.isInvalid(try Self.status("always_key_0", .proved, .pointwise(PointwiseEvidence(closedPrefixes: [], preciseInputs: [])))))
        // A prefix whose bounds cannot decide the argmax.
        #expect(Self.isInvalid(try Self.status("correct", .proved, .pointwise(PointwiseEvidence(closedPrefixes: [[2]], preciseInputs: [])))))
        // A prefix the walk never meets.
        #expect(Self.isInvalid(try Self.status("rows", .proved, .pointwise(PointwiseEvidence(closedPrefixes: [[0], [1], [2], [3], [7]], preciseInputs: [])))))
        // A count off by one.
        #expect(Self.isInvalid(try Self.status("last_attends_0", .measured, .counts(event: 172, region: 256))))
        // A counterexample that is not one.
        #expect(Self.isInvalid(try Self.status("correct", .refuted, .point([1, 2, 3, 0].map { Rational($0) }))))
    }
}
