import Farkas

/// `farkas export-smt`: writes one statement's query as SMT-LIB 2.
struct ExportSMT: Subcommand {
    static let specification = CommandSpecification(
        name: "export-smt",
        abstract: "Write a statement's query as SMT-LIB 2, so any SMT solver can check Farkas's answer.",
        discussion: "For a claim, sat means refuted and unsat proved; for a witness, sat means found and unsat impossible. A maximize or minimize becomes a script for z3's Optimize: (get-objectives) prints the optimum; unsat means infeasible.",
        argumentName: "file",
        argumentHelp: "The claims file.",
        acceptsSeveralArguments: false,
        options: [
            .value("statement", "name", help: "The claim or witness to export. Required."),
            .value("output", "file", short: "o", help: "Write to this file instead of standard output."),
        ]
    )

    let file: String
    let statement: String
    let output: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional[0]
        guard let statement = arguments.string("statement") else { throw UsageError("missing --statement <name>", command: Self.specification) }
        self.statement = statement
        output = arguments.string("output")
    }

    func run() throws {
        let document: ClaimsDocument
        do {
            document = try ClaimsDocument.load(path: file, loadModel: Verifier.modelLoader)
        } catch {
            writeToStandardError(error.description + "\n")
            throw error.isMissingFile ? ExitCode.noInput : ExitCode.dataError
        }
        guard let query = document.queries.first(where: { $0.name == statement }) else {
            throw reportUnknownStatements([statement], in: [file])
        }
        if let output {
            try writeText(query.smtLIB, to: output)
        } else {
            print(query.smtLIB, terminator: "")
        }
    }
}
