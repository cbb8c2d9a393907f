import ArgumentParser
import Farkas
import Foundation

extension FarkasCommand {
    struct ExportSMT: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-smt",
            abstract: "Write a statement's query as SMT-LIB 2, so any SMT solver can check Farkas's answer.",
            discussion: "For a claim, sat means refuted and unsat proved; for a witness, sat means found and unsat impossible."
        )

        @Argument(help: "The claims file.")
        var file: String

        @Option(help: "The claim or witness to export.")
        var statement: String

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() throws {
            let document: ClaimsDocument
            do {
                document = try ClaimsDocument.load(path: file, loadModel: Verifier.modelLoader)
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitStatus.dataError
            }
            guard let query = document.queries.first(where: { $0.name == statement }) else {
                reportError("\(file) has no claim or witness named '\(statement)'; it has: \(document.queries.map(\.name).joined(separator: ", "))")
                throw ExitStatus.dataError
            }
            if let output {
                try query.smtLIB.write(toFile: output, atomically: true, encoding: .utf8)
            } else {
                print(query.smtLIB, terminator: "")
            }
        }
    }
}
