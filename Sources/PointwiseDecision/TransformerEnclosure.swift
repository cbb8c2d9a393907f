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
/// reads are computed in the last layer, and only the signal families it
/// reads are kept. Vectors are stored flat (position-major), so an input
/// costs a handful of allocations.
package struct TransformerEnclosure<T: CertifiedScalar>: Sendable {
    private struct Layer: Sendable {
        /// `(W_K^T W_Q) / sqrt(H)`: a query's score vector against residuals.
        let interaction: FlatMatrix<T>
        /// `W_O W_V`: what a key's residual contributes, before its weight.
        let transfer: FlatMatrix<T>
    }

    private let layers: [Layer]
    private let unembedding: FlatMatrix<T>
    private let table: FirstLayerTable<T>
    /// The query rows computed in the last layer (others are not read).
    private let lastLayerRows: [Int]
    private let kept: TransformerSignalFamilies
    private let length: Int
    private let hidden: Int

    /// The weights of `network` enclosed like `context`, with
    /// `inverseSquareRoot` enclosing 1 / sqrt(H); an unfixed position holds
    /// any token of `tokenRange`; `lastLayerRows` lists the query positions
    /// of the last layer a statement reads (the last position is always
    /// computed, for the logits), `kept` the signal families it reads. With
    /// `tabulated`, the first layer's scores and exponentials are computed
    /// for every pair of positions and tokens up front: worth it when many
    /// inputs follow (doubles), not for the few inputs a high precision sees.
    package init(
        _ network: AttentionTransformer, like context: T, inverseSquareRoot: T, tokenRange: ClosedRange<Int>,
        lastLayerRows: Set<Int>, kept: TransformerSignalFamilies, tabulated: Bool
    ) {
        func enclose(_ m: [[Rational]]) -> FlatMatrix<T> { FlatMatrix(m.map { $0.map { T($0, like: context) } }) }
        layers = network.layers.map { layer in
            var interaction = enclose(Self.product(Self.transpose(layer.key), layer.query))
            interaction.entries = interaction.entries.map { $0 * inverseSquareRoot }
            return Layer(interaction: interaction, transfer: enclose(Self.product(layer.output, layer.value)))
        }
        unembedding = enclose(network.unembedding)
        length = network.sequenceLength
        hidden = network.hiddenSize
        self.kept = kept
        self.lastLayerRows = Array(lastLayerRows.union([network.sequenceLength - 1]).filter { (0..<network.sequenceLength).contains($0) }).sorted()
        let residuals = (0..<length).map { p in
            (0..<network.inputRange).map { t in zip(network.embedding[t], network.positionEmbedding[p]).map { T($0 + $1, like: context) } }
        }
        table = FirstLayerTable(residuals: residuals, tokenRange: tokenRange, first: tabulated ? layers.first.map { ($0.interaction, $0.transfer) } : nil)
    }

    /// Every kept signal at `tokens`; a nil token stands for any token in
    /// the token range, its embedding the hull of theirs (the bounds then
    /// hold for every completion of the partial input).
    package func signals(_ tokens: [Int?]) -> TransformerSignals<T> {
        if table.isTabulated {
            var prefix = FirstLayerPrefix<T>()
            for token in tokens { extend(&prefix, with: token) }
            return signals(completing: prefix)
        }
        let slots = tokens.map { $0 ?? table.hullSlot }
        var signals = TransformerSignals<T>(residual: [], scores: [], attention: [], logits: [])
        return finish(residuals(slots), fromLayer: 0, &signals)
    }

    /// Fixes the next position of `prefix` to `token` (nil: any token in
    /// range): the first layer's attention sums of the fixed queries gain
    /// the new key, and the new query's sums over the fixed keys are
    /// formed. Inputs that share a prefix share this work.
    ///
    /// - Precondition: the enclosure is tabulated.
    package func extend(_ prefix: inout FirstLayerPrefix<T>, with token: Int?) {
        let h = hidden
        let d = prefix.slots.count
        let slot = token ?? table.hullSlot
        prefix.slots.append(slot)
        let movedAt = (d * table.slotCount + slot) * h
        for p in 0..<d {
            let e = table.exponentials[table.row(p, prefix.slots[p]) + d * table.slotCount + slot]
            prefix.totals[p] = prefix.totals[p] + e
            for i in 0..<h { prefix.sums[p * h + i] = prefix.sums[p * h + i] + e * table.moved[movedAt + i] }
        }
        let row = table.row(d, slot)
        var total = table.exponentials[row + prefix.slots[0]]
        var sums = (0..<h).map { total * table.moved[prefix.slots[0] * h + $0] }
        for k in stride(from: 1, through: d, by: 1) {
            let e = table.exponentials[row + k * table.slotCount + prefix.slots[k]]
            total = total + e
            let at = (k * table.slotCount + prefix.slots[k]) * h
            for i in 0..<h { sums[i] = sums[i] + e * table.moved[at + i] }
        }
        prefix.totals.append(total)
        prefix.sums += sums
    }

    /// Every kept signal at the input `prefix` fixes completely.
    package func signals(completing prefix: FirstLayerPrefix<T>) -> TransformerSignals<T> {
        let (n, h) = (length, hidden)
        let slots = prefix.slots
        var state = residuals(slots)
        var signals = TransformerSignals<T>(residual: kept.residual ? [unflatten(state)] : [], scores: [], attention: [], logits: [])
        var weights = [T](repeating: state[0], count: n)
        var layerScores = [[T]](repeating: [], count: kept.scores ? n : 0)
        var layerAttention = [[T]](repeating: [], count: kept.attention ? n : 0)
        let one = T(.one, like: state[0])
        for p in 0..<n {
            let row = table.row(p, slots[p])
            if kept.scores { layerScores[p] = (0..<n).map { table.scores[row + $0 * table.slotCount + slots[$0]] } }
            if let inverse = one.divided(by: prefix.totals[p]), !kept.attention {
                for i in 0..<h { state[p * h + i] = state[p * h + i] + prefix.sums[p * h + i] * inverse }
                continue
            }
            for k in 0..<n { weights[k] = table.exponentials[row + k * table.slotCount + slots[k]] }
            Self.normalize(&weights)
            if kept.attention { layerAttention[p] = weights }
            for i in 0..<h {
                var total = state[p * h + i]
                for k in 0..<n { total = total + weights[k] * table.moved[(k * table.slotCount + slots[k]) * h + i] }
                state[p * h + i] = total
            }
        }
        if kept.scores { signals.scores.append(layerScores) }
        if kept.attention { signals.attention.append(layerAttention) }
        if kept.residual { signals.residual.append(unflatten(state)) }
        return finish(state, fromLayer: 1, &signals)
    }

    /// The residual stream entering the first layer at the slots.
    private func residuals(_ slots: [Int]) -> [T] {
        var state: [T] = []
        state.reserveCapacity(length * hidden)
        for p in 0..<length { state += table.residual[p][slots[p]] }
        return state
    }

    /// The layers from `start` on, from the stream entering it, then the
    /// logits.
    private func finish(_ entering: [T], fromLayer start: Int, _ signals: inout TransformerSignals<T>) -> TransformerSignals<T> {
        let (n, h) = (length, hidden)
        var state = entering
        if start == 0, kept.residual { signals.residual.append(unflatten(state)) }
        var weights = [T](repeating: state[0], count: n)
        var mixed = [T](repeating: state[0], count: h)
        for l in start..<layers.count {
            let layer = layers[l]
            var next = state
            var layerScores = [[T]](repeating: [], count: kept.scores ? n : 0)
            var layerAttention = [[T]](repeating: [], count: kept.attention ? n : 0)
            for p in l == layers.count - 1 ? lastLayerRows : Array(0..<n) {
                let u = layer.interaction.apply(state, at: p * h)
                for k in 0..<n { weights[k] = Self.dot(u, state, at: k * h) }
                if kept.scores { layerScores[p] = weights }
                Self.softmax(&weights)
                if kept.attention { layerAttention[p] = weights }
                for i in 0..<h {
                    var total = weights[0] * state[i]
                    for k in 1..<n { total = total + weights[k] * state[k * h + i] }
                    mixed[i] = total
                }
                let moved = layer.transfer.apply(mixed, at: 0)
                for i in 0..<h { next[p * h + i] = state[p * h + i] + moved[i] }
            }
            state = next
            if kept.scores { signals.scores.append(layerScores) }
            if kept.attention { signals.attention.append(layerAttention) }
            if kept.residual { signals.residual.append(unflatten(state)) }
        }
        signals.logits = unembedding.apply(state, at: (n - 1) * h)
        return signals
    }

    private func unflatten(_ state: [T]) -> [[T]] {
        (0..<length).map { p in Array(state[(p * hidden)..<((p + 1) * hidden)]) }
    }

    static func dot(_ a: [T], _ b: [T], at offset: Int) -> T {
        var total = a[0] * b[offset]
        for i in 1..<a.count { total = total + a[i] * b[offset + i] }
        return total
    }

    /// softmax(s)_i = e^(s_i - c) / Σ_j e^(s_j - c) for any c (here the
    /// largest upper end, so that no exponential overflows), in place.
    static func softmax(_ scores: inout [T]) {
        let shift = scores.dropFirst().reduce(scores[0]) { $0.maximum($1) }
        let center = shift.upperEnd
        for k in scores.indices { scores[k] = (scores[k] - center).exponential }
        normalize(&scores)
    }

    /// Positive weights divided by their sum (a sum of positive enclosures
    /// never holds 0), in place.
    static func normalize(_ exps: inout [T]) {
        var total = exps[0]
        for e in exps.dropFirst() { total = total + e }
        for k in exps.indices {
            let e = exps[k]
            exps[k] = e.divided(by: total) ?? e.hull(T(.one, like: e)).hull(T(.zero, like: e))
        }
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

/// The first layer's attention at a prefix of fixed positions: for each
/// fixed query, the sum of its keys' exponentials and of their transferred
/// values weighted by them (the softmax before its division), over the
/// fixed keys. See ``TransformerEnclosure/extend(_:with:)``.
package struct FirstLayerPrefix<T: CertifiedScalar>: Sendable {
    /// The fixed positions' table slots, in order.
    fileprivate var slots: [Int] = []
    /// Per fixed query, flat: `Σ_k e^(s_qk - c) W_O W_V r_k`.
    fileprivate var sums: [T] = []
    /// Per fixed query: `Σ_k e^(s_qk - c)`.
    fileprivate var totals: [T] = []

    package init() {}

    /// How many positions are fixed.
    package var count: Int { slots.count }
}

/// Which signal families a statement reads beyond the logits: only those
/// are kept at each input.
package struct TransformerSignalFamilies: Sendable, Equatable {
    package var residual: Bool
    package var scores: Bool
    package var attention: Bool

    package static let all = TransformerSignalFamilies(residual: true, scores: true, attention: true)

    package init(residual: Bool, scores: Bool, attention: Bool) {
        (self.residual, self.scores, self.attention) = (residual, scores, attention)
    }
}

/// A matrix of enclosures stored row-major in one array.
struct FlatMatrix<T: CertifiedScalar>: Sendable {
    let rows: Int
    let columns: Int
    var entries: [T]

    init(_ m: [[T]]) {
        rows = m.count
        columns = m.first?.count ?? 0
        entries = m.flatMap { $0 }
    }

    /// The product with the vector `v[offset..<offset + columns]`.
    func apply(_ v: [T], at offset: Int) -> [T] {
        (0..<rows).map { r in
            var total = entries[r * columns] * v[offset]
            for j in 1..<columns { total = total + entries[r * columns + j] * v[offset + j] }
            return total
        }
    }
}

/// The first layer at every (position, token) and every pair of them:
/// residuals, scores, shifted exponentials and transferred values, with
/// one extra slot per position for "any token in range" (the hull).
/// Pair tables are flat: query (position, slot), then key (position, slot).
private struct FirstLayerTable<T: CertifiedScalar>: Sendable {
    /// The slot of an unfixed position.
    let hullSlot: Int
    /// Slots per position: the tokens and the hull.
    var slotCount: Int { hullSlot + 1 }
    /// `residual[p][slot]`: embedding plus position embedding.
    let residual: [[[T]]]
    /// `moved[(k * slotCount + slot) * H + i]`: `W_O W_V` applied to the key's residual.
    let moved: [T]
    /// Scores, at ``row(_:_:)`` plus `k * slotCount + slot`.
    let scores: [T]
    /// `e^(score - c)`, with c fixed per query (position, slot), indexed like `scores`.
    let exponentials: [T]
    /// Whether the scores, exponentials and moved values are filled in
    /// (else only the residuals).
    var isTabulated: Bool { !moved.isEmpty }
    private let length: Int

    /// Where the query at position `p`, slot `slot` starts in the pair tables.
    func row(_ p: Int, _ slot: Int) -> Int { (p * slotCount + slot) * length * slotCount }

    init(residuals byToken: [[[T]]], tokenRange: ClosedRange<Int>, first: (interaction: FlatMatrix<T>, transfer: FlatMatrix<T>)?) {
        hullSlot = byToken.first?.count ?? 0
        length = byToken.count
        residual = byToken.map { rows in
            let inRange = rows[tokenRange]
            let hull = inRange.dropFirst().reduce(rows[tokenRange.lowerBound]) { h, row in zip(h, row).map { $0.hull($1) } }
            return rows + [hull]
        }
        guard let (interaction, transfer) = first else {
            (moved, scores, exponentials) = ([], [], [])
            return
        }
        let keys = residual.flatMap { $0 }
        moved = keys.flatMap { transfer.apply($0, at: 0) }
        var scores: [T] = []
        var exponentials: [T] = []
        for query in keys {
            let u = interaction.apply(query, at: 0)
            let row = keys.map { TransformerEnclosure<T>.dot(u, $0, at: 0) }
            let shift = row.dropFirst().reduce(row[0]) { $0.maximum($1) }
            let center = shift.upperEnd
            scores += row
            exponentials += row.map { ($0 - center).exponential }
        }
        (self.scores, self.exponentials) = (scores, exponentials)
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
