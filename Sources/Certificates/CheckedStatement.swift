package import Claims
package import ExactArithmetic
package import ModelImport

/// The checker's evaluation of a statement about transformers at an input
/// (a nil token: any token in range): the forward pass and the statement,
/// in the checker's own enclosures. Written plainly, separately from the
/// search's evaluator, so that a bug there is not repeated here.
struct CheckedStatement<N: CheckedNumber> {
    let statement: PointwiseStatement
    let tokens: ClosedRange<Int>
    let bits: Int
    private let models: [Int: Weights]

    /// A network's weights in this precision, enclosed once for all inputs.
    private struct Weights {
        /// Token embeddings by token, and their hull over the token range last.
        let embedding: [[N]]
        let positions: [[N]]
        let layers: [(query: [[N]], key: [[N]], value: [[N]], output: [[N]])]
        let unembedding: [[N]]
        /// 1 / sqrt(H).
        let scale: N
    }

    init(statement: PointwiseStatement, networks: [Int: AttentionTransformer], tokens: ClosedRange<Int>, bits: Int) {
        self.statement = statement
        self.tokens = tokens
        self.bits = bits
        models = networks.mapValues { network in
            func enclose(_ m: [[Rational]]) -> [[N]] { m.map { $0.map { N($0, bits: bits) } } }
            let embedding = enclose(network.embedding)
            let hull = (0..<network.hiddenSize).map { i in
                tokens.dropFirst().reduce(embedding[tokens.lowerBound][i]) { $0.join(embedding[$1][i]) }
            }
            let root = Rational(network.hiddenSize).squareRootBracket(bits: bits + 8)
            let scale = N(root.low, bits: bits).join(N(root.high, bits: bits)).inverse ?? N(.one, bits: bits)
            return Weights(
                embedding: embedding + [hull], positions: enclose(network.positionEmbedding),
                layers: network.layers.map { (enclose($0.query), enclose($0.key), enclose($0.value), enclose($0.output)) },
                unembedding: enclose(network.unembedding), scale: scale)
        }
    }

    /// A model's signals at an input: `resid`, `attn` and `scores` by
    /// `[l][p][i]`, `logits` by `[i]`.
    private struct Signals {
        var resid: [[[N]]] = []
        var attn: [[[N]]] = []
        var scores: [[[N]]] = []
        var logits: [N] = []

        func entry(_ family: String, _ index: [Int]) -> N? {
            if family == "logits" { return index.count == 1 && logits.indices.contains(index[0]) ? logits[index[0]] : nil }
            let table = family == "resid" ? resid : family == "attn" ? attn : family == "scores" ? scores : []
            guard index.count == 3, table.indices.contains(index[0]), table[index[0]].indices.contains(index[1]),
                table[index[0]][index[1]].indices.contains(index[2]) else { return nil }
            return table[index[0]][index[1]][index[2]]
        }
    }

    /// The signals of a model at `input`.
    private func forward(_ w: Weights, _ input: [Int?]) -> Signals {
        func product(_ m: [[N]], _ v: [N]) -> [N] {
            m.map { row in zip(row, v).dropFirst().reduce(row[0] * v[0]) { $0 + $1.0 * $1.1 } }
        }
        let hull = w.embedding.count - 1
        var state: [[N]] = input.enumerated().map { p, token in zip(w.embedding[token ?? hull], w.positions[p]).map { $0 + $1 } }
        var signals = Signals(resid: [state])
        for (l, layer) in w.layers.enumerated() {
            let q = state.map { product(layer.query, $0).map { $0 * w.scale } }
            let k = state.map { product(layer.key, $0) }
            let v = state.map { product(layer.value, $0) }
            var next = state
            var (layerScores, layerWeights): ([[N]], [[N]]) = ([], [])
            for p in state.indices {
                let scores = k.map { key in zip(q[p], key).dropFirst().reduce(q[p][0] * key[0]) { $0 + $1.0 * $1.1 } }
                // p_j = e^(s_j - c) / sum_i e^(s_i - c), c the largest upper end.
                let c = N(scores.map(\.high).max() ?? .zero, bits: bits)
                let exps = scores.map { ($0 - c).exp }
                let total = exps.dropFirst().reduce(exps[0], +)
                let weights = exps.map { e in total.inverse.map { e * $0 } ?? N(.zero, bits: bits).join(N(.one, bits: bits)) }
                layerScores.append(scores)
                layerWeights.append(weights)
                let mixed = (0..<state[p].count).map { i in weights.indices.dropFirst().reduce(weights[0] * v[0][i]) { $0 + weights[$1] * v[$1][i] } }
                next[p] = zip(state[p], product(layer.output, mixed)).map { $0 + $1 }
            }
            state = next
            signals.resid.append(state)
            signals.scores.append(layerScores)
            signals.attn.append(layerWeights)
        }
        signals.logits = product(w.unembedding, state[state.count - 1])
        return signals
    }

    /// Whether the premise holds, and the body where it does; nil when
    /// these enclosures leave either open, or the statement has no value.
    func truth(at input: [Int?]) -> (premise: Bool, body: Bool)? {
        if premiseFails(at: input) { return (false, false) }
        return truth(at: input, signals: models.mapValues { forward($0, input) })
    }

    /// Whether the premise is false at `input` without reading a signal
    /// (a condition on the tokens): then no forward pass is needed.
    func premiseFails(at input: [Int?]) -> Bool {
        Evaluation(input: input, tokens: tokens, signals: [:], bits: bits).holds(statement.premise) == false
    }

