import Certificates
import Claims
import ModelImport
import Models
import Synchronization

/// Loads the checkpoints of claims documents and keeps the very bytes each
/// network was built from, so a certificate binds to the model that was
/// verified, even if the file changes in the meantime, and no checkpoint
/// is read twice.
package final class DigestingModelLoader: Sendable {
    /// The bytes loaded from each path (hashed only when a certificate needs them).
    private let loaded = Mutex<[String: [UInt8]]>([:])

    /// A loader that has loaded nothing yet.
    package init() {}

    /// The loader to pass to ``ClaimsDocument/load(path:only:loadModel:)``.
    package var load: ClaimsDocument.ModelLoader {
        { [self] path, length throws(CheckpointError) in
            let bytes = try Checkpoint.fileBytes(atPath: path)
            loaded.withLock { $0[path] = bytes }
            return ModelFamilies.adapter(for: try Network(checkpoint: try Checkpoint(bytes: bytes), sequenceLength: length))
        }
    }

    /// The digest of each model of `document`: of the bytes this loader
    /// loaded, or, for a model it did not load, of the file as it is now.
    package func modelDigests(of document: ClaimsDocument) -> [ModelDigest] {
        let bytes = loaded.withLock { $0 }
        let unloaded = document.models.filter { bytes[$0.path] == nil }
        let read = Certificate.modelDigests(of: unloaded)
        return document.models.compactMap { model in
            bytes[model.path].map { ModelDigest(name: model.name, digest: SHA256Digest(of: $0)) } ?? read.first { $0.name == model.name }
        }
    }
}
