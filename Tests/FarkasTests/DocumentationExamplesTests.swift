import Foundation
import Testing
import _TestSupport
@testable import Farkas

/// Every claims example in docs/claims-language.md compiles as a file in
/// proofs/ and every statement in it is decided; every `$ swift run farkas
/// prove ...` sample in the README prints what the README shows (times aside).
@Suite struct DocumentationExamplesTests {
    static let root = ReferenceOutputs.repositoryRoot

    /// The fenced code blocks of a Markdown file.
    static func codeBlocks(_ file: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let open = current { blocks.append(open.joined(separator: "\n")) }
                current = current == nil ? [] : nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func everyClaimsExampleInTheLanguageDocsRuns() throws {
        let examples = try Self.codeBlocks("docs/claims-language.md").filter { block in
            block.split(separator: "\n").contains { $0.hasPrefix("model ") } && block.split(separator: "\n").contains { $0.hasPrefix("input ") }
        }
        #expect(examples.count >= 3)
        for example in examples {
            let document = try ClaimsDocument.compile(
                source: example + "\n", file: "example.claims", folder: Self.root.appendingPathComponent("proofs").path, loadModel: Verifier.modelLoader)
            #expect(!document.queries.isEmpty)
            for query in document.queries {
                let report = Verifier.decide(query, in: document, budget: SearchBudget(timeout: 60))
                #expect(report.verdict != .unknown && report.verdict != .internalError, "\(query.name): \(report.reason ?? "")")
            }
        }
    }

    /// Times and counts of the search's effort vary with the machine; the rest must match.
    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d+(\.\d+)? s\)"#, with: "T s)", options: .regularExpression)
            .replacingOccurrences(of: #" +\d+\.\d\d s$"#, with: " T s", options: .regularExpression)
            .split(separator: "\n").map { $0.replacingOccurrences(of: #" +\d+\.\d\d s$"#, with: " T s", options: .regularExpression) }
            .joined(separator: "\n")
    }

    @Test func everyProveSampleInTheReadmePrintsWhatItShows() throws {
        let samples = try Self.codeBlocks("README.md").filter { $0.hasPrefix("$ swift run farkas prove ") }
        #expect(samples.count >= 2)
        for sample in samples {
            var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let command = lines.removeFirst().dropFirst("$ swift run farkas ".count).split(separator: " ").map(String.init)
            let run = try FarkasProcess.run(command + ["--no-certificates"])
            #expect(Self.normalized(run.standardOutput.trimmingCharacters(in: .newlines)) == Self.normalized(lines.joined(separator: "\n")), "\(command)")
        }
    }
}
