import Farkas

/// `farkas check`: re-verifies certificates without searching.
struct Check: Subcommand {
    static let specification = CommandSpecification(
        name: "check",
        abstract: "Re-check certificates with the independent checker, without searching.",
        discussion: """
            Arguments are .claims files (every statement's certificate is checked), directories \
            (every .claims file in them), or .farkascert files. Prints valid, stale (the model or \
            statement changed since the proof) or invalid (with the reason) per statement. \
            Exit status: 0 when every certificate is valid and certifies a proved claim or a found \
            witness; 1 when any is invalid or certifies a refuted claim or an impossible witness; \
            2 when any is stale or missing; 65 when a claims file cannot be accepted.
            """,
        argumentName: "paths",
        argumentHelp: "Claims files, directories, or certificate files.",
        acceptsSeveralArguments: true,
        options: [
            .value("certificates", "folder", help: "Look for certificates under this folder (default: .farkas/ beside each claims file)."),
            .flag("json", help: "Print JSON instead of text."),
            .value("junit", "file", help: "Also write the results as JUnit XML to this file."),
        ]
    )

    let paths: [String]
    let certificates: String?
    let json: Bool
    let junit: String?

    init(_ arguments: ParsedArguments) {
        paths = arguments.positional
        certificates = arguments.string("certificates")
        json = arguments.flag("json")
        junit = arguments.string("junit")
    }

    func run() throws {
        let files = try expandPaths(paths, suffixes: [".claims"])
        let store = CertificateStore(directory: certificates)
        var reports: [CheckReport] = []
        var rejected = false
        var missingFile = false
        for file in files {
            if file.hasSuffix("." + CertificateStore.fileExtension) {
                reports.append(CertificateAudit.check(certificateFile: file))
            } else {
                do {
                    reports.append(try CertificateAudit.check(claimsFile: file, store: store))
                } catch {
                    writeToStandardError(error.description + "\n")
                    rejected = true
                    missingFile = missingFile || error.isMissingFile
                    continue
                }
            }
            if !json, let last = reports.last { print(last.text) }
        }
        if json { print(try jsonText(reports)) }
        if let junit { try writeText(JUnitReport.xml(check: reports), to: junit) }
        let statements = reports.flatMap(\.statements)
        if rejected { throw missingFile ? ExitCode.noInput : ExitCode.dataError }
        let badVerdict = statements.contains { $0.verdict == .refuted || $0.verdict == .impossible }
        if statements.contains(where: { $0.status == .invalid }) || badVerdict { throw ExitCode(1) }
        if statements.contains(where: { $0.status == .stale || $0.status == .missing }) { throw ExitCode(2) }
    }
}
