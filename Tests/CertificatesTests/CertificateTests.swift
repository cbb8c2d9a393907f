import Models
import Certificates
import Claims
import Encoding
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
        try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
    }

    static func proofsFile(_ name: String) -> String {
        ReferenceOutputs.repositoryRoot.appendingPathComponent("proofs").appendingPathComponent(name).path
    }

    /// Decides every statement and builds its certificate.
    static func certificates(for document: ClaimsDocument) -> [Certificate] {
        let models = Certificate.modelDigests(of: document)
        // Measures are certified through the verifier, not by search.
        return document.queries.filter { $0.kind != .measure }.compactMap { query in
            if query.objective != nil { return optimumCertificate(query, models: models) }
            let isClaim = query.kind == .claim
            switch ConflictDrivenSearch.solve(query) {
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

    /// An optimization's certificate: its optimum (with its verdict
    /// against any expectation), its ray, or its infeasibility.
    static func optimumCertificate(_ query: Query, models: [ModelDigest]) -> Certificate? {
        let verdict: (Bool?) -> Certificate.Verdict = { holds in holds.map { $0 ? .proved : .refuted } ?? .optimal }
        switch BranchAndBound.solve(query, budget: SearchBudget()) {
        case .optimum(let o, _):
            return Certificate(
                query: query, modelDigests: models, verdict: verdict(query.expectationHolds(optimum: o.value)),
                evidence: .optimum(value: o.value, point: o.point, bound: o.boundProof, attainment: o.attainmentProof), claimsFile: "x.claims")
        case .unbounded(let point, let direction, _):
            let holds = query.expectationHoldsWhenUnbounded
            return Certificate(
                query: query, modelDigests: models, verdict: holds == nil ? .unbounded : verdict(holds),
                evidence: .unbounded(point: point, direction: direction), claimsFile: "x.claims")
        case .infeasible(let proof, _):
            let holds = query.expectationHoldsWhenInfeasible
            return Certificate(
                query: query, modelDigests: models, verdict: holds == nil ? .infeasible : verdict(holds), evidence: .infeasible(proof),
                claimsFile: "x.claims")
        case .unknown:
            Issue.record("\(query.name) is unknown")
            return nil
        }
    }

    @Test(arguments: [
        "handcrafted_2nd_argmax_2.claims", "handcrafted_2nd_argmax_3.claims", "zoo_2nd_argmax_2_2.claims",
        "trained_2nd_argmax_4_3.claims", "trained_argmedian_4_5.claims", "trained_median_2_3.claims",
        "trained_2nd_argmax_16_10.claims", "handcrafted_2nd_argmax_10.claims",
    ])
    func regressionProofsCheck(file: String) throws {
        let document = try ClaimsDocument.load(path: Self.proofsFile(file), loadModel: Self.loader)
        let certificates = Self.certificates(for: document)
        #expect(certificates.count == document.queries.filter { $0.kind != .measure }.count)
        for certificate in certificates {
            let decoded = try Certificate(decoding: certificate.encoded())
            #expect(decoded == certificate, "\(certificate.statement) does not survive encoding")
            #expect(decoded.check(against: document, models: Certificate.modelDigests(of: document)) == .valid, "\(certificate.statement)")
        }
    }

    @Test func proofsAndPointsAreTheSameOnEveryRun() throws {
        let document = try ClaimsDocument.load(path: Self.proofsFile("handcrafted_2nd_argmax_3.claims"), loadModel: Self.loader)
        for query in document.queries {
            let first = ConflictDrivenSearch.solve(query)
            let second = ConflictDrivenSearch.solve(query)
            switch (first, second) {
            case (.unsatisfiable(let a, _), .unsatisfiable(let b, _)): #expect(a == b, "\(query.name)")
            case (.satisfiable(let a, _), .satisfiable(let b, _)): #expect(a == b, "\(query.name)")
            default: Issue.record("\(query.name): different verdicts on two runs")
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
        let document = try ClaimsDocument.compile(source: source, file: "grid.claims", folder: "/") { _, _ in RecurrentAdapter(network) }
        for query in document.queries {
            switch ConflictDrivenSearch.solve(query) {
            case .unsatisfiable(let proof, _):
                #expect(query.name != "below_three")
                #expect(proof == .enumerated)
                let checker = ProofChecker(query: query)
                #expect(throws: Never.self) { try checker.check(proof) }
            case .satisfiable(let point, _):
                #expect(query.name == "below_three")
                #expect(point.count == 2 && point[1] == 3)
                // An enumeration claimed for a query with a solution is rejected.
                let checker = ProofChecker(query: query)
                #expect(throws: ProofChecker.Failure.self) { try checker.check(.enumerated) }
            case .unknown:
                Issue.record("\(query.name) is unknown")
            }
        }
    }

    @Test func searchWithoutProofsKeepsVerdictsAndGivesAPlaceholderTheCheckerRejects() throws {
        let document = try ClaimsDocument.load(path: Self.proofsFile("handcrafted_2nd_argmax_3.claims"), loadModel: Self.loader)
        let query = try #require(document.queries.first { $0.name == "correct_with_margin" })
        guard case .unsatisfiable(let proof, _) = ConflictDrivenSearch.solve(query, budget: SearchBudget(recordsProofs: false)) else {
            Issue.record("the margin claim must still be proved")
            return
        }
        let checker = ProofChecker(query: query)
        #expect(throws: ProofChecker.Failure.self) { try checker.check(proof) }
    }

    // MARK: - Tampering

    /// hc3's margin claim: a proof with lemmas over ReLU phases, case
    /// choices and faces, and clauses derived from them.
    static func marginProof() throws -> (ClaimsDocument, Certificate, ClausalProof) {
        let document = try ClaimsDocument.load(path: proofsFile("handcrafted_2nd_argmax_3.claims"), loadModel: loader)
        let certificate = try #require(certificates(for: document).first { $0.verdict == .proved && $0.statement.contains("margin") })
        guard case .proof(.clausal(let proof)) = certificate.evidence else { throw TestFailure("the margin proof is not clausal") }
        return (document, certificate, proof)
    }

    struct TestFailure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func invalidReason(_ certificate: Certificate, _ document: ClaimsDocument) -> String? {
        if case .invalid(let reason) = certificate.check(against: document, models: Certificate.modelDigests(of: document)) { return reason }
        return nil
    }

    /// The certificate with its proof's steps replaced.
    static func tampered(_ certificate: Certificate, _ steps: [ProofStep]) -> Certificate {
        var changed = certificate
        guard case .proof(.clausal(let proof)) = certificate.evidence else { return changed }
        changed.evidence = .proof(.clausal(ClausalProof(extensionAtoms: proof.extensionAtoms, steps: steps)))
        return changed
    }

    /// The certificate with its proof's extension atoms replaced.
    static func tampered(_ certificate: Certificate, atoms: [AtomBound]) -> Certificate {
        var changed = certificate
        guard case .proof(.clausal(let proof)) = certificate.evidence else { return changed }
        changed.evidence = .proof(.clausal(ClausalProof(extensionAtoms: atoms, steps: proof.steps)))
        return changed
    }

    /// The length-10 model's positivity proof, which declares extension atoms.
    static func extendedProof() throws -> (ClaimsDocument, Certificate, ClausalProof) {
        let document = try ClaimsDocument.load(path: proofsFile("handcrafted_2nd_argmax_10.claims"), loadModel: loader)
        let certificate = try #require(certificates(for: document).first { $0.statement == "correct_when_second_positive" })
        guard case .proof(.clausal(let proof)) = certificate.evidence else { throw TestFailure("the positivity proof is not clausal") }
        return (document, certificate, proof)
    }

    @Test("a proof declares its extension atoms: the checker takes them from the proof, and checks what they name")
    func extensionAtomsAreDeclared() throws {
        let (document, original, proof) = try Self.extendedProof()
        #expect(!proof.extensionAtoms.isEmpty)
        #expect(Self.invalidReason(original, document) == nil)
        // An atom the search did not use, declared after the others, changes nothing.
        let query = try #require(document.queries.first { $0.name == original.statement })
        let input = try #require(ClausalEncoding(query).inputs.first)
        let spare = AtomBound(form: LinearForm(node: NodeID(input)), bound: 7, strict: true)
        #expect(Self.invalidReason(Self.tampered(original, atoms: proof.extensionAtoms + [spare]), document) == nil)
        // Without them, the steps name variables that do not exist.
        #expect(Self.invalidReason(Self.tampered(original, atoms: []), document) != nil)
        // An atom over a node that is neither an input nor a ReLU is refused by name.
        let stray = AtomBound(form: LinearForm(node: NodeID(1_000_000)), bound: 0, strict: false)
        let reason = try #require(Self.invalidReason(Self.tampered(original, atoms: [stray] + proof.extensionAtoms), document))
        #expect(reason.contains("extension atom 0"), "\(reason)")
        // The atoms survive the byte format, and one not in normal form does not decode.
        #expect(try Certificate(decoding: original.encoded()) == original)
        let doubled = Self.tampered(original, atoms: [AtomBound(form: LinearForm(node: NodeID(input)), bound: 0, strict: false)])
        var bytes = doubled.encoded()
        let atomStart = try #require(Self.firstAtomOffset(bytes, doubled))
        bytes[atomStart + 1] = 4  // the coefficient 1 (zigzag 2, denominator 1) becomes 2
        #expect(throws: CertificateFormatError.self) { try Certificate(decoding: bytes) }
    }

    /// The offset of the first extension atom's first coefficient's kind
    /// byte: found by encoding the certificate with and without its atoms.
    static func firstAtomOffset(_ bytes: [UInt8], _ certificate: Certificate) -> Int? {
        let bare = tampered(certificate, atoms: []).encoded()
        guard let k = bytes.indices.first(where: { $0 >= bare.count || bytes[$0] != bare[$0] }) else { return nil }
        // atom count (1 byte), term count, node index, then the coefficient.
        return k + 3
    }

    @Test("a twin's difference refutes a lemma, and only for the ReLU whose twin it is")
    func twinDifferences() throws {
        // The length-2 model's first step is [relu(x0), relu(-x0)], whose
        // difference is x0 everywhere: only the twin constraint says so.
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let source = "model m = \"handcrafted_2nd_argmax_2.pth\"\ninput x in R^2\nclaim difference: m.h[1][0] - m.h[1][1] == x[0]\n"
        let document = try ClaimsDocument.compile(source: source, file: "twins.claims", folder: models, loadModel: Self.loader)
        let certificate = try #require(Self.certificates(for: document).first)
        #expect(certificate.verdict == .proved)
        #expect(certificate.check(against: document, models: Certificate.modelDigests(of: document)) == .valid)
        guard case .proof(.clausal(let proof)) = certificate.evidence else { throw TestFailure("not a clausal proof") }
        let encoding = ClausalEncoding(try #require(document.queries.first))
        let twin = try #require(encoding.relus.firstIndex { $0.twin != nil })
        let other = try #require(encoding.relus[twin].twin)
        var uses = 0
        let steps = proof.steps.map { step -> ProofStep in
            guard case .lemma(let clause, let terms) = step else { return step }
            return .lemma(clause, terms.map { term in
                guard case .twinDifference(twin) = term.constraint else { return term }
                uses += 1
                return TheoryTerm(.twinDifference(other), term.multiplier)
            })
        }
        #expect(uses > 0, "the proof never uses the twin constraint")
        let reason = try #require(Self.invalidReason(Self.tampered(certificate, steps), document))
        #expect(reason.contains("has no twin"), "\(reason)")
    }

    @Test func changedMultiplierIsInvalid() throws {
        let (document, original, proof) = try Self.marginProof()
        var steps = proof.steps
        let k = try #require(steps.firstIndex { if case .lemma(_, let terms) = $0 { return terms.count >= 2 } else { return false } })
        guard case .lemma(let clause, var terms) = steps[k] else { return }
        terms[0].multiplier = terms[0].multiplier * 2 + terms[0].multiplier.magnitude / 3
        steps[k] = .lemma(clause, terms)
        let reason = try #require(Self.invalidReason(Self.tampered(original, steps), document))
        #expect(reason.contains("step \(k)"), "\(reason)")
    }

    @Test func wrongSignedMultiplierIsInvalid() throws {
        let (document, original, proof) = try Self.marginProof()
        var steps = proof.steps
        let k = try #require(steps.firstIndex { if case .lemma = $0 { return true } else { return false } })
        guard case .lemma(let clause, var terms) = steps[k] else { return }
        terms[0].multiplier = -terms[0].multiplier
        steps[k] = .lemma(clause, terms)
        let reason = try #require(Self.invalidReason(Self.tampered(original, steps), document))
        #expect(reason.contains("sign") || reason.contains("leaves") || reason.contains("contradiction"), "\(reason)")
    }

    @Test func flippedLemmaLiteralIsInvalid() throws {
        let (document, original, proof) = try Self.marginProof()
        var steps = proof.steps
        let k = try #require(steps.firstIndex { if case .lemma(let clause, _) = $0 { return clause.count >= 2 } else { return false } })
        guard case .lemma(var clause, let terms) = steps[k] else { return }
        clause[0] = !clause[0]
        steps[k] = .lemma(clause, terms)
        #expect(Self.invalidReason(Self.tampered(original, steps), document) != nil)
    }

    @Test func droppedOrTruncatedStepsAreInvalid() throws {
        let (document, original, proof) = try Self.marginProof()
        // Without its last step, no empty clause.
        let truncated = Self.invalidReason(Self.tampered(original, Array(proof.steps.dropLast())), document)
        #expect(truncated?.contains("empty clause") == true, "\(truncated ?? "valid")")
        // Without a step that later hints refer to, ids shift and propagation fails.
        let query = try #require(document.queries.first { $0.name == original.statement })
        let originalClauses = ClausalEncoding(query).clauses.count
        let used = try #require(proof.steps.indices.first { k in
            proof.steps.contains { if case .derived(_, let hints) = $0 { return hints.contains(k + originalClauses) } else { return false } }
        })
        var steps = proof.steps
        steps.remove(at: used)
        #expect(Self.invalidReason(Self.tampered(original, steps), document) != nil)
        // An empty proof (what a search without proofs returns) proves nothing.
        #expect(Self.invalidReason(Self.tampered(original, []), document) != nil)
    }

    @Test func wrongHintsAreInvalid() throws {
        let (document, original, proof) = try Self.marginProof()
        var steps = proof.steps
        guard case .derived(let clause, let hints) = steps[steps.count - 1] else { Issue.record("no final derivation"); return }
        steps[steps.count - 1] = .derived(clause, hints: Array(hints.dropLast()))
        #expect(Self.invalidReason(Self.tampered(original, steps), document) != nil)
        steps[steps.count - 1] = .derived(clause, hints: hints + [1_000_000])
        let reason = Self.invalidReason(Self.tampered(original, steps), document)
        #expect(reason != nil)
    }

    @Test func proofOfOneStatementDoesNotProveAnother() throws {
        let (document, original, proof) = try Self.marginProof()
        // The same proof against the failing margin's query: the checker
        // rebuilds the clauses itself, so the digest is not what saves us.
        let other = try #require(document.queries.first { $0.name != original.statement && $0.kind == .witness })
        let checker = ProofChecker(query: other)
        #expect(throws: ProofChecker.Failure.self) { try checker.check(.clausal(proof)) }
    }

    @Test func editedStatementIsStale() throws {
        let path = Self.proofsFile("handcrafted_2nd_argmax_3.claims")
        let (_, original, _) = try Self.marginProof()
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

    @Test func hostileCountsAreRefusedWithoutAllocating() throws {
        let (_, original, _) = try Self.marginProof()
        var c = original
        c.evidence = .proof(.clausal(ClausalProof(steps: [])))
        var bytes = c.encoded()
        bytes.removeLast()  // the step count 0
        // A billion steps announced, then nothing: refused, not allocated.
        bytes += [0x80, 0x94, 0xEB, 0xDC, 0x03]
        #expect(throws: CertificateFormatError.self) { try Certificate(decoding: bytes) }
    }

    /// A point certificate's bytes up to its coordinates, with `version`.
    static func pointPrefix(version: UInt8) throws -> [UInt8] {
        let (_, original, _) = try marginProof()
        var c = original
        c.evidence = .point([])
        var bytes = c.encoded()
        #expect(bytes[Certificate.magicLength] == UInt8(Certificate.formatVersion))
        bytes[Certificate.magicLength] = version
        bytes.removeLast()  // the coordinate count 0
        return bytes
    }

    @Test func bigRationalsAreWrittenAsBytesAndTextOnesStillRead() throws {
        let big = try Rational(parsing: "-123456789012345678901234567890123456789/98765432109876543210987654321")
        var c = try Self.marginProof().1
        c.evidence = .point([big, Rational(3, 4), .zero])
        let bytes = c.encoded()
        #expect(try Certificate(decoding: bytes) == c)
        // As bytes: shorter than the decimal text.
        #expect(!String(decoding: bytes, as: UTF8.self).contains("123456789012345678901234567890"))
        // Version 2 wrote big rationals as text; this build still reads them.
        var v2 = try Self.pointPrefix(version: 2)
        v2 += [2, 1, UInt8(big.description.utf8.count)] + Array(big.description.utf8)
        v2 += [0, 6, 4]  // 3/4: zigzag numerator 6, denominator 4
        let decoded = try Certificate(decoding: v2)
        #expect(decoded.evidence == .point([big, Rational(3, 4)]))
        // A version this build does not know is refused by name.
        let next = Certificate.formatVersion + 1
        #expect(throws: CertificateFormatError.unsupportedVersion(next)) { try Certificate(decoding: try Self.pointPrefix(version: UInt8(next)) + [0]) }
    }

    @Test("a clausal proof of an earlier format version is stale, its point certificates still read")
    func earlierEncodingsAreStale() throws {
        let (_, proof, _) = try Self.marginProof()
        var bytes = proof.encoded()
        #expect(try Certificate(decoding: bytes) == proof)
        // Version 3 proofs number the variables of the encoding before
        // extension atoms and shared twin phases.
        bytes[Certificate.magicLength] = 3
        #expect(throws: CertificateFormatError.earlierEncoding(3)) { try Certificate(decoding: bytes) }
        #expect(CertificateFormatError.earlierEncoding(3).meansStale)
        #expect(!CertificateFormatError.unsupportedVersion(5).meansStale)
        // A point does not depend on the encoding.
        let point = try Certificate(decoding: try Self.pointPrefix(version: 3) + [0])
        #expect(point.evidence == .point([]))
    }

    @Test func malformedByteRationalsAreRejected() throws {
        let prefix = try Self.pointPrefix(version: UInt8(Certificate.formatVersion))
        // One coordinate, kind 2: sign, numerator bytes, denominator bytes.
        #expect(throws: CertificateFormatError.self) { try Certificate(decoding: prefix + [1, 2, 0, 1, 5, 1, 0]) }  // zero denominator
        #expect(throws: CertificateFormatError.self) { try Certificate(decoding: prefix + [1, 2, 0, 1, 5, 0]) }  // empty denominator
        #expect(throws: CertificateFormatError.self) { try Certificate(decoding: prefix + [1, 2, 2, 1, 5, 1, 1]) }  // sign 2
        #expect(throws: CertificateFormatError.self) { try Certificate(decoding: prefix + [1, 2, 0, 9, 5, 1, 1]) }  // 9 bytes announced
        let fine = try Certificate(decoding: prefix + [1, 2, 1, 1, 5, 1, 2])
        #expect(fine.evidence == .point([Rational(-5, 2)]))
    }

    @Test func corruptBytesAreRejectedNotCrashing() throws {
        let (_, original, _) = try Self.marginProof()
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

