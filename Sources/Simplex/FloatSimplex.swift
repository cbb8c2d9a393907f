/// A double-precision twin of ``SparseSimplex``, for steering a search
/// cheaply: same variables, rows and bounds, with tolerances instead of
/// exactness. A strict bound is tightened by a small margin
/// (``strictMargin(_:)``), so a point it finds satisfies strict bounds by
/// more than rounding.
///
/// Nothing it says is a verdict. A feasible check gives an approximate
/// point to guide decisions; an infeasible one names a row whose basic
/// variable cannot reach its bound, which ``SparseSimplex/certify(conflictOf:below:over:)``
/// turns into exact Farkas multipliers or rejects. Accumulated rounding is
/// shed by ``refresh()``, which rebuilds the rows from their definitions.
public struct FloatSimplex: Sendable {
    /// The outcome of ``check()``.
    public enum Outcome: Sendable {
        /// The bounds look feasible (read the point with ``value(of:)``).
        case feasible
        /// Variable `basic` is below its lower bound (`below`) or above its
        /// upper one and equals `Σ a_j x_j` over `entries`, none of which can move.
        case infeasible(basic: Int, below: Bool, entries: [(variable: Int, coefficient: Double)])
        /// Pivoting did not settle (numerical trouble); ask the exact simplex.
        case undecided
    }

    /// The number of structural variables.
    public let structuralCount: Int
    /// Dense rows: `basic[r] = Σ_v rows[r][v] · v` over nonbasic v (an entry
    /// for every variable; basic ones are 0).
    private var rows: [[Double]] = []
    private var basicOf: [Int] = []
    /// Each variable's row, or -1 when it is nonbasic.
    private var rowOf: [Int]
    private var definitions: [[(variable: Int, coefficient: Double)]]
    private var assignment: [Double]
    private var bounds: BoundTrail<Double>
    private var lower: [Double?] { bounds.lower }
    private var upper: [Double?] { bounds.upper }
    private var pivotsSinceRefresh = 0
    /// Pivots performed so far (for statistics).
    public private(set) var pivotCount = 0

    /// A simplex over `structuralCount` unbounded variables and no rows.
    public init(structuralCount: Int) {
        self.structuralCount = structuralCount
        rowOf = Array(repeating: -1, count: structuralCount)
        definitions = Array(repeating: [], count: structuralCount)
        assignment = Array(repeating: 0, count: structuralCount)
        bounds = BoundTrail(count: structuralCount)
    }

    /// Adds the slack `Σ coefficient · variable` over structural variables
    /// and returns its index (the next one: keep it in step with the exact twin).
    public mutating func addSlack(_ terms: [(variable: Int, coefficient: Double)]) -> Int {
        let variable = assignment.count
        for r in rows.indices { rows[r].append(0) }
        var row = Array(repeating: 0.0, count: variable + 1)
        var value = 0.0
        for (v, c) in terms {
            value += c * assignment[v]
            let r = rowOf[v]
            if r < 0 {
                row[v] += c
            } else {
                for (w, a) in rows[r].enumerated() where a != 0 { row[w] += c * a }
            }
        }
        rows.append(row)
        basicOf.append(variable)
        rowOf.append(rows.count - 1)
        definitions.append(terms)
        assignment.append(value)
        bounds.append()
        return variable
    }

    /// Opens a level; ``popLevels(to:)`` restores the bounds as they were.
    public mutating func pushLevel() { bounds.pushLevel() }

    /// Restores the bounds of level `target` (0: before any push).
    public mutating func popLevels(to target: Int) { bounds.popLevels(to: target) }

    /// How far a strict bound `c` is moved inward: 1e-7 of its size, at least 1e-7.
    public static func strictMargin(_ c: Double) -> Double { 1e-7 * Swift.max(1, abs(c)) }

    /// Sets a bound (the exact twin decides whether bounds cross).
    public mutating func assertBound(_ v: Int, _ value: Double, isUpper: Bool) {
        if isUpper {
            if let current = upper[v], current <= value { return }
            bounds.set(v, value, isUpper: true)
            if rowOf[v] < 0, value < assignment[v] { update(v, to: value) }
        } else {
            if let current = lower[v], value <= current { return }
            bounds.set(v, value, isUpper: false)
            if rowOf[v] < 0, assignment[v] < value { update(v, to: value) }
        }
    }

    /// Restores feasibility by pivoting (Bland's rule among entries large
    /// enough to pivot on), or names the row that blocks it.
    public mutating func check() -> Outcome {
        var pivots = 0
        let blandAfter = 200
        while true {
            guard let (r, below) = violatedRow(greatest: false) else { return .feasible }
            let row = rows[r]
            let basic = basicOf[r]
            let largest = row.reduce(0) { Swift.max($0, abs($1)) }
            // Early on, the entry that moves the basic variable most per
            // unit (largest |a|, ties to small indices); later Bland's rule
            // (the smallest eligible index), which cannot cycle.
            let bland = pivots >= blandAfter
            var entering = -1
            var enteringSize = 0.0
            for (v, a) in row.enumerated() where abs(a) > 1e-9 * largest {
                let increase = (a > 0) == below
                let canMove = increase ? (upper[v].map { assignment[v] < $0 } ?? true) : (lower[v].map { $0 < assignment[v] } ?? true)
                if canMove, abs(a) > enteringSize {
                    entering = v
                    enteringSize = abs(a)
                    if bland { break }
                }
            }
            guard entering >= 0 else {
                return .infeasible(basic: basic, below: below, entries: row.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) })
            }
            guard let target = below ? lower[basic] : upper[basic] else { return .undecided }
            pivots += 1
            if pivots > 50 * (rows.count + 10) { return .undecided }

