#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where certificates live: `.farkas/<claims file name>/<statement>.farkascert`
/// next to each claims file, or under a chosen folder.
public struct CertificateStore: Sendable {
    /// The file extension of certificates.
    public static let fileExtension = "farkascert"

    /// A folder for all certificates, or nil for `.farkas` beside each claims file.
    public var directory: String?

    /// A store rooted at `directory` (nil: beside each claims file).
    public init(directory: String? = nil) {
        self.directory = directory
    }

    /// The folder holding the certificates of one claims file.
    public func folder(forClaimsFile claimsFile: String) -> String {
        let url = URL(fileURLWithPath: claimsFile)
        let root = directory.map { URL(fileURLWithPath: $0) } ?? url.deletingLastPathComponent().appendingPathComponent(".farkas")
        return root.appendingPathComponent(url.lastPathComponent).path
    }

    /// The certificate file of one statement.
    public func path(claimsFile: String, statement: String) -> String {
        URL(fileURLWithPath: folder(forClaimsFile: claimsFile)).appendingPathComponent("\(statement).\(Self.fileExtension)").path
    }

    /// The claims file's path as a certificate in `folder` records it: relative to that folder.
    static func relativePath(of file: String, from folder: String) -> String {
        let target = URL(fileURLWithPath: file).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...]).joined(separator: "/")
    }

    /// Writes a certificate, creating folders as needed.
    ///
    /// - Returns: the certificate's path.
    func write(_ certificate: Certificate, claimsFile: String) throws -> String {
        let path = self.path(claimsFile: claimsFile, statement: certificate.statement)
        try FileManager.default.createDirectory(atPath: folder(forClaimsFile: claimsFile), withIntermediateDirectories: true)
        try FileBytes.writeAtomically(certificate.encoded(), to: path)
        return path
    }

    /// Reads a certificate file.
    static func read(_ path: String) -> Result<Certificate, CertificateFormatError>? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do throws(CertificateFormatError) {
            return .success(try Certificate(decoding: [UInt8](data)))
        } catch {
            return .failure(error)
        }
    }
}
