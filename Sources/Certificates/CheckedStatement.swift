package import Claims
package import ExactArithmetic
package import ModelImport

/// The checker's evaluation of a statement about transformers at an input
/// (a nil token: any token in range): the forward pass and the statement,
/// in the checker's own enclosures. Written plainly, separately from the
/// search's evaluator, so that a bug there is not repeated here.
struct CheckedStatement<N: CheckedNumber> {
    let statement: PointwiseStatement
    let networks: [Int: AttentionTransformer]
    let tokens: ClosedRange<Int>
    let bits: Int

    /// The signals of every model at `input`: family -> flat entries by index.
    private func forward(_ network: AttentionTransformer, _ input: [Int?]) -> [String: [[Int]: N]] {
        func number(_ r: Rational) -> N { N(r, bits: bits) }
        func product(_ m: [[Rational]], _ v: [N]) -> [N] {
            m.map { row in zip(row, v).dropFirst().reduce(number(row[0]) * v[0]) { $0 + number($1.0) * $1.1 } }
        }
        let h = network.hiddenSize
        let rootBracket = Rational(h).squareRootBracket(bits: bits + 8)
        let scale = (N(rootBracket.low, bits: bits).join(N(rootBracket.high, bits: bits))).inverse ?? number(.one)
        var state: [[N]] = input.enumerated().map { p, token in
            (0..<h).map { i in
                let position = number(network.positionEmbedding[p][i])
                if let token { return number(network.embedding[token][i]) + position }
                let values = tokens.map { number(network.embedding[$0][i]) }
                return values.dropFirst().reduce(values[0]) { $0.join($1) } + position
            }
        }
        var signals: [String: [[Int]: N]] = ["resid": [:], "attn": [:], "scores": [:], "logits": [:]]
        func keep(_ l: Int, _ s: [[N]]) { for (p, row) in s.enumerated() { for (i, v) in row.enumerated() { signals["resid"]?[[l, p, i]] = v } } }
        keep(0, state)
        for (l, layer) in network.layers.enumerated() {
            let q = state.map { product(layer.query, $0).map { $0 * scale } }
            let k = state.map { product(layer.key, $0) }
            let v = state.map { product(layer.value, $0) }
            var next = state
            for p in state.indices {
                let scores = k.map { key in zip(q[p], key).dropFirst().reduce(q[p][0] * key[0]) { $0 + $1.0 * $1.1 } }
                // p_j = 1 / sum_i e^(s_i - s_j): no shared denominator.
                let weights = scores.indices.map { j in
                    scores.indices.filter { $0 != j }.reduce(number(.one)) { $0 + (scores[$1] - scores[j]).exp }.inverse ?? number(.zero).join(number(.one))
                }
                for j in scores.indices {
                    signals["scores"]?[[l, p, j]] = scores[j]
                    signals["attn"]?[[l, p, j]] = weights[j]
                }
                let mixed = (0..<h).map { i in weights.indices.dropFirst().reduce(weights[0] * v[0][i]) { $0 + weights[$1] * v[$1][i] } }
                next[p] = zip(state[p], product(layer.output, mixed)).map { $0 + $1 }
            }
            state = next
            keep(l + 1, state)
        }
        for (i, value) in product(network.unembedding, state[state.count - 1]).enumerated() { signals["logits"]?[[i]] = value }
        return signals
    }

    /// Whether the premise holds, and the body where it does; nil when
    /// these enclosures leave either open, or the statement has no value.
    func truth(at input: [Int?]) -> (premise: Bool, body: Bool)? {
        let signals = networks.mapValues { forward($0, input) }
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
        let signals: [Int: [String: [[Int]: N]]]
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
            case .signal(let m, let family, let index): return signals[m]?[family]?[index]
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
