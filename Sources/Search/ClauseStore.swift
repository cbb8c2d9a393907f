package import Claims
package import Encoding

/// Every clause of a search in one array of literals, so unit propagation
/// reads and reorders literals in place without per-clause arrays. Clause
/// ids count from 0 in the order clauses are added (the proof's order).
struct ClauseStore {
    private var literals: [Literal] = []
    private var starts: [Int] = []
    private var counts: [Int] = []

    init(_ clauses: [[Literal]]) {
        for clause in clauses { _ = append(clause) }
    }

    /// The number of clauses.
    var count: Int { starts.count }

    /// All clause ids.
    var indices: Range<Int> { 0..<starts.count }

    /// Adds a clause and returns its id.
    mutating func append(_ clause: [Literal]) -> Int {
        starts.append(literals.count)
        counts.append(clause.count)
        literals += clause
        return starts.count - 1
    }

    /// The literals of clause `id`, in their current order.
    subscript(id: Int) -> ArraySlice<Literal> { literals[starts[id]..<(starts[id] + counts[id])] }

    /// The length of clause `id`.
    func length(_ id: Int) -> Int { counts[id] }

    /// The `k`-th literal of clause `id`.
    func literal(_ id: Int, _ k: Int) -> Literal { literals[starts[id] + k] }

    /// Exchanges two literals of clause `id` (the watched ones come first).
    mutating func swap(_ id: Int, _ i: Int, _ j: Int) {
        literals.swapAt(starts[id] + i, starts[id] + j)
    }
}
