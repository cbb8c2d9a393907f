import Certificates
import Claims
import ModelImport
import Synchronization

/// Loads the checkpoints of claims documents and remembers the SHA-256 of
/// the very bytes each network was built from, so a certificate binds to
/// the model that was verified, even if the file changes in the meantime,
/// and no checkpoint is read twice.
public final class DigestingModelLoader: Sendable {
    private let digests = Mutex<[String: SHA256Digest]>([:])

    /// A loader that has loaded nothing yet.
    public init() {}

    /// The loader to pass to ``ClaimsDocument/load(path:only:loadModel:)``.
    public var load: ClaimsDocument.ModelLoader {
        { [self] path, length throws(CheckpointError) in
            let bytes = try Checkpoint.fileBytes(atPath: path)
            let digest = SHA256Digest(of: bytes)
            digests.withLock { $0[path] = digest }
            return try Network(checkpoint: try Checkpoint(bytes: bytes), sequenceLength: length)
        }
    }

    /// The digest of each model of `document`: of the bytes this loader
    /// loaded, or, for a model it did not load, of the file as it is now.
    public func modelDigests(of document: ClaimsDocument) -> [ModelDigest] {
        let loaded = digests.withLock { $0 }
        let unloaded = document.models.filter { loaded[$0.path] == nil }
        let read = Certificate.modelDigests(of: unloaded)
        return document.models.compactMap { model in
            loaded[model.path].map { ModelDigest(name: model.name, digest: $0) } ?? read.first { $0.name == model.name }
        }
    }
}
