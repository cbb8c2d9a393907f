import Certificates
import Claims
import ExactArithmetic
import Foundation
import ModelImport
import PiecewiseLinear
import Search
import Testing
import _TestSupport

/// Certificates for the regression proofs check, survive encoding, and
/// every kind of tampering makes them stale or invalid, never valid.
@Suite struct CertificateTests {
    static let loader: ClaimsDocument.ModelLoader = { path, length throws(CheckpointError) in
        try Network(checkpoint: try Checkpoint(contentsOf: path), sequenceLength: length)
    }

    static func proofsFile(_ name: String) -> String {
        ReferenceOutputs.repositoryRoot.appendingPathComponent("proofs").appendingPathComponent(name).path
    }

    /// Decides every statement and builds its certificate.
    static func certificates(for document: ClaimsDocument) -> [Certificate] {
        let models = Certificate.modelDigests(of: document)
        return document.queries.compactMap { query in
            let isClaim = query.kind == .claim
            switch CaseSplitSearch.solve(query) {
            case .unsatisfiable(let proof, _):
                return Certificate(query: query, modelDigests: models, verdict: isClaim ? .proved : .impossible, evidence: .proof(proof), claimsFile: "x.claims")
            case .satisfiable(let point, _):
                return Certificate(query: query, modelDigests: models, verdict: isClaim ? .refuted : .found, evidence: .point(point), claimsFile: "x.claims")
            case .unknown:
                Issue.record("\(query.name) is unknown")
                return nil
            }
        }
    }

    // The length-10 file is left to CI's `farkas check proofs/`: it takes a
    // minute in a debug build.
    @Test(arguments: [
        "handcrafted_2nd_argmax_2.claims", "handcrafted_2nd_argmax_3.claims", "zoo_2nd_argmax_2_2.claims",
        "trained_2nd_argmax_4_3.claims", "trained_argmedian_4_5.claims", "trained_median_2_3.claims",
    ])
    func regressionProofsCheck(file: String) throws {
        let document = try ClaimsDocument.load(path: Self.proofsFile(file), loadModel: Self.loader)
        let certificates = Self.certificates(for: document)
        #expect(certificates.count == document.queries.count)
        for certificate in certificates {
            let decoded = try Certificate(decoding: certificate.encoded())
            #expect(decoded == certificate, "\(certificate.statement) does not survive encoding")
            #expect(decoded.check(against: document, models: Certificate.modelDigests(of: document)) == .valid, "\(certificate.statement)")
        }
    }

    @Test func proofsAndPointsDoNotDependOnTheNumberOfJobs() throws {
        let document = try ClaimsDocument.load(path: Self.proofsFile("handcrafted_2nd_argmax_3.claims"), loadModel: Self.loader)
        for query in document.queries {
            let one = CaseSplitSearch.solve(query, budget: SearchBudget(jobs: 1))
            let three = CaseSplitSearch.solve(query, budget: SearchBudget(jobs: 3))
            switch (one, three) {
            case (.unsatisfiable(let a, _), .unsatisfiable(let b, _)): #expect(a == b, "\(query.name)")
            case (.satisfiable(let a, _), .satisfiable(let b, _)): #expect(a == b, "\(query.name)")
            default: Issue.record("\(query.name): different verdicts with 1 and 3 jobs")
            }
        }
    }

    @Test func integerGridVisitsEveryPointOnceInOrder() {
        let points = Array(IntegerGrid(low: -1, high: 1, dimension: 2))
        #expect(points.count == 9)
        #expect(points.first == [-1, -1])
        #expect(points[1] == [-1, 0])
        #expect(points.last == [1, 1])
        #expect(Set(points.map { $0.map(\.description) }).count == 9)
    }

    /// Integer domains are decided by enumeration, in the search and in the checker.
    @Test func integerDomainsAreEnumeratedAndChecked() throws {
        let checkpoint = try Checkpoint(bytes: SafetensorsWriter.bytes([
            (name: "rnn.weight_ih_l0", shape: [2, 1], values: [1, -1]),
            (name: "rnn.weight_hh_l0", shape: [2, 2], values: [0, 0, 0, 0]),
            (name: "linear.weight", shape: [2, 2], values: [1, 0, 0, 1]),
        ]))
        guard case .recurrent(let network) = try Network(checkpoint: checkpoint, sequenceLength: nil) else {
            Issue.record("not an RNN")
            return
        }
        // logits[0] = relu(x[1]): at most 3 on {0..3}^2, and 3 only where x[1] = 3.
        let source = """
            model m = "m.pth"
            input x in {0..3}^2
            claim nonnegative: m.logits[0] >= 0
            claim below_four: m.logits[0] <= 3
            claim below_three: m.logits[0] <= 2
            """
        let document = try ClaimsDocument.compile(source: source, file: "grid.claims", folder: "/") { _, _ in .recurrent(network) }
        for query in document.queries {
            switch CaseSplitSearch.solve(query) {
            case .unsatisfiable(let proof, _):
                #expect(query.name != "below_three")
                #expect(proof == .enumerated)
                var checker = ProofChecker(query: query)
                #expect(throws: Never.self) { try checker.check(proof) }
                #expect(checker.leaves == 16)
            case .satisfiable(let point, _):
                #expect(query.name == "below_three")
                #expect(point.count == 2 && point[1] == 3)
                // An enumeration claimed for a query with a solution is rejected.
                var checker = ProofChecker(query: query)
                #expect(throws: ProofChecker.Failure.self) { try checker.check(.enumerated) }
            case .unknown:
                Issue.record("\(query.name) is unknown")
            }
        }
    }

