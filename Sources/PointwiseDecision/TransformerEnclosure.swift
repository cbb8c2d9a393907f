package import ExactArithmetic
package import ModelImport

/// A transformer's exact weights enclosed at one precision, ready to
/// evaluate its forward pass at inputs: the real-number model (scores
/// `q.k / sqrt(H)` with the real square root, the real exponential in
/// softmax), every value an enclosure.
///
/// Work shared between inputs is done once: each layer's query and key
/// projections are folded into one exact matrix (`q.k = r_q . (W_K^T W_Q
/// r_k)`), value and output into another (`W_O W_V`), and the first
/// layer, whose inputs are embeddings, is tabulated per position and
/// token, exponentials included. Only the attention rows a statement
/// reads are computed in the last layer.
package struct TransformerEnclosure<T: CertifiedScalar>: Sendable {
    private struct Layer: Sendable {
        /// `(W_K^T W_Q) / sqrt(H)`: a query's score vector against residuals.
        let interaction: [[T]]
        /// `W_O W_V`: what a key's residual contributes, before its weight.
        let transfer: [[T]]
    }

    private let layers: [Layer]
    private let unembedding: [[T]]
    private let table: FirstLayerTable<T>
    /// The query rows computed in the last layer (others are not read).
    private let lastLayerRows: [Int]
    private let length: Int

    /// The weights of `network` enclosed like `context`, with
    /// `inverseSquareRoot` enclosing 1 / sqrt(H); an unfixed position holds
    /// any token of `tokenRange`; `lastLayerRows` lists the query positions
    /// of the last layer a statement reads (the last position is always
    /// computed, for the logits). With `tabulated`, the first layer's
    /// scores and exponentials are computed for every pair of positions
    /// and tokens up front: worth it when many inputs follow (doubles), not
    /// for the few inputs a high precision sees.
    package init(_ network: AttentionTransformer, like context: T, inverseSquareRoot: T, tokenRange: ClosedRange<Int>, lastLayerRows: Set<Int>, tabulated: Bool) {
        func enclose(_ m: [[Rational]]) -> [[T]] { m.map { $0.map { T($0, like: context) } } }
        layers = network.layers.map { layer in
            let interaction = enclose(Self.product(Self.transpose(layer.key), layer.query)).map { $0.map { $0 * inverseSquareRoot } }
            return Layer(interaction: interaction, transfer: enclose(Self.product(layer.output, layer.value)))
        }
        unembedding = enclose(network.unembedding)
        length = network.sequenceLength
        self.lastLayerRows = Array(lastLayerRows.union([network.sequenceLength - 1]).filter { (0..<network.sequenceLength).contains($0) }).sorted()
        let residuals = (0..<length).map { p in
            (0..<network.inputRange).map { t in zip(network.embedding[t], network.positionEmbedding[p]).map { T($0 + $1, like: context) } }
        }
        table = FirstLayerTable(residuals: residuals, tokenRange: tokenRange, first: tabulated ? layers.first.map { ($0.interaction, $0.transfer) } : nil)
    }

    /// Every signal at `tokens`; a nil token stands for any token in the
    /// token range, its embedding the hull of theirs (the bounds then hold
    /// for every completion of the partial input).
    package func signals(_ tokens: [Int?]) -> TransformerSignals<T> {
        let slots = tokens.map { $0 ?? table.hullSlot }
        var state = (0..<length).map { table.residual[$0][slots[$0]] }
        var signals = TransformerSignals<T>(residual: [state], scores: [], attention: [], logits: [])
        for (l, layer) in layers.enumerated() {
            let rows = l == layers.count - 1 ? lastLayerRows : Array(0..<length)
            var layerScores = [[T]](repeating: [], count: length)
            var layerAttention = [[T]](repeating: [], count: length)
            var next = [[T]](repeating: [], count: length)
            let tabulated = l == 0 && table.isTabulated
            let moved = tabulated ? (0..<length).map { table.moved[$0][slots[$0]] } : state.map { Self.apply(layer.transfer, $0) }
            for p in rows {
                let weights: [T]
                if tabulated {
                    layerScores[p] = (0..<length).map { table.scores[p][slots[p]][$0][slots[$0]] }
                    weights = Self.normalize((0..<length).map { table.exponentials[p][slots[p]][$0][slots[$0]] })
                } else {
                    let u = Self.apply(layer.interaction, state[p])
                    layerScores[p] = state.map { Self.dot(u, $0) }
                    weights = Self.softmax(layerScores[p])
                }
                var mixed = state[p]
                for i in mixed.indices {
                    for k in 0..<length { mixed[i] = mixed[i] + weights[k] * moved[k][i] }
                }
                next[p] = mixed
                layerAttention[p] = weights
            }
            state = next
            signals.scores.append(layerScores)
            signals.attention.append(layerAttention)
            signals.residual.append(state)
        }
        signals.logits = Self.apply(unembedding, state[length - 1])
        return signals
    }

    static func dot(_ a: [T], _ b: [T]) -> T {
        var total = a[0] * b[0]
        for i in 1..<a.count { total = total + a[i] * b[i] }
        return total
    }

    static func apply(_ matrix: [[T]], _ v: [T]) -> [T] {
        matrix.map { dot($0, v) }
    }

    /// softmax(s)_i = e^(s_i - c) / Σ_j e^(s_j - c) for any c (here the
    /// largest upper end, so that no exponential overflows).
    static func softmax(_ scores: [T]) -> [T] {
        let shift = scores.dropFirst().reduce(scores[0]) { $0.maximum($1) }
        let center = T(shift.bounds.high, like: shift)
        return normalize(scores.map { ($0 - center).exponential })
    }

    /// Positive weights divided by their sum (a sum of positive enclosures
    /// never holds 0).
    static func normalize(_ exps: [T]) -> [T] {
        var total = exps[0]
        for e in exps.dropFirst() { total = total + e }
        return exps.map { e in e.divided(by: total) ?? e.hull(T(.one, like: e)).hull(T(.zero, like: e)) }
    }

    private static func transpose(_ m: [[Rational]]) -> [[Rational]] {
        guard let columns = m.first?.count else { return [] }
        return (0..<columns).map { j in m.map { $0[j] } }
    }

    /// The exact product `a b`.
    private static func product(_ a: [[Rational]], _ b: [[Rational]]) -> [[Rational]] {
        let columns = b.first?.count ?? 0
        return a.map { row in
            (0..<columns).map { j in row.indices.reduce(Rational.zero) { $0 + row[$1] * b[$1][j] } }
        }
    }
}

