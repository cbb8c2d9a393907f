import Farkas
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `farkas prove`: decides every claim and witness of claims files.
struct Prove: Subcommand {
    static let specification = CommandSpecification(
        name: "prove",
        abstract: "Prove or refute every claim and witness in .claims files.",
        discussion: """
            A directory argument runs every .claims file in it. Exit status: 0 when every claim \
            is proved and every witness found; 1 when any is refuted or impossible; 2 when any \
            is unknown (a budget ran out); 64 for a bad command line or an unknown --statement \
            name; 65 when a file cannot be accepted; 70 on an internal error.
            """,
        argumentName: "paths",
        argumentHelp: "Claims files or directories.",
        acceptsSeveralArguments: true,
        options: [
            .value("max-conflicts", "n", help: "Stop a statement after learning from this many conflicts (verdict: unknown); a search split by cases stops when one case reaches it."),
            .value("timeout", "seconds", help: "Stop a statement after this many seconds (verdict: unknown)."),
            .value("precision", "bits", help: "Bracket Gaussian measures on R^2 and R^3 with angles to this many binary digits (16 to 1024; default 128)."),
            .value("samples", "n", help: "Estimate measures that are neither certified nor estimated from cones (R^n past 5 inputs, boxes past the plane) from this many seeded samples, each decided exactly (100 to 1,000,000,000; default 100,000)."),
            .value("jobs", "n", help: "Decide this many statements of a file, or cases of a statement's top-level split, at once (default: one per core). Verdicts and certificates do not depend on it, unless a timeout runs out."),
            .value("statement", "name", help: "Run only the claims and witnesses with these names (repeat for several); the others are parsed but not lowered. A name that is in none of the files is an error."),
            .flag("json", help: "Print JSON instead of text."),
            .value("certificates", "folder", help: "Write certificates under this folder (default: .farkas/ beside each claims file)."),
            .flag("no-certificates", help: "Write no certificates."),
            .flag("reuse", help: "Re-check existing valid certificates instead of searching; search only for stale or missing ones. Measures are always measured again."),
            .value("junit", "file", help: "Also write the results as JUnit XML to this file."),
            .flag("strict", help: "Fail (exit 1) when a claim or witness holds vacuously: no input satisfies its assumptions and where part."),
        ]
    )

    let paths: [String]
    let maxConflicts: Int?
    let timeout: Double?
    let precision: Int
    let samples: Int
    let jobs: Int
    let statements: [String]
    let json: Bool
    let certificates: String?
    let noCertificates: Bool
    let reuse: Bool
    let junit: String?
    let strict: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        paths = arguments.positional
        maxConflicts = try arguments.integer("max-conflicts", in: 1...Int.max, command: Self.specification)
        timeout = try arguments.positiveNumber("timeout", command: Self.specification)
        precision = try arguments.integer("precision", in: 16...1024, command: Self.specification) ?? 128
        samples = try arguments.integer("samples", in: 100...1_000_000_000, command: Self.specification) ?? 100_000
        jobs = try arguments.integer("jobs", in: 1...Int.max, command: Self.specification) ?? ProcessInfo.processInfo.activeProcessorCount
        statements = arguments.strings("statement")
        json = arguments.flag("json")
        certificates = arguments.string("certificates")
        noCertificates = arguments.flag("no-certificates")
        reuse = arguments.flag("reuse")
        junit = arguments.string("junit")
        strict = arguments.flag("strict")
    }

    func run() throws {
        let files = try expandPaths(paths, suffixes: [".claims"])
        var budget = SearchBudget(maximumConflicts: maxConflicts, timeout: timeout, progress: ProgressLine.make())
        budget.precisionBits = precision
        budget.samples = samples
        var reports: [FileReport] = []
        var rejected = false
        var missingFile = false
        for file in files {
            do {
                let policy = noCertificates ? nil : Verifier.CertificatePolicy(store: CertificateStore(directory: certificates), reuse: reuse)
                let report = try Verifier.verify(path: file, budget: budget, only: Set(statements), certificates: policy, jobs: jobs)
                ProgressLine.clear()
                reports.append(report)
                if !json, statements.isEmpty || !report.statements.isEmpty { print(report.text) }
            } catch {
                writeToStandardError(error.description + "\n")
                rejected = true
                missingFile = missingFile || error.isMissingFile
            }
        }
        if json { print(try jsonText(reports)) }
        let found = Set(reports.flatMap(\.statements).map(\.name))
        let missing = statements.filter { !found.contains($0) }
        if !rejected, !missing.isEmpty { throw reportUnknownStatements(missing, in: files) }
        if let junit { try writeText(JUnitReport.xml(prove: reports), to: junit) }
        let verdicts = reports.flatMap(\.statements).map(\.verdict)
        if verdicts.contains(.internalError) { throw ExitCode.internalError }
        if rejected { throw missingFile ? ExitCode.noInput : ExitCode.dataError }
        if verdicts.contains(.refuted) || verdicts.contains(.impossible) { throw ExitCode(1) }
        let vacuous = reports.flatMap(\.statements).filter { $0.vacuous != nil }.map(\.name)
        if strict, !vacuous.isEmpty {
            reportError("--strict: \(vacuous.map { "'\($0)'" }.joined(separator: ", ")) hold\(vacuous.count == 1 ? "s" : "") vacuously")
            throw ExitCode(1)
        }
        if verdicts.contains(.unknown) { throw ExitCode(2) }
    }
}
