import Foundation

/// The example models' PyTorch outputs, as recorded by
/// `examples/models/make_models.py` in `reference_outputs.json`.
package struct ReferenceOutputs: Decodable, Sendable {
    /// One model's recorded cases.
    package struct Model: Decodable, Sendable {
        /// The checkpoint's file name in `examples/models/`.
        package let file: String
        /// `rnn` or `transformer`.
        package let kind: String
        /// The sequence length.
        package let seq_len: Int
        /// Inputs and outputs.
        package let cases: [Case]
    }

    /// One input and PyTorch's float32 outputs, as exact decimal strings.
    package struct Case: Decodable, Sendable {
        /// RNN inputs as decimal strings (exact float32 values), or tokens.
        package let input: [Input]
        /// The logits.
        package let logits: [String]
        /// For RNNs, `hidden[t - 1][j]` is h[t][j].
        package let hidden: [[String]]?
    }

    /// An input entry: a decimal string (RNN) or an integer token (transformer).
    package enum Input: Decodable, Sendable {
        /// A real input, as the exact decimal text of a float32.
        case real(String)
        /// A token.
        case token(Int)

        /// Decodes either form.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let token = try? container.decode(Int.self) {
                self = .token(token)
            } else {
                self = .real(try container.decode(String.self))
            }
        }
    }

    /// The PyTorch version that produced the file.
    package let torch: String
    /// Models by name.
    package let models: [String: Model]

    /// The repository's root folder.
    package static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of a file in `examples/models/`.
    package static func exampleModelPath(_ file: String) -> String {
        repositoryRoot.appendingPathComponent("examples/models").appendingPathComponent(file).path
    }

    /// Loads `examples/models/reference_outputs.json`.
    package static func load() throws -> ReferenceOutputs {
        let data = try Data(contentsOf: URL(fileURLWithPath: exampleModelPath("reference_outputs.json")))
        return try JSONDecoder().decode(ReferenceOutputs.self, from: data)
    }
}
