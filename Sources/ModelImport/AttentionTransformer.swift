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
/// Vectors are stored flat (position-major).
package struct Float32Transformer: Sendable {
    private struct Layer: Sendable {
        let query, key, value, output: [Float]
    }

    private let embedding: [[Float]]
    private let positions: [[Float]]
    private let layers: [Layer]
    private let unembedding: [Float]
    private let hidden: Int
    private let length: Int
    private let inputRange: Int
    /// The first layer's scaled queries, keys and values at every
    /// (position, token), flat by `(p * inputRange + token) * H`: computed
    /// once, with the same operations as at an input.
    private var firstQueries, firstKeys, firstValues: [Float]
    /// The first layer's scaled scores for every pair of (position,
    /// token), flat: query `(p * inputRange + t)`, then key likewise.
    private var firstScores: [Float] = []

    package init(_ network: AttentionTransformer) {
        func floats(_ m: [[Rational]]) -> [[Float]] { m.map { $0.map(\.nearestFloat) } }
        embedding = floats(network.embedding)
        positions = floats(network.positionEmbedding)
        layers = network.layers.map {
            Layer(query: floats($0.query).flatMap { $0 }, key: floats($0.key).flatMap { $0 },
                  value: floats($0.value).flatMap { $0 }, output: floats($0.output).flatMap { $0 })
        }
        unembedding = floats(network.unembedding).flatMap { $0 }
        hidden = network.hiddenSize
        length = network.sequenceLength
        inputRange = network.inputRange
        (firstQueries, firstKeys, firstValues) = ([], [], [])
        (firstQueries, firstKeys, firstValues) = tabulateFirstLayer()
        let pairs = length * inputRange
        firstScores = (0..<(pairs * pairs)).map { index in
            let (query, key) = ((index / pairs) * hidden, (index % pairs) * hidden)
            var total: Float = 0
            for i in 0..<hidden { total += firstQueries[query + i] * firstKeys[key + i] }
            return total
        }
    }

    private func tabulateFirstLayer() -> ([Float], [Float], [Float]) {
        guard let first = layers.first else { return ([], [], []) }
        let h = hidden
        let scale = Float(1) / Float(h).squareRoot()
        var (q, k, v) = ([Float](repeating: 0, count: length * inputRange * h), [Float](), [Float]())
        (k, v) = (q, q)
        for p in 0..<length {
            for t in 0..<inputRange {
                let residual = zip(embedding[t], positions[p]).map { $0 + $1 }
                let at = (p * inputRange + t) * h
                apply(first.query, residual, at: 0, into: &q, at: at, scale: scale)
                apply(first.key, residual, at: 0, into: &k, at: at)
                apply(first.value, residual, at: 0, into: &v, at: at)
            }
        }
        return (q, k, v)
    }

    /// `m v[offset..<offset + H]` for a flat matrix of `H` columns, summed
    /// left to right.
    private func apply(_ m: [Float], _ v: [Float], at offset: Int, into out: inout [Float], at target: Int, scale: Float = 1) {
        for r in 0..<(m.count / hidden) {
            var total: Float = 0
            for j in 0..<hidden { total += m[r * hidden + j] * v[offset + j] }
            out[target + r] = total * scale
        }
    }

    /// The float32 forward pass at `tokens`: every signal.
    ///
    /// - Precondition: `tokens.count == sequenceLength`, each in `0..<inputRange`.
    package func forward(_ tokens: [Int]) -> TransformerTrace {
        forward(tokens, lastLayerRows: Array(0..<length), recording: true)
    }

    /// The float32 forward pass at `tokens`, computing only the last
    /// layer's query rows `lastLayerRows` (and the last position, for the
    /// logits); with `recording` false only the logits are returned. The
    /// values computed are the same as the full pass's.
    ///
    /// - Precondition: `tokens.count == sequenceLength`, each in `0..<inputRange`.
    package func forward(_ tokens: [Int], lastLayerRows: [Int], recording: Bool) -> TransformerTrace {
        precondition(tokens.count == length, "expected \(length) tokens")
        precondition(tokens.allSatisfy { (0..<inputRange).contains($0) }, "token out of range")
        let (n, h) = (length, hidden)
        var state = [Float](repeating: 0, count: n * h)
        for p in 0..<n { for i in 0..<h { state[p * h + i] = embedding[tokens[p]][i] + positions[p][i] } }
        var trace = TransformerTrace(residual: recording ? [unflatten(state)] : [], attention: [], scores: [], logits: [])
        let scale = Float(1) / Float(h).squareRoot()
        var (q, k, v) = (state, state, state)
        var (weights, mixed, projected) = ([Float](repeating: 0, count: n), [Float](repeating: 0, count: h), [Float](repeating: 0, count: h))
        for (l, layer) in layers.enumerated() {
            let rows = l == layers.count - 1 ? Set(lastLayerRows + [n - 1]).sorted() : Array(0..<n)
            if l == 0 {
                for p in 0..<n {
                    let at = (p * inputRange + tokens[p]) * h
                    for i in 0..<h { (q[p * h + i], k[p * h + i], v[p * h + i]) = (firstQueries[at + i], firstKeys[at + i], firstValues[at + i]) }
                }
            } else {
                for p in 0..<n {
                    apply(layer.key, state, at: p * h, into: &k, at: p * h)
                    apply(layer.value, state, at: p * h, into: &v, at: p * h)
                }
                for p in rows { apply(layer.query, state, at: p * h, into: &q, at: p * h, scale: scale) }
            }
            var (probabilities, scaledScores) = ([[Float]](repeating: [], count: n), [[Float]](repeating: [], count: n))
            var next = state
            for p in rows {
                for j in 0..<n {
                    if l == 0 {
                        weights[j] = firstScores[(p * inputRange + tokens[p]) * n * inputRange + j * inputRange + tokens[j]]
                        continue
                    }
                    var total: Float = 0
                    for i in 0..<h { total += q[p * h + i] * k[j * h + i] }
                    weights[j] = total
                }
                if recording { scaledScores[p] = weights }
                let top = weights.max() ?? 0
                var sum: Float = 0
                for j in 0..<n {
                    weights[j] = Float(exp(Double(weights[j] - top)))
                    sum += weights[j]
                }
                for j in 0..<n { weights[j] /= sum }
                if recording { probabilities[p] = weights }
                for i in 0..<h { mixed[i] = 0 }
                for j in 0..<n { for i in 0..<h { mixed[i] += weights[j] * v[j * h + i] } }
                apply(layer.output, mixed, at: 0, into: &projected, at: 0)
                for i in 0..<h { next[p * h + i] = state[p * h + i] + projected[i] }
            }
            state = next
            if recording {
                trace.attention.append(probabilities)
                trace.scores.append(scaledScores)
                trace.residual.append(unflatten(state))
            }
        }
        var logits = [Float](repeating: 0, count: unembedding.count / h)
        apply(unembedding, state, at: (n - 1) * h, into: &logits, at: 0)
        trace.logits = logits
        return trace
    }

    private func unflatten(_ state: [Float]) -> [[Float]] {
        (0..<length).map { p in Array(state[(p * hidden)..<((p + 1) * hidden)]) }
    }
}
