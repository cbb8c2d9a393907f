package import ExactArithmetic
package import ModelImport

/// The checker's fast forward pass for statements that read only a
/// transformer's logits, in doubles: a measure over every input is
/// recounted with it. The model is the same real-number function as in
/// ``CheckedStatement``, rearranged exactly before enclosing (no code
/// shared with the search's evaluator):
///
/// - a query's scores are `r_k . (M r_q)` with `M = W_K^T W_Q / sqrt(H)`,
///   and a row's output is `W_O W_V (Σ_k w_k r_k)`; the products of the
///   weights are formed exactly, then enclosed;
/// - the first layer reads embeddings only, so its exponentials
///   `e^(s_qk - c_q)` (c_q the largest upper end over every key a query
///   at that position and token can meet) and `W_O W_V r_k` are tabulated
///   per position and token;
/// - inputs are walked in lexicographic order, and each first-layer
///   query keeps its sums `Σ_k e_qk` and `Σ_k e_qk W_O W_V r_k` over the
///   keys fixed so far, so inputs that share a prefix share them;
/// - the last layer computes only the last query, whose row gives the
///   logits.
struct CheckedLogits {
    typealias N = CheckedDouble
    private let length: Int
    private let hidden: Int
    /// Tokens `tokens.lowerBound...`, as table slots from 0.
    private let tokens: ClosedRange<Int>
    private var slots: Int { tokens.count }
    /// Embedding plus position, flat by `(p * slots + slot) * H`.
    private let residual: [N]
    /// `W_O W_V` of each residual, flat like `residual`.
    private let moved: [N]
    /// `e^(s - c)`, flat by query `(p * slots + a)`, then key `(k * slots + b)`.
    private let exponentials: [N]
    /// Per later layer: `M` and `W_O W_V`, row-major.
    private let interaction: [[N]]
    private let transfer: [[N]]
    private let unembedding: [N]
    private let outputs: Int

    init(_ network: AttentionTransformer, tokens: ClosedRange<Int>) {
        (length, hidden, self.tokens) = (network.sequenceLength, network.hiddenSize, tokens)
        let h = network.hiddenSize
        let root = Rational(h).squareRootBracket(bits: 61)
        // 1 / sqrt(H), which lies in (0, 1].
        let scale = N(root.low, bits: 53).join(N(root.high, bits: 53)).inverse ?? N(Enclosure(0, 1))
        func enclose(_ m: [[Rational]]) -> [N] { m.flatMap { $0.map { N($0, bits: 53) } } }
        func exactProduct(_ a: [[Rational]], _ b: [[Rational]]) -> [[Rational]] {
            a.map { row in (0..<h).map { j in (0..<h).reduce(Rational.zero) { $0 + row[$1] * b[$1][j] } } }
        }
        let keyTransposed = { (key: [[Rational]]) in (0..<h).map { i in key.map { $0[i] } } }
        interaction = network.layers.map { enclose(exactProduct(keyTransposed($0.key), $0.query)).map { $0 * scale } }
        transfer = network.layers.map { enclose(exactProduct($0.output, $0.value)) }
        unembedding = enclose(network.unembedding)
        outputs = network.unembedding.count
        residual = (0..<network.sequenceLength).flatMap { p in
            tokens.flatMap { t in zip(network.embedding[t], network.positionEmbedding[p]).map { N($0 + $1, bits: 53) } }
        }
        let count = network.sequenceLength * tokens.count
        let (residual, interaction, transfer) = (residual, interaction, transfer)
        moved = (0..<count).flatMap { Self.product(transfer[0], residual, at: $0 * h, rows: h) }
        exponentials = (0..<count).flatMap { q in
            let u = Self.product(interaction[0], residual, at: q * h, rows: h)
            let scores = (0..<count).map { k in Self.dot(u, residual, at: k * h) }
            let center = N(Enclosure(exactly: scores.map(\.e.upper).max() ?? 0))
            return scores.map { ($0 - center).exp }
        }
    }

