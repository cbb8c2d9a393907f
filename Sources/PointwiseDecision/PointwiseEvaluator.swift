package import Claims
package import ExactArithmetic

/// Why a statement has no value at an input (an index the input computes
/// falls outside its vector): reported, never guessed.
package struct PointwiseEvaluationError: Error, Sendable, Equatable {
    package let message: String
}

/// A compiled statement's scalars and conditions at one input, in
/// enclosures: a condition is true or false when the enclosures decide it,
/// nil when some comparison straddles (Kleene's three-valued logic).
package struct PointwiseEvaluator<T: CertifiedScalar> {
    /// The input's tokens; nil for a position not yet fixed.
    let tokens: [Int?]
    /// The tokens an unfixed position may hold.
    let tokenRange: ClosedRange<Int>
    /// Each model's signals at the input, by model index.
    let signals: [Int: TransformerSignals<T>]
    /// Any value of the precision in use (for constants).
    let context: T

    package init(tokens: [Int?], tokenRange: ClosedRange<Int>, signals: [Int: TransformerSignals<T>], context: T) {
        self.tokens = tokens
        self.tokenRange = tokenRange
        self.signals = signals
        self.context = context
    }

    private func constant(_ r: Rational) -> T { T(r, like: context) }

    private func span(_ low: Int, _ high: Int) -> T { constant(Rational(low)).hull(constant(Rational(high))) }

    package func holds(_ c: PointwiseCondition) throws(PointwiseEvaluationError) -> Bool? {
        switch c {
        case .constant(let b): return b
        case .compare(let a, let relation, let b):
            return try value(a).comparison(with: try value(b)).map { relation.holds(comparison: $0) }
        case .differ(let a, let b):
            return try value(a).comparison(with: try value(b)).map { $0 != 0 }
        case .not(let inner): return try holds(inner).map { !$0 }
        case .and(let parts):
            var open = false
            for part in parts {
                guard let truth = try holds(part) else { open = true; continue }
                if !truth { return false }
            }
            return open ? nil : true
        case .or(let parts):
            var open = false
            for part in parts {
                guard let truth = try holds(part) else { open = true; continue }
                if truth { return true }
            }
            return open ? nil : false
        }
    }

    package func value(_ s: PointwiseScalar) throws(PointwiseEvaluationError) -> T {
        switch s {
        case .constant(let c): return constant(c)
        case .input(let i):
            if let token = tokens[i] { return constant(Rational(token)) }
            return span(tokenRange.lowerBound, tokenRange.upperBound)
        case .signal(let model, let family, let index):
            guard let v = signals[model]?.value(family, index) else {
                throw PointwiseEvaluationError(message: "no signal \(family)\(index.map { "[\($0)]" }.joined())")
            }
            return v
        case .sum(let terms):
            let values = try terms.map { t throws(PointwiseEvaluationError) in try value(t) }
            // Exact values (tokens, indices, constants) add exactly.
            let exact = values.compactMap(\.exactValue)
            if exact.count == values.count { return constant(exact.reduce(.zero, +)) }
            return values.dropFirst().reduce(values[0], +)
        case .product(let a, let b):
            let (x, y) = (try value(a), try value(b))
            if let p = x.exactValue, let q = y.exactValue { return constant(p * q) }
            return x * y
        case .quotient(let a, let b):
            let (x, y) = (try value(a), try value(b))
            if let q = x.divided(by: y) { return q }
            if y.exactValue?.isZero == true { throw PointwiseEvaluationError(message: "division by zero") }
            return constant(Rational(-1_000_000_000_000)).hull(constant(Rational(1_000_000_000_000))).hull(x)
        case .relu(let a): return try value(a).relu
        case .maximum(let terms):
            var best = try value(terms[0])
            for t in terms.dropFirst() { best = best.maximum(try value(t)) }
            return best
        case .minimum(let terms):
            var least = try value(terms[0])
            for t in terms.dropFirst() { least = least.minimum(try value(t)) }
            return least
        case .argmax(let v): return try extremePosition(v, sign: 1)
        case .argmin(let v): return try extremePosition(v, sign: -1)
        case .rankPosition(let v, let r): return positions(try rankCandidates(v, r))
        case .rankValue(let v, let r):
            let values = try v.map { e throws(PointwiseEvaluationError) in try value(e) }
            let candidates = try rankCandidates(v, r)
            return candidates.dropFirst().reduce(values[candidates[0]]) { $0.hull(values[$1]) }
        case .select(let index, let v): return try select(try value(index), v)
        case .longestCycle(let v): return try longestCycle(v)
        }
    }

    /// A set of positions as a value: the point when there is one.
    private func positions(_ candidates: [Int]) -> T {
        span(candidates.min() ?? 0, candidates.max() ?? 0)
    }

    /// argmax (sign 1) or argmin (-1): the positions not decidedly beaten.
    private func extremePosition(_ v: [PointwiseScalar], sign: Int) throws(PointwiseEvaluationError) -> T {
        let values = try v.map { e throws(PointwiseEvaluationError) in try value(e) }
        let candidates = values.indices.filter { k in
            !values.indices.contains { j in j != k && values[j].comparison(with: values[k]) == sign }
        }
        if candidates.count == 1 {
            let k = candidates[0]
            // Strictly above every other, or no argmax at all (a tie).
            let strict = values.indices.allSatisfy { j in j == k || values[k].comparison(with: values[j]) == sign }
            if strict { return constant(Rational(k)) }
        }
        return positions(candidates.isEmpty ? Array(values.indices) : candidates)
    }

    /// The positions that may have rank `r` in a stable ascending sort.
    private func rankCandidates(_ v: [PointwiseScalar], _ r: Int) throws(PointwiseEvaluationError) -> [Int] {
        let values = try v.map { e throws(PointwiseEvaluationError) in try value(e) }
        func before(_ j: Int, _ k: Int) -> Bool? {
            guard let c = values[j].comparison(with: values[k]) else { return nil }
            return c < 0 || (c == 0 && j < k)
        }
        let candidates = values.indices.filter { k in
            let surelyBefore = values.indices.filter { j in j != k && before(j, k) == true }.count
            let surelyAfter = values.indices.filter { j in j != k && before(j, k) == false }.count
            return surelyBefore <= r && r <= values.count - 1 - surelyAfter
        }
        return candidates.isEmpty ? Array(values.indices) : candidates
    }

    private func select(_ index: T, _ v: [PointwiseScalar]) throws(PointwiseEvaluationError) -> T {
        if let exact = index.exactValue {
            guard let k = exact.intValue, v.indices.contains(k) else {
                throw PointwiseEvaluationError(message: "the index \(exact) is out of range for a vector of length \(v.count)")
            }
            return try value(v[k])
        }
        let (low, high) = index.bounds
        let candidates = v.indices.filter { Rational($0) >= low && Rational($0) <= high }
        guard let first = candidates.first else {
            throw PointwiseEvaluationError(message: "the index lies outside 0...\(v.count - 1)")
        }
        var hull = try value(v[first])
        for k in candidates.dropFirst() { hull = hull.hull(try value(v[k])) }
        return hull
    }

    private func longestCycle(_ v: [PointwiseScalar]) throws(PointwiseEvaluationError) -> T {
        var f: [Int] = []
        for e in v {
            guard let exact = try value(e).exactValue else { return span(1, v.count) }
            guard let k = exact.intValue, v.indices.contains(k) else {
                throw PointwiseEvaluationError(message: "longest_cycle reads values in {0..\(v.count - 1)}, found \(exact)")
            }
            f.append(k)
        }
        return constant(Rational(Claims.longestCycle(of: f)))
    }
}
