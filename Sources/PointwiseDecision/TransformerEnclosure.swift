package import ExactArithmetic
package import ModelImport

/// A transformer's exact weights enclosed at one precision, ready to
/// evaluate its forward pass at inputs: the real-number model (scores
/// `q.k / sqrt(H)` with the real square root, the real exponential in
/// softmax), every value an enclosure.
package struct TransformerEnclosure<T: CertifiedScalar>: Sendable {
    private struct Layer: Sendable {
        let query, key, value, output: [[T]]
    }

    private let embedding: [[T]]
    private let positions: [[T]]
    private let layers: [Layer]
    private let unembedding: [[T]]
    /// 1 / sqrt(H), enclosed.
    private let scale: T
    private let hidden: Int
    private let length: Int

    /// The weights of `network` enclosed like `context`, with `inverseSquareRoot`
    /// enclosing 1 / sqrt(H).
    package init(_ network: AttentionTransformer, like context: T, inverseSquareRoot: T) {
        func enclose(_ m: [[Rational]]) -> [[T]] { m.map { $0.map { T($0, like: context) } } }
        embedding = enclose(network.embedding)
        positions = enclose(network.positionEmbedding)
        layers = network.layers.map { Layer(query: enclose($0.query), key: enclose($0.key), value: enclose($0.value), output: enclose($0.output)) }
        unembedding = enclose(network.unembedding)
        scale = inverseSquareRoot
        hidden = network.hiddenSize
        length = network.sequenceLength
    }

    /// Every signal at `tokens`; a nil token stands for any token in
    /// `tokenRange`, its embedding the hull of theirs (the bounds then hold
    /// for every completion of the partial input).
    package func signals(_ tokens: [Int?], tokenRange: ClosedRange<Int>) -> TransformerSignals<T> {
        var state: [[T]] = tokens.enumerated().map { p, token in
            let embedded: [T]
            if let token {
                embedded = embedding[token]
            } else {
                let rows = embedding[tokenRange]
                embedded = rows.dropFirst().reduce(rows[tokenRange.lowerBound]) { hull, row in zip(hull, row).map { $0.hull($1) } }
            }
            return zip(embedded, positions[p]).map { $0 + $1 }
        }
        var signals = TransformerSignals<T>(residual: [state], scores: [], attention: [], logits: [])
        for layer in layers {
            let queries = state.map { Self.apply(layer.query, $0).map { $0 * scale } }
            let keys = state.map { Self.apply(layer.key, $0) }
            let values = state.map { Self.apply(layer.value, $0) }
            var layerScores: [[T]] = []
            var layerAttention: [[T]] = []
            var next = state
            for p in 0..<length {
                let scores = keys.map { Self.dot(queries[p], $0) }
                let weights = Self.softmax(scores)
                var mixed: [T] = []
                for i in 0..<hidden {
                    var total = weights[0] * values[0][i]
                    for k in 1..<length { total = total + weights[k] * values[k][i] }
                    mixed.append(total)
                }
                next[p] = zip(state[p], Self.apply(layer.output, mixed)).map { $0 + $1 }
                layerScores.append(scores)
                layerAttention.append(weights)
            }
            state = next
            signals.scores.append(layerScores)
            signals.attention.append(layerAttention)
            signals.residual.append(state)
        }
        signals.logits = Self.apply(unembedding, state[length - 1])
        return signals
    }

    private static func dot(_ a: [T], _ b: [T]) -> T {
        var total = a[0] * b[0]
        for i in 1..<a.count { total = total + a[i] * b[i] }
        return total
    }

    private static func apply(_ matrix: [[T]], _ v: [T]) -> [T] {
        matrix.map { dot($0, v) }
    }

    /// softmax(s)_i = e^(s_i - c) / Σ_j e^(s_j - c) for any c (here the
    /// first score's lower end, so that no exponential overflows); a sum of
    /// positive enclosures never holds 0.
    private static func softmax(_ scores: [T]) -> [T] {
        let shift = scores.dropFirst().reduce(scores[0]) { $0.maximum($1) }
        let center = T(shift.bounds.high, like: shift)
        let exps = scores.map { ($0 - center).exponential }
        var total = exps[0]
        for e in exps.dropFirst() { total = total + e }
        return exps.map { e in e.divided(by: total) ?? e.hull(T(.one, like: e)).hull(T(.zero, like: e)) }
    }
}

/// A transformer's signals at one input, enclosed.
package struct TransformerSignals<T: CertifiedScalar>: Sendable {
    /// `resid[l][p][i]`.
    package var residual: [[[T]]]
    /// `scores[l][q][k]`, scaled by 1 / sqrt(H).
    package var scores: [[[T]]]
    /// `attn[l][q][k]`.
    package var attention: [[[T]]]
    /// `logits[i]` at the last position.
    package var logits: [T]

    /// The entry of a signal family at an index, or nil for a name or
    /// index the model does not have.
    package func value(_ family: String, _ index: [Int]) -> T? {
        switch (family, index.count) {
        case ("logits", 1): return logits.indices.contains(index[0]) ? logits[index[0]] : nil
        case ("attn", 3): return Self.entry(attention, index)
        case ("scores", 3): return Self.entry(scores, index)
        case ("resid", 3): return Self.entry(residual, index)
        default: return nil
        }
    }

    private static func entry(_ table: [[[T]]], _ i: [Int]) -> T? {
        guard table.indices.contains(i[0]), table[i[0]].indices.contains(i[1]), table[i[0]][i[1]].indices.contains(i[2]) else { return nil }
        return table[i[0]][i[1]][i[2]]
    }
}
