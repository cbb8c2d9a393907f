import Foundation
import Testing
import _TestSupport

/// `farkas prove` writes certificates, `farkas check` re-verifies them, and
/// `--reuse` and `--junit` behave as CI needs.
@Suite struct CertificateCommandTests {
    /// A scratch folder with a copy of the length-2 handcrafted proofs.
    static func scratch() throws -> (folder: URL, claims: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: ReferenceOutputs.repositoryRoot.appendingPathComponent("proofs/handcrafted_2nd_argmax_2.claims").path, encoding: .utf8)
        let model = ReferenceOutputs.exampleModelPath("handcrafted_2nd_argmax_2.pth")
        let source = original.replacingOccurrences(of: "\"../examples/models/handcrafted_2nd_argmax_2.pth\"", with: "\"\(model)\"")
        #expect(source != original)
        let claims = folder.appendingPathComponent("hc2.claims").path
        try source.write(toFile: claims, atomically: true, encoding: .utf8)
        return (folder, claims)
    }

    /// The report line of one statement.
    static func line(of statement: String, in output: String) -> String? {
        output.split(separator: "\n").map(String.init).first { $0.split(separator: " ").dropFirst().first.map(String.init) == statement }
    }

    @Test("check fails on a valid certificate of a refuted claim, and says that is why")
    func certifiedRefutationsAreNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-refuted-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.path
        _ = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/vacuous.claims", "--certificates", store])
        let check = try FarkasProcess.run(["check", "Tests/FarkasTests/Fixtures/vacuous.claims", "--certificates", store])
        #expect(check.status == 1)
        #expect(check.standardOutput.contains("4 of 4 certificates valid"))
        #expect(check.standardOutput.contains("; one certifies a refuted claim or an impossible witness (impossible_region), so check fails"))
        // Columns line up after verdicts of every length.
        let columns = Set(check.standardOutput.split(separator: "\n").filter { $0.hasPrefix("  valid") }.compactMap { $0.range(of: " s")?.lowerBound.utf16Offset(in: $0) })
        #expect(columns.count == 1)
    }

    @Test func proveWritesCertificatesThatCheck() throws {
        let (folder, claims) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("prove.xml").path
        let prove = try FarkasProcess.run(["prove", claims, "--junit", junit])
        #expect(prove.status == 0, "\(prove.standardError)")
        let certificates = folder.appendingPathComponent(".farkas/hc2.claims")
        let written = try FileManager.default.contentsOfDirectory(atPath: certificates.path).filter { $0.hasSuffix(".farkascert") }
        #expect(written.count == 5)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<testsuites name="farkas" tests="5" failures="0">"#))

        let check = try FarkasProcess.run(["check", claims, "--junit", folder.appendingPathComponent("check.xml").path])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("5 of 5 certificates valid"))

        // One certificate on its own finds its claims file.
        let one = try FarkasProcess.run(["check", certificates.appendingPathComponent(written[0]).path])
        #expect(one.status == 0, "\(one.standardOutput)")
        #expect(one.standardOutput.contains("valid"))

        let reuse = try FarkasProcess.run(["prove", claims, "--reuse"])
        #expect(reuse.status == 0)
        #expect(reuse.standardOutput.contains("certificate re-checked"))
    }

    @Test func tamperedCertificateIsInvalidAndEditedClaimIsStale() throws {
        let (folder, claims) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("certs").path
        #expect(try FarkasProcess.run(["prove", claims, "--certificates", store]).status == 0)
        let certificate = URL(fileURLWithPath: store).appendingPathComponent("hc2.claims/correct.farkascert")
        var bytes = try [UInt8](Data(contentsOf: certificate))
        bytes[bytes.count - 1] ^= 0x01
        try Data(bytes).write(to: certificate)
        let tampered = try FarkasProcess.run(["check", claims, "--certificates", store])
        #expect(tampered.status == 1)
        #expect(tampered.standardOutput.contains("invalid  correct"), "\(tampered.standardOutput)")

        // --reuse searches again for an invalid certificate and replaces it.
        let repaired = try FarkasProcess.run(["prove", claims, "--certificates", store, "--reuse"])
        #expect(repaired.status == 0)
        #expect(Self.line(of: "correct", in: repaired.standardOutput)?.contains("conflict") == true, "\(repaired.standardOutput)")
        #expect(try FarkasProcess.run(["check", claims, "--certificates", store]).status == 0)

        // Editing a statement makes its certificate stale; --reuse proves it again.
        let source = try String(contentsOfFile: claims, encoding: .utf8)
        try (source + "\n").replacingOccurrences(of: "claim correct:", with: "claim correct:  ").write(toFile: claims, atomically: true, encoding: .utf8)
        let stale = try FarkasProcess.run(["check", claims, "--certificates", store])
        #expect(stale.status == 2, "\(stale.standardOutput)")
        #expect(stale.standardOutput.contains("stale    correct"))
        let reprove = try FarkasProcess.run(["prove", claims, "--certificates", store, "--reuse"])
        #expect(reprove.status == 0)
        #expect(reprove.standardOutput.contains("certificate re-checked"), "the other statements are reused")
        #expect(Self.line(of: "correct", in: reprove.standardOutput)?.contains("conflict") == true, "\(reprove.standardOutput)")
        #expect(try FarkasProcess.run(["check", claims, "--certificates", store]).status == 0)
    }
}
