
/// What `farkas inspect` reports about a model: its architecture, sizes,
/// tensors, and the facts a researcher checks first.
public struct ModelSummary: Sendable, Codable, Equatable {
    /// One stored tensor.
    public struct TensorInfo: Sendable, Codable, Equatable {
        /// The state-dict key.
        public let name: String
        /// Its sizes.
        public let shape: [Int]
        /// Its element type.
        public let dtype: String
        /// Its values as stored (shortest decimal text that reads back to
        /// the same number), row by row of its last dimension.
        public let values: [[String]]
    }

    /// The file.
    public let path: String
    /// `pytorch` or `safetensors`.
    public let format: String
    /// `DistRNN`, `ScalarRNN` or `DistTransformer`.
    public let architecture: String
    /// Hidden size (RNN) or model width (transformer).
    public let hiddenSize: Int
    /// Sequence length; nil for a scalar-output RNN inspected without one
    /// (its tensors do not fix it).
    public let sequenceLength: Int?
    /// Number of outputs.
    public let outputSize: Int
    /// Stored parameters.
    public let parameterCount: Int
    /// The tensors in file order.
    public let tensors: [TensorInfo]
    /// Facts such as sign patterns and homogeneity, one sentence each.
    public let facts: [String]

    /// Summarises a loaded model.
    ///
    /// - Parameter sequenceLengthIsFixed: false when the model was loaded
    ///   with a placeholder length because its tensors do not fix one.
    public init(_ model: LoadedModel, sequenceLengthIsFixed: Bool = true) {
        path = model.path
        format = model.checkpoint.format.rawValue
        architecture = model.network.architectureName
        tensors = model.checkpoint.tensors.map { t in
            let width = max(1, t.shape.last ?? 1)
            let texts = t.doubles.map { Self.shortest($0, t.scalarType.rawValue) }
            let rows = stride(from: 0, to: texts.count, by: width).map { Array(texts[$0..<min($0 + width, texts.count)]) }
            return TensorInfo(name: t.name, shape: t.shape, dtype: t.scalarType.rawValue, values: rows)
        }
        switch model.network {
        case .recurrent(let rnn):
            hiddenSize = rnn.hiddenSize
            sequenceLength = sequenceLengthIsFixed ? rnn.sequenceLength : nil
            outputSize = rnn.outputSize
            parameterCount = rnn.parameterCount
            facts = Self.facts(about: rnn)
        case .transformer(let t):
            hiddenSize = t.hiddenSize
            sequenceLength = t.sequenceLength
            outputSize = t.outputSize
            parameterCount = t.parameterCount
            facts = [
                "\(t.layers.count) attention layer(s), 1 head each, no MLP, no LayerNorm, no mask",
                "inputs are tokens in {0..\(t.inputRange - 1)}^\(t.sequenceLength); logits read at the last position",
            ]
        }
    }

    /// A stored number as text: a float32's shortest form for float32 tensors.
    private static func shortest(_ value: Double, _ dtype: String) -> String {
        dtype == "float32" ? "\(Float(value))" : "\(value)"
    }

    /// The most rows of a tensor the text shows; `--json` has them all.
    static let shownRows = 16

    private static func signs(_ values: [Rational]) -> String {
        values.map { $0.signum > 0 ? "+" : ($0.signum < 0 ? "-" : "0") }.joined()
    }

    private static func facts(about rnn: RecurrentNetwork) -> [String] {
        let d = rnn.hiddenSize
        var facts: [String] = []
        facts.append("sign pattern of W_hi (neurons 0..\(d - 1)): \(signs(rnn.inputWeights))")
        let positive = rnn.inputWeights.filter { $0.signum > 0 }.count
        let negative = rnn.inputWeights.filter { $0.signum < 0 }.count
        facts.append("W_hi: \(positive) positive, \(negative) negative, \(d - positive - negative) zero")
        facts.append("sign pattern of diag(W_hh): \(signs((0..<d).map { rnn.recurrentWeights[$0][$0] }))")
        let zeros = rnn.recurrentWeights.joined().filter(\.isZero).count
        facts.append("W_hh: \(zeros) of \(d * d) entries are exactly zero")
        if rnn.isBiasFree {
            facts.append("bias-free: the model is positively homogeneous (f(c x) = c f(x) for c >= 0), so its linear regions are cones")
        } else {
            facts.append("has biases: regions are polyhedra, not cones")
        }
        let dyadic = (rnn.inputWeights + Array(rnn.recurrentWeights.joined()) + Array(rnn.outputWeights.joined()))
        let largestDenominator = dyadic.map { value -> Int in
            let text = value.description
            guard let slash = text.firstIndex(of: "/") else { return 0 }
            return text[text.index(after: slash)...].count
        }.max() ?? 0
        facts.append(largestDenominator == 0 ? "every weight is an integer" : "weights are exact dyadic rationals (denominators up to \(largestDenominator) digits)")
        return facts
    }

    /// The summary as aligned text.
    public var text: String {
        var lines = [
            path,
            "  architecture    \(architecture) (\(format))",
            "  hidden size     \(hiddenSize)",
            "  sequence length \(sequenceLength.map(String.init) ?? "not fixed by the tensors (give --seq N)")",
            "  outputs         \(outputSize)",
            "  parameters      \(parameterCount)",
            "  tensors",
        ]
        let width = tensors.map(\.name.count).max() ?? 0
        for t in tensors {
            let shape = "[" + t.shape.map(String.init).joined(separator: ", ") + "]"
            lines.append("    \(t.name.padded(to: width))  \(shape) \(t.dtype)")
            let columns = (0..<(t.values.first?.count ?? 0)).map { c in t.values.prefix(Self.shownRows).map { $0[c].count }.max() ?? 0 }
            for row in t.values.prefix(Self.shownRows) {
                lines.append("      " + zip(row, columns).map { $0.padded(to: $1) }.joined(separator: "  ").trimmingTrailingSpaces())
            }
            if t.values.count > Self.shownRows { lines.append("      ... \(t.values.count - Self.shownRows) more rows in --json") }
        }
        lines.append("  facts")
        lines += facts.map { "    - \($0)" }
        return lines.joined(separator: "\n")
    }
}
