import ArgumentParser
import Farkas
import Foundation

extension FarkasCommand {
    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove or refute every claim and witness in .claims files.",
            discussion: """
                A directory argument runs every .claims file in it. Exit status: 0 when every claim \
                is proved and every witness found; 1 when any is refuted or impossible; 2 when any \
                is unknown (a budget ran out); 65 when a file cannot be accepted; 70 on an internal error.
                """
        )

        @Argument(help: "Claims files or directories.")
        var paths: [String]

        @Option(help: "Stop a statement after learning from this many conflicts (verdict: unknown).")
        var maxConflicts: Int?

        @Option(help: "Stop a statement after this many seconds (verdict: unknown).")
        var timeout: Double?

        @Option(help: "Decide this many statements of a file at once (default: one per core). Verdicts and certificates do not depend on it, unless a timeout runs out.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(name: .customLong("statement"), help: "Run only the claims and witnesses with these names (repeat for several); the others are parsed but not lowered. A name that is in none of the files is an error.")
        var statements: [String] = []

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @Option(help: "Write certificates under this folder (default: .farkas/ beside each claims file).")
        var certificates: String?

        @Flag(help: "Write no certificates.")
        var noCertificates = false

        @Flag(help: "Re-check existing valid certificates instead of searching; search only for stale or missing ones.")
        var reuse = false

        @Option(help: "Also write the results as JUnit XML to this file.")
        var junit: String?

        func run() throws {
            let files = try expandPaths(paths, suffixes: [".claims"])
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            let budget = SearchBudget(maximumConflicts: maxConflicts, timeout: timeout, progress: ProgressLine.make())
            var reports: [FileReport] = []
            var rejected = false
            for file in files {
                do {
                    let policy = noCertificates ? nil : Verifier.CertificatePolicy(store: CertificateStore(directory: certificates), reuse: reuse)
                    let report = try Verifier.verify(path: file, budget: budget, only: Set(statements), certificates: policy, jobs: jobs)
                    ProgressLine.clear()
                    reports.append(report)
                    if !json, statements.isEmpty || !report.statements.isEmpty { print(report.text) }
                } catch {
                    FileHandle.standardError.write(Data((error.description + "\n").utf8))
                    rejected = true
                }
            }
            if json { print(try jsonText(reports)) }
            let found = Set(reports.flatMap(\.statements).map(\.name))
            let missing = statements.filter { !found.contains($0) }
            if !rejected, !missing.isEmpty {
                reportError("no claim or witness named \(missing.map { "'\($0)'" }.joined(separator: ", ")) in \(files.joined(separator: ", "))")
                throw ExitStatus.usage
            }
            if let junit { try writeText(JUnitReport.xml(prove: reports), to: junit) }
            let verdicts = reports.flatMap(\.statements).map(\.verdict)
            if verdicts.contains(.internalError) { throw ExitCode(70) }
            if rejected { throw ExitStatus.dataError }
            if verdicts.contains(.refuted) || verdicts.contains(.impossible) { throw ExitCode(1) }
            if verdicts.contains(.unknown) { throw ExitCode(2) }
        }
    }
}
