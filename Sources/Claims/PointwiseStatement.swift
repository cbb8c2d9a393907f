package import ExactArithmetic
package import ModelImport
package import Models

/// A scalar of a statement decided input by input: what a claim about a
/// transformer compiles to. Quantifiers and comprehensions are unrolled and
/// constant indices resolved, so every model signal is a leaf with its
/// position; only indices computed from the input (`argmax`) stay symbolic.
package indirect enum PointwiseScalar: Sendable, Hashable {
    /// An exact constant.
    case constant(Rational)
    /// `x[i]`: the input's i-th coordinate (a token).
    case input(Int)
    /// A model signal's entry: `family` is `attn`, `index` is `[l, q, k]`.
    case signal(model: Int, family: String, index: [Int])
    /// The sum of the terms.
    case sum([PointwiseScalar])
    /// A product.
    case product(PointwiseScalar, PointwiseScalar)
    /// A quotient (the divisor is never zero at a decided input: a divisor
    /// whose enclosure holds 0 leaves the statement undecided there).
    case quotient(PointwiseScalar, PointwiseScalar)
    /// max(0, s).
    case relu(PointwiseScalar)
    /// The largest entry.
    case maximum([PointwiseScalar])
    /// The smallest entry.
    case minimum([PointwiseScalar])
    /// The position of the entry strictly above every other (no value on
    /// a tie at the top, so every comparison with it is undecided there).
    case argmax([PointwiseScalar])
    /// The position of the entry strictly below every other.
    case argmin([PointwiseScalar])
    /// `argsort(v)[r]`: the position of rank r in a stable ascending sort.
    case rankPosition([PointwiseScalar], Int)
    /// `sort(v)[r]`: the entry of rank r.
    case rankValue([PointwiseScalar], Int)
    /// `v[i]` for an index computed from the input.
    case select(PointwiseScalar, [PointwiseScalar])
    /// The length of the longest cycle of `k -> v[k]`.
    case longestCycle([PointwiseScalar])
}

/// A condition of a statement decided input by input.
package indirect enum PointwiseCondition: Sendable {
    /// True or false everywhere.
    case constant(Bool)
    /// `a OP b`.
    case compare(PointwiseScalar, Relation, PointwiseScalar)
    /// `a != b`.
    case differ(PointwiseScalar, PointwiseScalar)
    /// Every part.
    case and([PointwiseCondition])
    /// Some part.
    case or([PointwiseCondition])
    /// The negation.
    case not(PointwiseCondition)
}

/// A claim, witness or measure about models read input by input, over a
/// finite domain: at each input of the premise, whether the body holds.
package struct PointwiseStatement: Sendable {
    /// The assumptions and `where` part.
    package let premise: PointwiseCondition
    /// The claim's or witness's body, or the measure's event.
    package let body: PointwiseCondition
    /// What a report shows at a reported input, in reading order: the
    /// signals the statement reads and the indices it computes.
    package let readings: [(label: String, value: PointwiseScalar)]
    /// The models the statement reads (indices into the file's models).
    package let models: [Int]
    /// The largest token the models read, plus one (the input domain's
    /// points lie in `0..<tokenCount`).
    package let tokenCount: Int
}

/// The length of the longest cycle of `k -> f[k]` (each `f[k]` in
/// `f.indices`): the meaning of the builtin `longest_cycle`, and the
/// longest-cycle task's answer plus one.
package func longestCycle(of f: [Int]) -> Int {
    var longest = 0
    var state = [Int](repeating: 0, count: f.count)  // 0 unseen, 1 on the current path, 2 done
    for start in f.indices where state[start] == 0 {
        var path: [Int] = []
        var node = start
        while state[node] == 0 {
            state[node] = 1
            path.append(node)
            node = f[node]
        }
        if state[node] == 1, let at = path.firstIndex(of: node) { longest = max(longest, path.count - at) }
        for p in path { state[p] = 2 }
    }
    return longest
}

extension ClaimsDocument {
    /// The transformers `statement` reads, by the file's model index.
    package func transformers(readBy statement: PointwiseStatement) -> [Int: AttentionTransformer] {
        var networks: [Int: AttentionTransformer] = [:]
        for m in statement.models {
            if let adapter = models[m].adapter as? TransformerAdapter { networks[m] = adapter.network }
        }
        return networks
    }
}

extension PointwiseStatement {
    /// Every model signal the premise and body read, in order of first
    /// reading.
    package var signalsRead: [PointwiseScalar] {
        var found: [PointwiseScalar] = []
        body.collectSignals(into: &found)
        premise.collectSignals(into: &found)
        return found
    }
}

extension PointwiseCondition {
    /// Every model signal the condition reads, in order of first reading.
    func collectSignals(into found: inout [PointwiseScalar]) {
        switch self {
        case .constant: return
        case .compare(let a, _, let b), .differ(let a, let b):
            a.collectSignals(into: &found)
            b.collectSignals(into: &found)
        case .and(let parts), .or(let parts): for p in parts { p.collectSignals(into: &found) }
        case .not(let inner): inner.collectSignals(into: &found)
        }
    }
}

extension PointwiseScalar {
    /// Whether the scalar is an integer at every input: a token, an index,
    /// a cycle length, or integer arithmetic on them.
    var isIntegerValued: Bool {
        switch self {
        case .constant(let c): return c.intValue != nil
        case .input, .argmax, .argmin, .rankPosition, .longestCycle: return true
        case .sum(let terms), .maximum(let terms), .minimum(let terms): return terms.allSatisfy(\.isIntegerValued)
        case .product(let a, let b): return a.isIntegerValued && b.isIntegerValued
        case .relu(let a): return a.isIntegerValued
        case .rankValue(let v, _): return v.allSatisfy(\.isIntegerValued)
        case .select(_, let v): return v.allSatisfy(\.isIntegerValued)
        case .signal, .quotient: return false
        }
    }

    /// Every model signal the scalar reads, in order of first reading.
    func collectSignals(into found: inout [PointwiseScalar]) {
        switch self {
        case .signal:
            if !found.contains(self) { found.append(self) }
        case .constant, .input: return
        case .sum(let terms), .maximum(let terms), .minimum(let terms), .argmax(let terms), .argmin(let terms),
            .rankPosition(let terms, _), .rankValue(let terms, _), .longestCycle(let terms):
            for t in terms { t.collectSignals(into: &found) }
        case .product(let a, let b), .quotient(let a, let b):
            a.collectSignals(into: &found)
            b.collectSignals(into: &found)
        case .relu(let a): a.collectSignals(into: &found)
        case .select(let i, let v):
            i.collectSignals(into: &found)
            for t in v { t.collectSignals(into: &found) }
        }
    }
}
