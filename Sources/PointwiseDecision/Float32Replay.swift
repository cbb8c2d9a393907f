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
    /// Whether the statement reads a model's signals beyond its logits
    /// (then the whole trace is kept), by model index.
    private let readsTrace: [Int: Bool]
    /// The last layer's query rows the statement reads, by model index.
    private let lastLayerRows: [Int: [Int]]

    package init(_ statement: PointwiseStatement, networks: [Int: AttentionTransformer]) {
        self.statement = statement
        self.networks = networks.mapValues(Float32Transformer.init)
        var readsTrace: [Int: Bool] = [:]
        var rows: [Int: Set<Int>] = [:]
        for case .signal(let m, let family, let index) in statement.signalsRead where family != "logits" {
            readsTrace[m] = true
            // Rows of other layers are computed anyway; marking them too is harmless.
            if index.count == 3 { rows[m, default: []].insert(index[1]) }
        }
        self.readsTrace = readsTrace
        lastLayerRows = rows.mapValues { $0.sorted() }
    }

    private func evaluator(_ tokens: [Int]) -> PointwiseEvaluator<Enclosure> {
        let signals = Dictionary(uniqueKeysWithValues: networks.map { m, network in
            let trace = network.forward(tokens, lastLayerRows: lastLayerRows[m] ?? [], recording: readsTrace[m] ?? false)
            func points(_ t: [[[Float]]]) -> [[[Enclosure]]] { t.map { $0.map { $0.map { Enclosure(exactly: Double($0)) } } } }
            return (m, TransformerSignals(
                residual: points(trace.residual), scores: points(trace.scores), attention: points(trace.attention),
                logits: trace.logits.map { Enclosure(exactly: Double($0)) }))
        })
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
