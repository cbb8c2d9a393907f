import Foundation

/// Paths to test fixtures and example models, found from this file's location.
enum FixtureFiles {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func path(_ name: String) -> String {
        testsFolder.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}
