import Certificates
import Claims
import Encoding
import Farkas
import Foundation
import Testing
import _TestSupport

/// Certificates bind to the bytes a network was built from.
@Suite struct DigestingModelLoaderTests {
    /// A scratch folder with a copy of the length-2 handcrafted model and a
    /// claims file that loads it.
    static func scratch() throws -> (folder: URL, claims: String, model: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let model = folder.appendingPathComponent("model.pth").path
        try FileManager.default.copyItem(atPath: ReferenceOutputs.exampleModelPath("handcrafted_2nd_argmax_2.pth"), toPath: model)
        let claims = folder.appendingPathComponent("m.claims").path
        try "model m = \"model.pth\"\ninput x in R^2\nclaim first: m.h[1][0] == relu(x[0])\n".write(toFile: claims, atomically: true, encoding: .utf8)
        return (folder, claims, model)
    }

    @Test func digestsAreOfTheLoadedBytesEvenAfterTheFileChanges() throws {
        let (folder, claims, model) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try [UInt8](Data(contentsOf: URL(fileURLWithPath: model)))
        let loader = DigestingModelLoader()
        let document = try ClaimsDocument.load(path: claims, loadModel: loader.load)
        // Replace the checkpoint by another model after loading.
        try FileManager.default.removeItem(atPath: model)
        try FileManager.default.copyItem(atPath: ReferenceOutputs.exampleModelPath("handcrafted_2nd_argmax_3.pth"), toPath: model)

        let digests = loader.modelDigests(of: document)
        #expect(digests == [ModelDigest(name: "m", digest: SHA256Digest(of: loaded))])
        #expect(Certificate.modelDigests(of: document) != digests)
    }

    @Test func aModelLoadedElsewhereIsDigestedFromItsFile() throws {
        let (folder, claims, _) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try ClaimsDocument.load(path: claims, loadModel: Verifier.modelLoader)
        let digests = DigestingModelLoader().modelDigests(of: document)
        #expect(digests.count == 1)
        #expect(digests == Certificate.modelDigests(of: document))
    }

    @Test func proveWritesTheDigestOfTheModelItVerified() throws {
        let (folder, claims, model) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try Verifier.verify(path: claims, certificates: Verifier.CertificatePolicy())
        #expect(report.statements.map(\.verdict.rawValue) == ["proved"])
        let path = try #require(report.statements.first?.certificate)
        let certificate = try Certificate(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: model)))
        #expect(certificate.modelDigests == [ModelDigest(name: "m", digest: SHA256Digest(of: bytes))])
    }
}
