import Models
import Claims
import Encoding
import Foundation
import ModelImport

/// Paths and a model loader for the claims tests.
enum ClaimsFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let loader: ClaimsDocument.ModelLoader = { path, length throws(CheckpointError) in
        try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
    }

    /// Compiles source text as if it were a file in the fixtures folder.
    static func compile(_ source: String, file: String = "test.claims") throws(ClaimsFileError) -> ClaimsDocument {
        try ClaimsDocument.compile(source: source, file: file, folder: folder.path, loadModel: loader)
    }
}
