package import ExactArithmetic
package import ModelImport
package import PiecewiseLinear

/// An attention-only transformer (AlgZoo's longest-cycle `DistTransformer`)
/// as claims read it. Its softmax is not piecewise-linear, so it does not
/// lower into a program yet; its float32 reference evaluation gives
/// `resid[l][p][i]`, `attn[l][q][k]` and `logits[i]`.
package struct TransformerAdapter: ModelAdapter {
    /// The transformer's exact weights.
    package let network: AttentionTransformer

    /// The adapter of `network`.
    package init(_ network: AttentionTransformer) {
        self.network = network
    }

    package var architectureName: String { "DistTransformer" }
    package var inputCount: Int { network.sequenceLength }
    package var inputDomain: ModelInputDomain { .tokens(count: network.inputRange) }
    package var signalNames: [String] { ["logits", "attn", "resid"] }

    package func lower(into program: inout Program, inputs: [NodeID]) throws(ModelLoweringError) -> LoweredModel {
        throw ModelLoweringError(
            reason: "claims about attention-only transformers are not supported yet",
            note: "softmax is not piecewise-linear; 'farkas eval' evaluates these models in float32")
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
        for (i, v) in trace.logits.enumerated() { values.append(("logits[\(i)]", v)) }
        return values
    }
}
