import ArgumentParser
import Farkas

extension FarkasCommand {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate every signal of a model at one input, exactly and in float32.",
            discussion: """
                Inputs are exact: 0.1 is 1/10, -2/3 is two thirds. The float32 column is what \
                PyTorch computes from the nearest float32 inputs; the last column shows where \
                float32 and exact arithmetic differ.
                """
        )

        @Argument(help: "The model file (.pth or .safetensors).")
        var model: String

        @Option(parsing: .unconditional, help: "The input, such as \"0.5, -1, 2\" (tokens for a transformer).")
        var input: String

        @Option(help: "Fraction digits in the display columns.")
        var digits = 8

        @OptionGroup var options: ModelOptions

        func validate() throws {
            guard (0...60).contains(digits) else { throw ValidationError("--digits must be between 0 and 60") }
        }

        func run() throws {
            let loaded = try loadModel(model, sequenceLength: options.sequenceLength)
            let report: EvaluationReport
            do {
                let count: Int
                switch loaded.network {
                case .recurrent(let rnn): count = rnn.sequenceLength
                case .transformer(let t): count = t.sequenceLength
                }
                let x = try EvaluationReport.parseInput(input, expectedCount: count)
                report = try EvaluationReport(model: loaded, input: x, digits: digits)
            } catch {
                reportError("--input: \(error)")
                throw ExitStatus.dataError
            }
            print(options.json ? try jsonText(report) : report.text)
        }
    }
}
