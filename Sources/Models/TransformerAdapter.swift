package import ExactArithmetic
package import ModelImport
package import PiecewiseLinear

/// An attention-only transformer (AlgZoo's longest-cycle `DistTransformer`)
/// as claims read it. Its softmax is not piecewise-linear, so it does not
/// lower into a program: claims about it are decided input by input over a
/// finite domain. Its signals are `logits[i]`, `attn[l][q][k]`,
/// `scores[l][q][k]` and `resid[l][p][i]`; its float32 reference evaluation
/// gives the same.
package struct TransformerAdapter: PointwiseModelAdapter {
    /// The transformer's exact weights.
    package let network: AttentionTransformer

    /// The adapter of `network`.
    package init(_ network: AttentionTransformer) {
        self.network = network
    }

    package var architectureName: String { "DistTransformer" }
    package var inputCount: Int { network.sequenceLength }
    package var inputDomain: ModelInputDomain { .tokens(count: network.inputRange) }
    package var signalNames: [String] { signalShapes.map(\.name) + namedWeights.map(\.name) }
    package var tokenCount: Int { network.inputRange }
    package var probabilityRows: [String] { ["attn"] }

    package var signalShapes: [(name: String, shape: [Int])] {
        let (layers, n, h) = (network.layers.count, network.sequenceLength, network.hiddenSize)
        return [("logits", [network.outputSize]), ("attn", [layers, n, n]), ("scores", [layers, n, n]), ("resid", [layers + 1, n, h])]
    }

    package var namedWeights: [(name: String, shape: [Int], entries: [Rational])] {
        func matrix(_ name: String, _ rows: [[Rational]]) -> (name: String, shape: [Int], entries: [Rational]) {
            (name, [rows.count, rows.first?.count ?? 0], rows.flatMap { $0 })
        }
        var weights = [matrix("embed.weight", network.embedding), matrix("pos_embed.weight", network.positionEmbedding)]
        for (l, layer) in network.layers.enumerated() {
            weights.append(matrix("attns.\(l).in_proj_weight", layer.query + layer.key + layer.value))
            weights.append(matrix("attns.\(l).out_proj.weight", layer.output))
        }
        weights.append(matrix("unembed.weight", network.unembedding))
        return weights
    }

    package func lower(into program: inout Program, inputs: [NodeID]) throws(ModelLoweringError) -> LoweredModel {
        throw ModelLoweringError(
            reason: "a transformer's softmax is not piecewise-linear, so its claims are decided input by input",
            note: "declare a finite input, such as: input x in {0..\(network.inputRange - 1)}^\(network.sequenceLength)")
    }

    package func float32Signals(at input: [Rational]) throws(ModelInputError) -> [(name: String, value: Float)] {
        guard input.count == inputCount else { throw ModelInputError(description: "the model reads \(inputCount) inputs, got \(input.count)") }
        var tokens: [Int] = []
        for value in input {
            guard let token = value.intValue, (0..<network.inputRange).contains(token) else {
                throw ModelInputError(description: "transformer inputs are tokens in 0..\(network.inputRange - 1); got \(value)")
            }
            tokens.append(token)
        }
        let trace = network.float32Forward(tokens)
        var values: [(name: String, value: Float)] = []
        for (l, stream) in trace.residual.enumerated() {
            for (p, vector) in stream.enumerated() {
                for (i, v) in vector.enumerated() { values.append(("resid[\(l)][\(p)][\(i)]", v)) }
            }
        }
        for (l, layer) in trace.attention.enumerated() {
            for (q, row) in layer.enumerated() {
                for (k, v) in row.enumerated() { values.append(("attn[\(l)][\(q)][\(k)]", v)) }
            }
        }
        for (l, layer) in trace.scores.enumerated() {
            for (q, row) in layer.enumerated() {
                for (k, v) in row.enumerated() { values.append(("scores[\(l)][\(q)][\(k)]", v)) }
            }
        }
        for (i, v) in trace.logits.enumerated() { values.append(("logits[\(i)]", v)) }
        return values
    }
}
