package import ExactArithmetic

/// Exact solutions of sparse rational linear systems `A a = b`.
///
/// Elimination picks each pivot by the Markowitz rule (fewest other entries
/// in its row times fewest in its column), which keeps the rows of a
/// network's conflict sparse: most equations there say "this variable is
/// itself" and are eliminated without fill-in, so exact arithmetic is spent
/// only on the small dense core.
struct SparseLinearSolver {
    /// Equation rows: column index to coefficient; the right-hand side is
    /// stored under column `unknownCount`.
    private var rows: [[Int: Rational]]
    /// For each unknown column, the active rows holding it.
    private var rowsOf: [Set<Int>]
    /// For each equation, how many unknowns it holds.
    private var unknownsIn: [Int] = []
    private let unknownCount: Int

    /// A system over `unknownCount` unknowns with no equations yet.
    init(unknownCount: Int) {
        self.unknownCount = unknownCount
        rows = []
        rowsOf = Array(repeating: [], count: unknownCount)
    }

    /// Adds `coefficient` to equation `row`'s entry for unknown `column`
    /// (`column == unknownCount` is the right-hand side), creating equations
    /// up to `row` as needed.
    mutating func add(_ coefficient: Rational, row: Int, column: Int) {
        while rows.count <= row {
            rows.append([:])
            unknownsIn.append(0)
        }
        let old = rows[row][column]
        let value = (old ?? .zero) + coefficient
        rows[row][column] = value.isZero ? nil : value
        if column < unknownCount, (old == nil) != value.isZero {
            if value.isZero {
                rowsOf[column].remove(row)
                unknownsIn[row] -= 1
            } else {
                rowsOf[column].insert(row)
                unknownsIn[row] += 1
            }
        }
    }

    /// One solution, with every unknown the equations leave free set to 0,
    /// or nil when the equations are inconsistent or `deadline` passes.
    mutating func solve(deadline: ContinuousClock.Instant? = nil) -> [Rational]? {
        var active = Set(rows.indices)
        var pivots: [(row: Int, column: Int)] = []
        while let (pivotRow, column) = markowitzPivot() {
            if let deadline, ContinuousClock.now > deadline { return nil }
            active.remove(pivotRow)
            for c in rows[pivotRow].keys where c < unknownCount { rowsOf[c].remove(pivotRow) }
            let pivot = rows[pivotRow][column] ?? .zero
            let targets = rowsOf[column]
            for r in targets {
                guard let entry = rows[r][column] else { continue }
                let factor = entry / pivot
                for (c, value) in rows[pivotRow] { add(-(factor * value), row: r, column: c) }
            }
            pivots.append((pivotRow, column))
        }
        // What is left must read 0 = 0.
        for r in active where rows[r][unknownCount] != nil { return nil }
        var solution = Array(repeating: Rational.zero, count: unknownCount)
        for (r, column) in pivots.reversed() {
            var value = rows[r][unknownCount] ?? .zero
            for (c, a) in rows[r] where c != column && c < unknownCount && !solution[c].isZero {
                value -= a * solution[c]
            }
            solution[column] = value / (rows[r][column] ?? .one)
        }
        return solution
    }

    /// The active entry with the smallest Markowitz count, preferring
    /// coefficients held inline and then the lowest (row, column); nil when
    /// no active row has an unknown left.
    private func markowitzPivot() -> (row: Int, column: Int)? {
        var best: (cost: Int, row: Int, column: Int)?
        for column in 0..<unknownCount where !rowsOf[column].isEmpty {
            let columnOthers = rowsOf[column].count - 1
            for r in rowsOf[column] {
                var cost = 2 * (unknownsIn[r] - 1) * columnOthers
                if let current = best, cost > current.cost { continue }
                if rows[r][column]?.isInline == false { cost += 1 }
                let candidate = (cost: cost, row: r, column: column)
                if let current = best, current <= candidate { continue }
                best = candidate
            }
        }
        return best.map { ($0.row, $0.column) }
    }
}