    /// The same, at a full input whose logits (by model index) are known:
    /// for statements that read nothing else (``CheckedLogits``).
    func truth(at input: [Int], logits: [Int: [N]]) -> (premise: Bool, body: Bool)? {
        truth(at: input.map { Optional($0) }, signals: logits.mapValues { Signals(logits: $0) })
    }

    private func truth(at input: [Int?], signals: [Int: Signals]) -> (premise: Bool, body: Bool)? {
        let evaluation = Evaluation(input: input, tokens: tokens, signals: signals, bits: bits)
        guard let premise = evaluation.holds(statement.premise) else { return nil }
        guard premise else { return (false, false) }
        guard let body = evaluation.holds(statement.body) else { return nil }
        return (true, body)
    }

    /// A statement's conditions and scalars at one input.
    private struct Evaluation {
        let input: [Int?]
        let tokens: ClosedRange<Int>
        let signals: [Int: Signals]
        let bits: Int

        func number(_ r: Rational) -> N { N(r, bits: bits) }
        func range(_ a: Int, _ b: Int) -> N { number(Rational(a)).join(number(Rational(b))) }

        func holds(_ c: PointwiseCondition) -> Bool? {
            switch c {
            case .constant(let b): return b
            case .compare(let a, let relation, let b):
                guard let x = value(a), let y = value(b) else { return nil }
                return x.order(y).map { relation.holds(comparison: $0) }
            case .differ(let a, let b):
                guard let x = value(a), let y = value(b) else { return nil }
                return x.order(y).map { $0 != 0 }
            case .not(let inner): return holds(inner).map { !$0 }
            case .and(let parts):
                let truths = parts.map(holds)
                if truths.contains(false) { return false }
                return truths.contains(nil) ? nil : true
            case .or(let parts):
                let truths = parts.map(holds)
                if truths.contains(true) { return true }
                return truths.contains(nil) ? nil : false
            }
        }

        /// A scalar's enclosure; nil where the statement has no value.
        func value(_ s: PointwiseScalar) -> N? {
            switch s {
            case .constant(let c): return number(c)
            case .input(let i): return input[i].map { number(Rational($0)) } ?? range(tokens.lowerBound, tokens.upperBound)
            case .signal(let m, let family, let index): return signals[m]?.entry(family, index)
            case .sum(let terms):
                let values = terms.compactMap(value)
                guard values.count == terms.count else { return nil }
                if values.allSatisfy(\.isPoint) { return number(values.reduce(Rational.zero) { $0 + $1.low }) }
                return values.dropFirst().reduce(values[0], +)
            case .product(let a, let b):
                guard let x = value(a), let y = value(b) else { return nil }
                if x.isPoint, y.isPoint { return number(x.low * y.low) }
                return x * y
            case .quotient(let a, let b):
                guard let x = value(a), let y = value(b), let inverse = y.inverse else { return nil }
                return x * inverse
            case .relu(let a):
                guard let x = value(a) else { return nil }
                return extreme([x, number(.zero)], largest: true)
            case .maximum(let terms), .minimum(let terms):
                let values = terms.compactMap(value)
                guard values.count == terms.count else { return nil }
                if case .maximum = s { return extreme(values, largest: true) }
                return extreme(values, largest: false)
            case .argmax(let v), .argmin(let v):
                let values = v.compactMap(value)
                guard values.count == v.count else { return nil }
                let sign = { if case .argmax = s { return 1 } else { return -1 } }()
                // The winner must beat every other entry decidedly.
                for k in values.indices where values.indices.allSatisfy({ $0 == k || values[k].order(values[$0]) == sign }) {
                    return number(Rational(k))
                }
                return range(0, values.count - 1)
            case .rankPosition(let v, let r), .rankValue(let v, let r):
                let values = v.compactMap(value)
                guard values.count == v.count else { return nil }
                // Decided only when the whole stable order is.
                var order: [Int] = []
                for k in values.indices {
                    var before = 0
                    for j in values.indices where j != k {
                        guard let c = values[j].order(values[k]) else { return fallback(s, values) }
                        if c < 0 || (c == 0 && j < k) { before += 1 }
                    }
                    order.append(before)
                }
                guard let k = order.firstIndex(of: r) else { return nil }
                if case .rankPosition = s { return number(Rational(k)) }
                return values[k]
            case .select(let index, let v):
                guard let i = value(index), i.isPoint, let k = i.low.intValue, v.indices.contains(k) else { return nil }
                return value(v[k])
            case .longestCycle(let v):
                var f: [Int] = []
                for e in v {
                    guard let x = value(e), x.isPoint, let k = x.low.intValue, v.indices.contains(k) else { return nil }
                    f.append(k)
                }
                return number(Rational(cycleLength(f)))
            }
        }

        /// An undecided order: every position or every entry may be the one.
        private func fallback(_ s: PointwiseScalar, _ values: [N]) -> N? {
            if case .rankPosition = s { return range(0, values.count - 1) }
            return values.dropFirst().reduce(values[0]) { $0.join($1) }
        }

        private func extreme(_ values: [N], largest: Bool) -> N {
            let lows = values.map(\.low)
            let highs = values.map(\.high)
            let low = (largest ? lows.max() : lows.min()) ?? .zero
            let high = (largest ? highs.max() : highs.min()) ?? .zero
            return number(low).join(number(high))
        }

        /// The longest cycle of k -> f[k], by following each start n steps
        /// into its cycle and measuring the cycle there.
        private func cycleLength(_ f: [Int]) -> Int {
            var longest = 0
            for start in f.indices {
                var node = start
                for _ in f.indices { node = f[node] }
                var length = 1
                var walker = f[node]
                while walker != node { walker = f[walker]; length += 1 }
                longest = max(longest, length)
            }
            return longest
        }
    }
}