/// The first layer at every (position, token) and every pair of them:
/// residuals, scores, shifted exponentials and transferred values, with
/// one extra slot per position for "any token in range" (the hull).
private struct FirstLayerTable<T: CertifiedScalar>: Sendable {
    /// The slot of an unfixed position.
    let hullSlot: Int
    /// `residual[p][slot]`: embedding plus position embedding.
    let residual: [[[T]]]
    /// `moved[k][slot]`: `W_O W_V` applied to the key's residual.
    let moved: [[[T]]]
    /// `scores[q][slot][k][slot]`.
    let scores: [[[[T]]]]
    /// `e^(score - c)`, with c fixed per query (position, slot).
    let exponentials: [[[[T]]]]
    /// Whether the scores, exponentials and moved values are filled in
    /// (else only the residuals).
    var isTabulated: Bool { !moved.isEmpty }

    init(residuals byToken: [[[T]]], tokenRange: ClosedRange<Int>, first: (interaction: [[T]], transfer: [[T]])?) {
        hullSlot = byToken.first?.count ?? 0
        residual = byToken.map { rows in
            let inRange = rows[tokenRange]
            let hull = inRange.dropFirst().reduce(rows[tokenRange.lowerBound]) { h, row in zip(h, row).map { $0.hull($1) } }
            return rows + [hull]
        }
        guard let (interaction, transfer) = first else {
            (moved, scores, exponentials) = ([], [], [])
            return
        }
        moved = residual.map { $0.map { TransformerEnclosure<T>.apply(transfer, $0) } }
        let residual = residual
        scores = residual.map { queries in
            queries.map { r in
                let u = TransformerEnclosure<T>.apply(interaction, r)
                return residual.map { keys in keys.map { TransformerEnclosure<T>.dot(u, $0) } }
            }
        }
        exponentials = scores.map { byQuery in
            byQuery.map { rows in
                let all = rows.flatMap { $0 }
                let shift = all.dropFirst().reduce(all[0]) { $0.maximum($1) }
                let center = T(shift.bounds.high, like: shift)
                return rows.map { $0.map { ($0 - center).exponential } }
            }
        }
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
