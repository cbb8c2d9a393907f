import Farkas

/// `farkas inspect`: describes model files.
struct Inspect: Subcommand {
    static let specification = CommandSpecification(
        name: "inspect",
        abstract: "Describe models: architecture, sizes, tensors, and first facts such as weight signs.",
        discussion: "A directory argument inspects every .pth and .safetensors file in it.",
        argumentName: "paths",
        argumentHelp: "Model files or directories.",
        acceptsSeveralArguments: true,
        options: modelOptions
    )

    let paths: [String]
    let sequenceLength: Int?
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        paths = arguments.positional
        sequenceLength = try arguments.integer("seq", in: 1...Int.max, command: Self.specification)
        json = arguments.flag("json")
    }

    func run() throws {
        let files = try expandPaths(paths, suffixes: [".pth", ".pt", ".safetensors"])
        var summaries: [ModelSummary] = []
        var failed = false
        for file in files {
            do {
                summaries.append(try Self.summary(of: file, sequenceLength: sequenceLength))
            } catch {
                failed = true
            }
        }
        if json {
            print(try jsonText(summaries))
        } else {
            print(summaries.map(\.text).joined(separator: "\n\n"))
        }
        if failed { throw ExitCode.dataError }
    }

    /// Summarises one file. A scalar-output RNN inspected without
    /// `--seq` is still described, with its sequence length marked as
    /// not fixed.
    static func summary(of file: String, sequenceLength: Int?) throws -> ModelSummary {
        if sequenceLength == nil {
            do {
                return ModelSummary(try LoadedModel(path: file))
            } catch .sequenceLength {
                return ModelSummary(try loadModel(file, sequenceLength: 1), sequenceLengthIsFixed: false)
            } catch {
                // Reported below, with the exit code that fits it.
            }
        }
        return ModelSummary(try loadModel(file, sequenceLength: sequenceLength))
    }
}
