import ArgumentParser
import Farkas
import Foundation

extension FarkasCommand {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Describe models: architecture, sizes, tensors, and first facts such as weight signs.",
            discussion: "A directory argument inspects every .pth and .safetensors file in it."
        )

        @Argument(help: "Model files or directories.")
        var paths: [String]

        @OptionGroup var options: ModelOptions

        func run() throws {
            let files = try expandPaths(paths, suffixes: [".pth", ".pt", ".safetensors"])
            var summaries: [ModelSummary] = []
            var failed = false
            for file in files {
                do {
                    summaries.append(try Self.summary(of: file, sequenceLength: options.sequenceLength))
                } catch {
                    failed = true
                }
            }
            if options.json {
                print(try jsonText(summaries))
            } else {
                print(summaries.map(\.text).joined(separator: "\n\n"))
            }
            if failed { throw ExitStatus.dataError }
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
}
