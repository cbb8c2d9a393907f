package import ExactArithmetic
package import PiecewiseLinear

/// A typed value during lowering.
enum Value {
    case scalar(LinearForm)
    case vector([LinearForm])
    /// Rows indexed from `first` (m.z starts at t = 1); `signal` names a model
    /// signal family so reads can be recorded.
    case table(rows: [[LinearForm]], first: Int, signal: (model: Int, family: String)?)
    case index(SymbolicIndex)
    /// `argsort(v)`: must be indexed to give an index.
    case ranking([LinearForm])
    case boolean(Formula)
    case model(Int)
    /// `sort(v)`, kept unsorted: indexing it selects by rank (no sorting network).
    case sorted([LinearForm])
    /// A scalar defined by cases with exhaustive, exclusive conditions, such
    /// as `sort(v)[r]`: "v[k] where k has rank r".
    case selection([Selection])

    var typeName: String {
        switch self {
        case .scalar: return "a scalar"
        case .vector(let v): return "a vector of length \(v.count)"
        case .table(let rows, _, _): return "a table of \(rows.count) rows"
        case .index: return "an index"
        case .ranking: return "argsort(...), which must be indexed"
        case .boolean: return "a boolean"
        case .model: return "a model"
        case .sorted(let v): return "a sorted vector of length \(v.count)"
        case .selection: return "a selected entry (sort or median)"
        }
    }
}

/// One case of a selected scalar.
struct Selection {
    let condition: Formula
    let value: LinearForm
}

/// An index that depends on the input.
enum SymbolicIndex {
    /// `argmax(v)`: the k with v[k] strictly above every other entry.
    case argmax([LinearForm])
    /// `argmin(v)`.
    case argmin([LinearForm])
    /// `argsort(v)[rank]`, ascending and stable, rank already non-negative.
    case rank([LinearForm], Int)

    /// Whether exactly one k satisfies `equals(k)` at every input (a stable
    /// rank does; argmax fails on a tie at the top).
    var isTotal: Bool {
        if case .rank = self { return true }
        return false
    }

    var length: Int {
        switch self {
        case .argmax(let v), .argmin(let v), .rank(let v, _): return v.count
        }
    }

    /// The condition that this index equals `k`.
    func equals(_ k: Int) -> Formula {
        guard (0..<length).contains(k) else { return .constant(false) }
        switch self {
        case .argmax(let v):
            return .all(v.indices.filter { $0 != k }.map { Formula.compare(v[k], .greater, v[$0]) })
        case .argmin(let v):
            return .all(v.indices.filter { $0 != k }.map { Formula.compare(v[k], .less, v[$0]) })
        case .rank(let v, let r):
            // j comes before k in a stable ascending sort iff v[j] < v[k], or
            // v[j] == v[k] and j < k. k has rank r iff exactly r others come first.
            func before(_ j: Int) -> Formula { Formula.compare(v[j], j < k ? .lessOrEqual : .less, v[k]) }
            let others = v.indices.filter { $0 != k }
            return .any(Self.subsets(of: others, size: r).map { chosen in
                let set = Set(chosen)
                let after = others.filter { !set.contains($0) }
                // The order through k, spelled out: each b before k comes
                // before each a after k (v[b] <= v[k] <= v[a], strict when
                // either step is), which these atoms say directly.
                let implied = chosen.flatMap { b in after.map { a in Formula.compare(v[b], b > k || a < k ? .less : .lessOrEqual, v[a]) } }
                return .all(others.map { set.contains($0) ? before($0) : before($0).negated } + implied)
            })
        }
    }

    /// The number of disjuncts `equals` builds for a rank (bounded by the caller).
    var cost: Int {
        if case .rank(let v, let r) = self { return Self.binomial(v.count - 1, r) }
        return length
    }

    static func binomial(_ n: Int, _ k: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        var result = 1
        for i in 0..<min(k, n - k) { result = result * (n - i) / (i + 1) }
        return result
    }

    /// Every subset of `items` with `size` elements, each in the items'
    /// order, in lexicographic order of positions (those with the first
    /// item first).
    static func subsets(of items: [Int], size: Int) -> [[Int]] {
        guard size >= 0, size <= items.count else { return [] }
        var result: [[Int]] = []
        result.reserveCapacity(binomial(items.count, size))
        // The chosen positions, ascending; advanced like an odometer.
        var positions = Array(0..<size)
        while true {
            result.append(positions.map { items[$0] })
            // The last position that can still move right, and its successors after it.
            guard let k = positions.indices.last(where: { positions[$0] < items.count - size + $0 }) else { return result }
            positions[k] += 1
            for j in (k + 1)..<size { positions[j] = positions[j - 1] + 1 }
        }
    }
}
