package import ExactArithmetic

/// A model Farkas recognised from a checkpoint's tensor names and shapes.
package enum Network: Sendable, Equatable {
    /// A one-layer ReLU RNN (AlgZoo `DistRNN` or `ScalarRNN`).
    case recurrent(RecurrentNetwork)
    /// An attention-only transformer (AlgZoo longest-cycle family).
    case transformer(AttentionTransformer)

    /// Recognises the architecture of a checkpoint.
    ///
    /// - Parameters:
    ///   - checkpoint: the tensors.
    ///   - sequenceLength: required for scalar-output RNNs, whose tensors do
    ///     not fix it; when given for other models it must agree with them.
    /// - Throws: ``CheckpointError/unknownArchitecture(reason:tensors:)``
    ///   listing the tensors, or ``CheckpointError/sequenceLength(_:)``.
    package init(checkpoint: Checkpoint, sequenceLength: Int? = nil) throws(CheckpointError) {
        let names = Set(checkpoint.tensors.map(\.name))
        if names.contains("rnn.weight_ih_l0") {
            self = .recurrent(try Self.recurrent(checkpoint, sequenceLength: sequenceLength))
        } else if names.contains("embed.weight") && names.contains("pos_embed.weight") {
            self = .transformer(try Self.transformer(checkpoint, sequenceLength: sequenceLength))
        } else {
            throw Self.unknown(checkpoint, "expected AlgZoo RNN tensors (rnn.weight_ih_l0, ...) or transformer tensors (embed.weight, pos_embed.weight, ...)")
        }
    }

    /// The architecture's name as users know it.
    package var architectureName: String {
        switch self {
        case .recurrent(let rnn): return rnn.outputKind == .scalar ? "ScalarRNN" : "DistRNN"
        case .transformer: return "DistTransformer"
        }
    }

    private static func unknown(_ checkpoint: Checkpoint, _ reason: String) -> CheckpointError {
        .unknownArchitecture(reason: reason, tensors: checkpoint.tensors.map { "\($0.name) \($0.shapeDescription)" })
    }

    /// A tensor of an exact shape, as rows.
    private static func matrix(_ c: Checkpoint, _ name: String, rows: Int?, columns: Int?) throws(CheckpointError) -> (rows: [[Rational]], floats: [[Float]]) {
        guard let t = c.tensor(named: name) else { throw unknown(c, "missing \(name)") }
        guard t.shape.count == 2, rows.map({ $0 == t.shape[0] }) ?? true, columns.map({ $0 == t.shape[1] }) ?? true else {
            throw unknown(c, "\(name) has shape \(t.shapeDescription), expected [\(rows.map(String.init) ?? "*"), \(columns.map(String.init) ?? "*")]")
        }
        let width = t.shape[1]
        let exact = (0..<t.shape[0]).map { r in Array(t.values[(r * width)..<((r + 1) * width)]) }
        let floats = (0..<t.shape[0]).map { r in t.doubles[(r * width)..<((r + 1) * width)].map { Float($0) } }
        return (exact, floats)
    }

    private static func vector(_ c: Checkpoint, _ name: String, count: Int) throws(CheckpointError) -> (values: [Rational], floats: [Float])? {
        guard let t = c.tensor(named: name) else { return nil }
        guard t.shape == [count] else { throw unknown(c, "\(name) has shape \(t.shapeDescription), expected [\(count)]") }
        return (t.values, t.doubles.map { Float($0) })
    }

    private static func recurrent(_ c: Checkpoint, sequenceLength: Int?) throws(CheckpointError) -> RecurrentNetwork {
        let input = try matrix(c, "rnn.weight_ih_l0", rows: nil, columns: 1)
        let d = input.rows.count
        guard d > 0 else { throw unknown(c, "rnn.weight_ih_l0 has no rows") }
        let recurrent = try matrix(c, "rnn.weight_hh_l0", rows: d, columns: d)
        let output = try matrix(c, "linear.weight", rows: nil, columns: d)
        let inputBias = try vector(c, "rnn.bias_ih_l0", count: d)
        let recurrentBias = try vector(c, "rnn.bias_hh_l0", count: d)
        let outputBias = try vector(c, "linear.bias", count: output.rows.count)
        let known: Set = ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "linear.weight", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "linear.bias"]
        if let extra = c.tensors.first(where: { !known.contains($0.name) }) {
            throw unknown(c, "unexpected tensor \(extra.name) for a one-layer RNN")
        }
        let outputs = output.rows.count
        let kind: RecurrentNetwork.OutputKind = outputs == 1 ? .scalar : .distribution
        let length: Int
        switch (kind, sequenceLength) {
        case (.scalar, nil):
            throw .sequenceLength("scalar-output RNN: its tensors do not fix the sequence length; give it (`--seq N`, or `seq N` in a claims file)")
        case (.scalar, let n?):
            guard n >= 1 else { throw .sequenceLength("sequence length must be at least 1, got \(n)") }
            length = n
        case (.distribution, let n?) where n != outputs:
            throw .sequenceLength("this RNN outputs \(outputs) logits, one per position, so its sequence length is \(outputs), not \(n)")
        case (.distribution, _):
            length = outputs
        }
        var hiddenBias: [Rational]? = nil
        if inputBias != nil || recurrentBias != nil {
            hiddenBias = (0..<d).map { j in (inputBias?.values[j] ?? .zero) + (recurrentBias?.values[j] ?? .zero) }
        }
        return RecurrentNetwork(
            hiddenSize: d, sequenceLength: length, outputKind: kind,
            inputWeights: input.rows.map { $0[0] }, recurrentWeights: recurrent.rows, outputWeights: output.rows,
            hiddenBias: hiddenBias, outputBias: outputBias?.values,
            storedFloats: .init(
                input: input.floats.map { $0[0] }, recurrent: recurrent.floats, output: output.floats,
                inputBias: inputBias?.floats, recurrentBias: recurrentBias?.floats, outputBias: outputBias?.floats))
    }

    private static func transformer(_ c: Checkpoint, sequenceLength: Int?) throws(CheckpointError) -> AttentionTransformer {
        let embed = try matrix(c, "embed.weight", rows: nil, columns: nil)
        let h = embed.rows.first?.count ?? 0
        guard h > 0 else { throw unknown(c, "embed.weight is empty") }
        let positions = try matrix(c, "pos_embed.weight", rows: nil, columns: h)
        let unembed = try matrix(c, "unembed.weight", rows: nil, columns: h)
        var layers: [AttentionTransformer.Layer] = []
        var known: Set = ["embed.weight", "pos_embed.weight", "unembed.weight"]
        while c.tensor(named: "attns.\(layers.count).in_proj_weight") != nil {
            let i = layers.count
            let inProj = try matrix(c, "attns.\(i).in_proj_weight", rows: 3 * h, columns: h).rows
            let outProj = try matrix(c, "attns.\(i).out_proj.weight", rows: h, columns: h).rows
            known.formUnion(["attns.\(i).in_proj_weight", "attns.\(i).out_proj.weight"])
            layers.append(.init(query: Array(inProj[0..<h]), key: Array(inProj[h..<(2 * h)]), value: Array(inProj[(2 * h)...]), output: outProj))
        }
        if let extra = c.tensors.first(where: { !known.contains($0.name) }) {
            throw unknown(c, "unexpected tensor \(extra.name) (attention-only transformers with biases are not supported yet)")
        }
        guard !layers.isEmpty else { throw unknown(c, "no attention layers (attns.0.in_proj_weight)") }
        let length = positions.rows.count
        if let n = sequenceLength, n != length {
            throw .sequenceLength("this transformer has \(length) position embeddings, so its sequence length is \(length), not \(n)")
        }
        return AttentionTransformer(
            hiddenSize: h, sequenceLength: length, inputRange: embed.rows.count, embedding: embed.rows,
            positionEmbedding: positions.rows, layers: layers, unembedding: unembed.rows,
            parameterCount: c.tensors.reduce(0) { $0 + $1.values.count })
    }
}
