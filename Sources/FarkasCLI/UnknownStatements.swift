import Farkas

/// The error for `--statement NAME` naming nothing in the files, with the
/// statements they have and the closest name: prove and export-smt say it
/// alike and exit 64, as for any command line Farkas cannot run.
func reportUnknownStatements(_ missing: [String], in files: [String]) -> ExitCode {
    var names: [String] = []
    for file in files {
        if let document = try? ClaimsDocument.load(path: file) { names += document.statements.map(\.name) }
    }
    for name in missing {
        let hint = suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
        reportError("no claim or witness named '\(name)' in \(files.joined(separator: ", "))\(hint)")
    }
    if !names.isEmpty { writeToStandardError("note: its statements: \(names.joined(separator: ", "))\n") }
    return ExitCode.usage
}