    private static func dot(_ u: [N], _ v: [N], at offset: Int) -> N {
        var total = u[0] * v[offset]
        for i in 1..<u.count { total = total + u[i] * v[offset + i] }
        return total
    }

    /// `m v[offset..<offset + columns]` for a row-major `m` of `rows` rows.
    private static func product(_ m: [N], _ v: [N], at offset: Int, rows: Int) -> [N] {
        let columns = m.count / rows
        return (0..<rows).map { r in
            var total = m[r * columns] * v[offset]
            for j in 1..<columns { total = total + m[r * columns + j] * v[offset + j] }
            return total
        }
    }

    /// The first layer's sums over a prefix's fixed keys, per fixed query.
    struct Prefix {
        var slots: [Int] = []
        var totals: [N] = []
        var sums: [N] = []
    }

    /// `prefix` with its next position holding `token`.
    func extend(_ prefix: Prefix, with token: Int) -> Prefix {
        let h = hidden
        var next = prefix
        let d = prefix.slots.count
        let b = token - tokens.lowerBound
        next.slots.append(b)
        let key = (d * slots + b)
        for p in 0..<d {
            let e = exponentials[(p * slots + prefix.slots[p]) * length * slots + key]
            next.totals[p] = next.totals[p] + e
            for i in 0..<h { next.sums[p * h + i] = next.sums[p * h + i] + e * moved[key * h + i] }
        }
        let row = (d * slots + b) * length * slots
        var total = exponentials[row + next.slots[0]]
        var sums = (0..<h).map { total * moved[next.slots[0] * h + $0] }
        for k in stride(from: 1, through: d, by: 1) {
            let at = k * slots + next.slots[k]
            let e = exponentials[row + at]
            total = total + e
            for i in 0..<h { sums[i] = sums[i] + e * moved[at * h + i] }
        }
        next.totals.append(total)
        next.sums += sums
        return next
    }

    /// The logits at the input `prefix` fixes completely; nil when an
    /// enclosure of a sum of exponentials holds 0 (the plain forward pass
    /// then decides).
    func logits(completing prefix: Prefix) -> [N]? {
        let (n, h) = (length, hidden)
        var state: [N] = []
        state.reserveCapacity(n * h)
        for p in 0..<n {
            guard let inverse = prefix.totals[p].inverse else { return nil }
            let at = (p * slots + prefix.slots[p]) * h
            for i in 0..<h { state.append(residual[at + i] + prefix.sums[p * h + i] * inverse) }
        }
        for l in 1..<max(1, interaction.count) {
            guard let next = attend(state, layer: l, rows: l == interaction.count - 1 ? [n - 1] : Array(0..<n)) else { return nil }
            state = next
        }
        return Self.product(unembedding, state, at: (n - 1) * h, rows: outputs)
    }

    /// The stream after layer `l`, computed at `rows` only (nil as above).
    private func attend(_ state: [N], layer l: Int, rows: [Int]) -> [N]? {
        let (n, h) = (length, hidden)
        var next = state
        for q in rows {
            let u = Self.product(interaction[l], state, at: q * h, rows: h)
            let scores = (0..<n).map { Self.dot(u, state, at: $0 * h) }
            let center = N(Enclosure(exactly: scores.map(\.e.upper).max() ?? 0))
            let exps = scores.map { ($0 - center).exp }
            let total = exps.dropFirst().reduce(exps[0], +)
            guard let inverse = total.inverse else { return nil }
            let mixed = (0..<h).map { i in (1..<n).reduce(exps[0] * state[i]) { $0 + exps[$1] * state[$1 * h + i] } * inverse }
            let moved = Self.product(transfer[l], mixed, at: 0, rows: h)
            for i in 0..<h { next[q * h + i] = state[q * h + i] + moved[i] }
        }
        return next
    }
}