    @Test func searchWithoutProofsKeepsVerdictsAndGivesAPlaceholderTheCheckerRejects() throws {
        let document = try ClaimsDocument.load(path: Self.proofsFile("handcrafted_2nd_argmax_3.claims"), loadModel: Self.loader)
        let query = try #require(document.queries.first { $0.name == "correct_with_margin" })
        guard case .unsatisfiable(let proof, _) = CaseSplitSearch.solve(query, budget: SearchBudget(recordsProofs: false)) else {
            Issue.record("the margin claim must still be proved")
            return
        }
        var checker = ProofChecker(query: query)
        #expect(throws: ProofChecker.Failure.self) { try checker.check(proof) }
    }

    // MARK: - Tampering

    /// hc3's margin claim: a proof with relu splits, case branches and faces.
    static func marginProof() throws -> (ClaimsDocument, Certificate) {
        let document = try ClaimsDocument.load(path: proofsFile("handcrafted_2nd_argmax_3.claims"), loadModel: loader)
        let certificate = try #require(certificates(for: document).first { $0.verdict == .proved && $0.statement.contains("margin") })
        return (document, certificate)
    }

    static func invalidReason(_ certificate: Certificate, _ document: ClaimsDocument) -> String? {
        if case .invalid(let reason) = certificate.check(against: document, models: Certificate.modelDigests(of: document)) { return reason }
        return nil
    }

    @Test func changedMultiplierIsInvalid() throws {
        let (document, original) = try Self.marginProof()
        guard case .proof(let proof) = original.evidence else { Issue.record("no proof"); return }
        var changed = original
        var done = false
        changed.evidence = .proof(proof.rewritingFirstLeaf { terms in
            var terms = terms
            if let k = terms.firstIndex(where: { !$0.multiplier.isZero }) {
                terms[k].multiplier = terms[k].multiplier * 2 + 1
                done = true
            }
            return terms
        })
        #expect(done)
        let reason = try #require(Self.invalidReason(changed, document))
        #expect(reason.contains("leaves") || reason.contains("contradiction") || reason.contains("sign"), "\(reason)")
    }

    @Test func droppedLeafIsInvalid() throws {
        let (document, original) = try Self.marginProof()
        guard case .proof(let proof) = original.evidence else { Issue.record("no proof"); return }
        var changed = original
        changed.evidence = .proof(proof.droppingFirstBranchChild())
        let reason = try #require(Self.invalidReason(changed, document))
        #expect(reason.contains("covers"), "\(reason)")
        changed.evidence = .proof(proof.rewritingFirstLeaf { _ in [] })
        #expect(Self.invalidReason(changed, document) != nil)
    }

    @Test func swappedSplitSidesAreInvalid() throws {
        let (document, original) = try Self.marginProof()
        guard case .proof(let proof) = original.evidence else { Issue.record("no proof"); return }
        var changed = original
        changed.evidence = .proof(proof.swappingFirstReLU())
        #expect(changed.evidence != original.evidence)
        #expect(Self.invalidReason(changed, document) != nil)
    }

    @Test func proofOfOneStatementDoesNotProveAnother() throws {
        let (document, original) = try Self.marginProof()
        guard case .proof(let proof) = original.evidence else { Issue.record("no proof"); return }
        // The same tree against the failing margin's query: the checker
        // rebuilds the constraints itself, so the digest is not what saves us.
        let other = try #require(document.queries.first { $0.name != original.statement && $0.kind == .witness })
        var checker = ProofChecker(query: other)
        #expect(throws: ProofChecker.Failure.self) { try checker.check(proof) }
    }

    @Test func editedStatementIsStale() throws {
        let path = Self.proofsFile("handcrafted_2nd_argmax_3.claims")
        let (_, original) = try Self.marginProof()
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let edited = source.replacingOccurrences(of: "3/10000", with: "4/10000")
        #expect(edited != source)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let document = try ClaimsDocument.compile(source: edited, file: path, folder: folder, loadModel: Self.loader)
        guard case .stale(let reason) = original.check(against: document, models: Certificate.modelDigests(of: document)) else {
            Issue.record("an edited statement must make the certificate stale")
            return
        }
        #expect(reason.contains("statement"))
    }

