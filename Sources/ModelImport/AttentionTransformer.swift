#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import ExactArithmetic

/// An attention-only transformer as in AlgZoo's longest-cycle models:
/// token and position embeddings, single-head attention layers with a
/// residual connection (no MLP, no LayerNorm, no mask), and an unembedding
/// read at the last position.
package struct AttentionTransformer: Sendable, Equatable {
    /// One attention layer's weights, rows as PyTorch stores them.
    package struct Layer: Sendable, Equatable {
        /// Query projection (H x H), from the first third of `in_proj_weight`.
        package let query: [[Rational]]
        /// Key projection (H x H).
        package let key: [[Rational]]
        /// Value projection (H x H).
        package let value: [[Rational]]
        /// `out_proj.weight` (H x H).
        package let output: [[Rational]]
    }

    /// Model width H.
    package let hiddenSize: Int
    /// Positions (rows of `pos_embed.weight`).
    package let sequenceLength: Int
    /// Token values 0..<inputRange (rows of `embed.weight`).
    package let inputRange: Int
    /// Token embeddings (inputRange x H).
    package let embedding: [[Rational]]
    /// Position embeddings (sequenceLength x H).
    package let positionEmbedding: [[Rational]]
    /// The attention layers in order.
    package let layers: [Layer]
    /// Unembedding (outputs x H).
    package let unembedding: [[Rational]]
    /// Stored parameter count.
    package let parameterCount: Int

    /// Number of outputs.
    package var outputSize: Int { unembedding.count }
}

/// The activations of one transformer forward pass.
package struct TransformerTrace: Sendable {
    /// `resid[l][p]`: the residual stream entering layer l at position p;
    /// the last entry is the final stream.
    package var residual: [[[Float]]]
    /// `attn[l][q][k]`: attention probabilities.
    package var attention: [[[Float]]]
    /// `scores[l][q][k]`: the scaled scores before softmax.
    package var scores: [[[Float]]]
    /// The logits at the last position.
    package var logits: [Float]
}

extension AttentionTransformer {
    /// Runs the model in float32 as PyTorch's `nn.MultiheadAttention` does
    /// (see ``Float32Transformer``).
    ///
    /// - Precondition: `tokens.count == sequenceLength`, each in `0..<inputRange`.
    package func float32Forward(_ tokens: [Int]) -> TransformerTrace {
        Float32Transformer(self).forward(tokens)
    }
}

/// A transformer's weights rounded to float32 once, to run many inputs as
/// PyTorch does: queries scaled by `1/sqrt(H)`, softmax with the row
/// maximum subtracted, then the output projection added to the residual.
package struct Float32Transformer: Sendable {
    private struct Layer: Sendable {
        let query, key, value, output: [[Float]]
    }

    private let embedding: [[Float]]
    private let positions: [[Float]]
    private let layers: [Layer]
    private let unembedding: [[Float]]
    private let hidden: Int
    private let length: Int
    private let inputRange: Int

    package init(_ network: AttentionTransformer) {
        func floats(_ m: [[Rational]]) -> [[Float]] { m.map { $0.map(\.nearestFloat) } }
        embedding = floats(network.embedding)
        positions = floats(network.positionEmbedding)
        layers = network.layers.map { Layer(query: floats($0.query), key: floats($0.key), value: floats($0.value), output: floats($0.output)) }
        unembedding = floats(network.unembedding)
        hidden = network.hiddenSize
        length = network.sequenceLength
        inputRange = network.inputRange
    }

    private static func apply(_ m: [[Float]], _ v: [Float]) -> [Float] {
        m.map { row in zip(row, v).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
    }

    /// The float32 forward pass at `tokens`.
    ///
    /// - Precondition: `tokens.count == sequenceLength`, each in `0..<inputRange`.
    package func forward(_ tokens: [Int]) -> TransformerTrace {
        precondition(tokens.count == length, "expected \(length) tokens")
        precondition(tokens.allSatisfy { (0..<inputRange).contains($0) }, "token out of range")
        var state = tokens.enumerated().map { p, token in zip(embedding[token], positions[p]).map { $0 + $1 } }
        var trace = TransformerTrace(residual: [state], attention: [], scores: [], logits: [])
        let scale = Float(1) / Float(hidden).squareRoot()
        for layer in layers {
            let q = state.map { Self.apply(layer.query, $0).map { $0 * scale } }
            let k = state.map { Self.apply(layer.key, $0) }
            let v = state.map { Self.apply(layer.value, $0) }
            var probabilities: [[Float]] = []
            var scaledScores: [[Float]] = []
            var next = state
            for p in 0..<length {
                let scores = k.map { key in zip(q[p], key).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
                scaledScores.append(scores)
                let top = scores.max() ?? 0
                let exps = scores.map { Float(exp(Double($0 - top))) }
                let total = exps.reduce(0, +)
                let weights = exps.map { $0 / total }
                probabilities.append(weights)
                var mixed = [Float](repeating: 0, count: hidden)
                for (w, value) in zip(weights, v) {
                    for i in 0..<hidden { mixed[i] += w * value[i] }
                }
                let projected = Self.apply(layer.output, mixed)
                next[p] = zip(state[p], projected).map { $0 + $1 }
            }
            state = next
            trace.attention.append(probabilities)
            trace.scores.append(scaledScores)
            trace.residual.append(state)
        }
        trace.logits = Self.apply(unembedding, state[length - 1])
        return trace
    }
}
