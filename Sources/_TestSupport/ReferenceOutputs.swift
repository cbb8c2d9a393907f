import Foundation

/// The example models' PyTorch outputs, as recorded by
/// `examples/models/make_models.py` in `reference_outputs.json`.
public struct ReferenceOutputs: Decodable, Sendable {
    /// One model's recorded cases.
    public struct Model: Decodable, Sendable {
        /// The checkpoint's file name in `examples/models/`.
        public let file: String
        /// `rnn` or `transformer`.
        public let kind: String
        /// The sequence length.
        public let seq_len: Int
        /// Inputs and outputs.
        public let cases: [Case]
    }

    /// One input and PyTorch's float32 outputs, as exact decimal strings.
    public struct Case: Decodable, Sendable {
        /// RNN inputs as decimal strings (exact float32 values), or tokens.
        public let input: [Input]
        /// The logits.
        public let logits: [String]
        /// For RNNs, `hidden[t - 1][j]` is h[t][j].
        public let hidden: [[String]]?
    }

    /// An input entry: a decimal string (RNN) or an integer token (transformer).
    public enum Input: Decodable, Sendable {
        /// A real input, as the exact decimal text of a float32.
        case real(String)
        /// A token.
        case token(Int)

        /// Decodes either form.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let token = try? container.decode(Int.self) {
                self = .token(token)
            } else {
                self = .real(try container.decode(String.self))
            }
        }
    }

    /// The PyTorch version that produced the file.
    public let torch: String
    /// Models by name.
    public let models: [String: Model]

    /// The repository's root folder.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of a file in `examples/models/`.
    public static func exampleModelPath(_ file: String) -> String {
        repositoryRoot.appendingPathComponent("examples/models").appendingPathComponent(file).path
    }

    /// Loads `examples/models/reference_outputs.json`.
    public static func load() throws -> ReferenceOutputs {
        let data = try Data(contentsOf: URL(fileURLWithPath: exampleModelPath("reference_outputs.json")))
        return try JSONDecoder().decode(ReferenceOutputs.self, from: data)
    }
}