    @Test func changedWeightIsStale() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func writeModel(_ w: Float) throws {
            let bytes = SafetensorsWriter.bytes([
                (name: "rnn.weight_ih_l0", shape: [2, 1], values: [1, -1]),
                (name: "rnn.weight_hh_l0", shape: [2, 2], values: [0, 0, 0, 0]),
                (name: "linear.weight", shape: [2, 2], values: [w, 0, 0, 1]),
            ])
            try Data(bytes).write(to: folder.appendingPathComponent("m.safetensors"))
        }
        try writeModel(1)
        let claims = folder.appendingPathComponent("c.claims").path
        try "model m = \"m.safetensors\"\ninput x in R^2\nclaim nonnegative: m.logits[1] >= 0\n".write(toFile: claims, atomically: true, encoding: .utf8)
        let document = try ClaimsDocument.load(path: claims, loadModel: Self.loader)
        let certificate = try #require(Self.certificates(for: document).first)
        #expect(certificate.verdict == .proved)
        #expect(certificate.check(against: document, models: Certificate.modelDigests(of: document)) == .valid)
        try writeModel(2)
        let reloaded = try ClaimsDocument.load(path: claims, loadModel: Self.loader)
        guard case .stale(let reason) = certificate.check(against: reloaded, models: Certificate.modelDigests(of: reloaded)) else {
            Issue.record("a changed checkpoint must make the certificate stale")
            return
        }
        #expect(reason.contains("model 'm'"))
    }

    @Test func hostileDepthIsRefusedWithoutExhaustingTheStack() throws {
        let (_, original) = try Self.marginProof()
        func nested(_ depth: Int) -> [UInt8] {
            var c = original
            c.evidence = .proof(.refuted([]))
            var bytes = c.encoded()
            bytes.removeLast(2)  // the proof: tag 0, no terms
            // `depth` ReLU splits, each with an empty refutation as its second child.
            for _ in 0..<depth { bytes += [2, 7] }
            for _ in 0..<depth { bytes += [0, 0] }
            return bytes + [0, 0]
        }
        #expect(throws: CertificateFormatError.self) { try Certificate(decoding: nested(1_000_000)) }
        let shallow = try Certificate(decoding: nested(1_900))
        guard case .proof = shallow.evidence else { Issue.record("no proof"); return }
    }

    @Test func corruptBytesAreRejectedNotCrashing() throws {
        let (_, original) = try Self.marginProof()
        let bytes = original.encoded()
        #expect(throws: CertificateFormatError.notACertificate) { try Certificate(decoding: Array(bytes.dropFirst())) }
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(throws: CertificateFormatError.self) { try Certificate(decoding: Array(bytes.prefix(cut))) }
        }
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var mutated = bytes
            let i = Int.random(in: Certificate.magicLength..<bytes.count, using: &rng)
            mutated[i] = UInt8.random(in: 0...255, using: &rng)
            _ = try? Certificate(decoding: mutated)
        }
    }
}

extension QueryProof {
    /// The tree with the first node (in preorder) that `change` rewrites
    /// replaced by its rewrite.
    func rewritingFirst(_ change: (QueryProof) -> QueryProof?) -> QueryProof {
        var done = false
        func walk(_ p: QueryProof) -> QueryProof {
            if done { return p }
            if let replaced = change(p) {
                done = true
                return replaced
            }
            switch p {
            case .relu(let n, let a, let b):
                let a2 = walk(a)
                return .relu(n, active: a2, inactive: walk(b))
            case .sign(let path, let a, let b):
                let a2 = walk(a)
                return .sign(path, positive: a2, negative: walk(b))
            case .branch(let path, let children): return .branch(path, children.map(walk))
            case .faces(let children): return .faces(children.map(walk))
            case .refuted, .formulaFalse, .enumerated: return p
            }
        }
        return walk(self)
    }

    /// The tree with its first leaf refutation rewritten.
    func rewritingFirstLeaf(_ change: ([ProofTerm]) -> [ProofTerm]) -> QueryProof {
        rewritingFirst { if case .refuted(let terms) = $0 { return .refuted(change(terms)) } else { return nil } }
    }

    /// The tree with one child of its first disjunction split removed.
    func droppingFirstBranchChild() -> QueryProof {
        rewritingFirst { if case .branch(let path, let children) = $0 { return .branch(path, Array(children.dropLast())) } else { return nil } }
    }

    /// The tree with the two sides of its first genuine ReLU split swapped.
    func swappingFirstReLU() -> QueryProof {
        rewritingFirst { if case .relu(let n, let a, let b) = $0, a != b { return .relu(n, active: b, inactive: a) } else { return nil } }
    }
}
