import Farkas

/// `farkas eval`: evaluates a model at one input, exactly and in float32.
struct Eval: Subcommand {
    static let specification = CommandSpecification(
        name: "eval",
        abstract: "Evaluate every signal of a model at one input, exactly and in float32.",
        discussion: """
            Inputs are exact: 0.1 is 1/10, -2/3 is two thirds. The float32 column is what \
            PyTorch computes from the nearest float32 inputs; the last column shows where \
            float32 and exact arithmetic differ.
            """,
        argumentName: "model",
        argumentHelp: "The model file (.pth or .safetensors).",
        acceptsSeveralArguments: false,
        options: [
            .value("input", "values", help: "The input, such as \"0.5, -1, 2\" (tokens for a transformer). Required."),
            .value("digits", "n", help: "Fraction digits in the display columns (default: 8)."),
            .value("task", "name", help: "The task to compare the output with: 2nd-argmax, argmedian, median or longest-cycle (default: from the file name, when it names one)."),
        ] + modelOptions
    )

    let model: String
    let input: String
    let digits: Int
    let sequenceLength: Int?
    let json: Bool
    let task: AlgZooTask?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        model = arguments.positional[0]
        guard let input = arguments.string("input") else { throw UsageError("missing --input <values>", command: Self.specification) }
        self.input = input
        digits = try arguments.integer("digits", in: 0...60, command: Self.specification) ?? 8
        sequenceLength = try arguments.integer("seq", in: 1...Int.max, command: Self.specification)
        json = arguments.flag("json")
        task = try arguments.task(command: Self.specification)
    }

    func run() throws {
        let loaded = try loadModel(model, sequenceLength: sequenceLength)
        let report: EvaluationReport
        do {
            let x = try EvaluationReport.parseInput(input, expectedCount: loaded.adapter.inputCount)
            report = try EvaluationReport(model: loaded, input: x, digits: digits, task: task)
        } catch {
            reportError("--input: \(error)")
            throw ExitCode.dataError
        }
        print(json ? try jsonText(report) : report.text)
    }
}
