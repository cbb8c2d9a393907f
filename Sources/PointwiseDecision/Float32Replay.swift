package import Claims
package import ExactArithmetic
package import ModelImport

/// A statement evaluated on PyTorch's float32 computation of the models
/// (``AttentionTransformer/float32Forward(_:)``): what a user running the
/// model sees, compared with the exact verdict. The claim's own arithmetic
/// on those float32 values is done in outward-rounded doubles.
package struct Float32Replay: Sendable {
    private let statement: PointwiseStatement
    private let networks: [Int: Float32Transformer]

    package init(_ statement: PointwiseStatement, networks: [Int: AttentionTransformer]) {
        self.statement = statement
        self.networks = networks.mapValues(Float32Transformer.init)
    }

    private func evaluator(_ tokens: [Int]) -> PointwiseEvaluator<Enclosure> {
        let signals = networks.mapValues { network in
            let trace = network.forward(tokens)
            func points(_ t: [[[Float]]]) -> [[[Enclosure]]] { t.map { $0.map { $0.map { Enclosure(exactly: Double($0)) } } } }
            return TransformerSignals(
                residual: points(trace.residual), scores: points(trace.scores), attention: points(trace.attention),
                logits: trace.logits.map { Enclosure(exactly: Double($0)) })
        }
        let low = tokens.min() ?? 0
        return PointwiseEvaluator(tokens: tokens, tokenRange: low...max(low, tokens.max() ?? 0), signals: signals, context: Enclosure(exactly: 0))
    }

    /// Whether the premise and the body hold in float32 (nil when the
    /// double arithmetic on top cannot tell, or the statement has no value).
    package func truth(_ tokens: [Int]) -> (premise: Bool, body: Bool)? {
        let e = evaluator(tokens)
        guard let premise = try? e.holds(statement.premise) else { return nil }
        guard premise else { return (false, false) }
        guard let body = try? e.holds(statement.body) else { return nil }
        return (true, body)
    }

    /// The readings in float32, by label.
    package func readings(_ tokens: [Int]) -> [String: Double] {
        let e = evaluator(tokens)
        var values: [String: Double] = [:]
        for (label, scalar) in statement.readings {
            if let v = try? e.value(scalar) { values[label] = (v.lower + v.upper) / 2 }
        }
        return values
    }
}