            pivotAndUpdate(row: r, entering: entering, target: target)
        }
    }

    /// The row of the smallest basic variable outside its bounds by more
    /// than rounding: a shortfall within 1e-9 of the magnitude of the terms
    /// that make up the value (and of the bound) counts as none.
    ///
    /// With `greatest`, the row whose basic variable is furthest outside
    /// instead (fewer pivots in practice; Bland's choice, which cannot
    /// cycle, takes over after a while).
    private func violatedRow(greatest: Bool) -> (row: Int, below: Bool)? {
        var best: (row: Int, below: Bool)?
        var bestVariable = Int.max
        var bestViolation = 0.0
        for (r, v) in basicOf.enumerated() where greatest || v < bestVariable {
            var violation = 0.0
            var below = false
            if let low = lower[v], assignment[v] < low, isBeyondRounding(r, value: assignment[v], bound: low) {
                violation = low - assignment[v]
                below = true
            } else if let high = upper[v], high < assignment[v], isBeyondRounding(r, value: assignment[v], bound: high) {
                violation = assignment[v] - high
            } else {
                continue
            }
            if greatest ? violation > bestViolation : v < bestVariable {
                best = (r, below)
                bestVariable = v
                bestViolation = violation
            }
        }
        return best
    }

    private func isBeyondRounding(_ r: Int, value: Double, bound: Double) -> Bool {
        var scale = abs(bound)
        for (v, a) in rows[r].enumerated() where a != 0 { scale += abs(a * assignment[v]) }
        return abs(value - bound) > 1e-9 * scale + 1e-13
    }

    private mutating func update(_ v: Int, to value: Double) {
        let change = value - assignment[v]
        for r in rows.indices {
            let a = rows[r][v]
            if a != 0 { assignment[basicOf[r]] += a * change }
        }
        assignment[v] = value
    }

    private mutating func pivotAndUpdate(row r: Int, entering: Int, target: Double) {
        let basic = basicOf[r]
        let theta = (target - assignment[basic]) / rows[r][entering]
        assignment[basic] = target
        assignment[entering] += theta
        for s in rows.indices where s != r {
            let c = rows[s][entering]
            if c != 0 { assignment[basicOf[s]] += c * theta }
        }
        pivotCount += 1
        pivotsSinceRefresh += 1
        pivot(row: r, entering: entering)
    }

    /// Exchanges the basic variable of row `r` with `entering`.
    private mutating func pivot(row r: Int, entering: Int) {
        let leaving = basicOf[r]
        let inverse = 1 / rows[r][entering]
        // entering = inverse · leaving - Σ_{j≠entering} (a_j · inverse) x_j
        rows[r].withUnsafeMutableBufferPointer { row in
            for j in row.indices { row[j] = -row[j] * inverse }
            row[entering] = 0
            row[leaving] = inverse
        }
        let pivotRow = rows[r]
        basicOf[r] = entering
        rowOf[entering] = r
        rowOf[leaving] = -1
        pivotRow.withUnsafeBufferPointer { p in
            for s in rows.indices where s != r {
                let c = rows[s][entering]
                if c == 0 { continue }
                rows[s].withUnsafeMutableBufferPointer { row in
                    for j in row.indices { row[j] += c * p[j] }
                    row[entering] = 0
                }
            }
        }
    }

    /// Whether enough pivots have passed since the rows were rebuilt that
    /// rounding may have crept in.
    public var isStale: Bool { pivotsSinceRefresh > 20_000 }

    /// Rebuilds the rows from their definitions, with every slack basic and
    /// every structural variable at its current value (or at `values`, when
    /// given), clamped to its bounds.
    public mutating func refresh(at values: [Double]? = nil) {
        for v in 0..<structuralCount {
            if let values { assignment[v] = values[v] }
            if let low = lower[v], assignment[v] < low { assignment[v] = low }
            if let high = upper[v], high < assignment[v] { assignment[v] = high }
            rowOf[v] = -1
        }
        for (r, v) in (structuralCount..<assignment.count).enumerated() {
            var row = Array(repeating: 0.0, count: assignment.count)
            var value = 0.0
            for (w, c) in definitions[v] {
                value += c * assignment[w]
                row[w] += c
            }
            assignment[v] = value
            rows[r] = row
            basicOf[r] = v
            rowOf[v] = r
        }
        pivotsSinceRefresh = 0
    }

    /// The current value of a variable.
    public func value(of v: Int) -> Double { assignment[v] }

    /// Rows and their nonzero entries (for statistics).
    public var shape: (rows: Int, entries: Int) { (rows.count, rows.reduce(0) { $0 + $1.filter { $0 != 0 }.count }) }

}
