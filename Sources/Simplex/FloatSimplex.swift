/// A double-precision twin of ``SparseSimplex``, for steering a search
/// cheaply: same variables, rows and bounds, with tolerances instead of
/// exactness. A strict bound is tightened by a small margin
/// (``strictMargin(_:)``), so a point it finds satisfies strict bounds by
/// more than rounding.
///
/// Nothing it says is a verdict. A feasible check gives an approximate
/// point to guide decisions; an infeasible one names rows that cannot all
/// reach their bounds (a ``Conflict``), which ``SparseSimplex/certify(_:deadline:)``
/// turns into exact Farkas multipliers or rejects. Accumulated rounding is
/// shed by ``refresh(at:)``, which rebuilds the rows from their definitions.
///
/// The tableau is dense over the nonbasic columns (there are as many as
/// structural variables), as rows fill in within a few pivots anyway.
package struct FloatSimplex: Sendable {
    /// Rows that cannot all reach their bounds: `y = Σ σ_r x_r` over the
    /// listed basic variables (σ = 1 for one below its lower bound, -1 for
    /// one above its upper) equals `Σ a_j x_j` over `entries`, and each
    /// entry sits at the bound that stops y from rising.
    package struct Conflict: Sendable {
        /// The violated basic variables, and whether each is below its lower bound.
        package var rows: [(basic: Int, below: Bool)]
        /// The nonbasic variables and their coefficients in y.
        package var entries: [(variable: Int, coefficient: Double)]

        /// A conflict over `rows`, with y written over `entries`.
        package init(rows: [(basic: Int, below: Bool)], entries: [(variable: Int, coefficient: Double)]) {
            self.rows = rows
            self.entries = entries
        }
    }

    /// The outcome of ``check(deadline:patience:)``.
    package enum Outcome: Sendable {
        /// The bounds look feasible (read the point with ``value(of:)``).
        case feasible
        /// The bounds look infeasible, for the reason given.
        case infeasible(Conflict)
        /// Pivoting did not settle (numerical trouble); ask the exact simplex.
        case undecided
        /// The deadline passed first.
        case interrupted
    }

    /// The number of structural variables (and of nonbasic columns).
    package let structuralCount: Int
    /// `basicOf[r] = Σ_c rows[r, c] · nonbasicOf[c]`.
    private var rows: DenseRows
    /// Rows left behind by pivots while their basic variable, a slack, had
    /// no bounds: such a row constrains nothing, so its entries and value
    /// are brought up to date only once a bound needs them (``freshen(_:)``).
    /// On the length-10 handcrafted model this skips four rows in ten.
    private var outdated: [Bool] = []
    private var basicOf: [Int] = []
    /// The variable in each column.
    private var nonbasicOf: [Int]
    /// Each variable's row when basic (≥ 0), or `-1 - column` when nonbasic.
    private var place: [Int]
    private var definitions: [[(variable: Int, coefficient: Double)]]
    private var assignment: [Double]
    private var bounds: BoundTrail<Double>
    private var pivotsSinceRefresh = 0
    /// Pivots performed so far (for statistics).
    package private(set) var pivotCount = 0

    /// A simplex over `structuralCount` unbounded variables and no rows.
    package init(structuralCount: Int) {
        self.structuralCount = structuralCount
        rows = DenseRows(width: structuralCount)
        nonbasicOf = Array(0..<structuralCount)
        place = (0..<structuralCount).map { -1 - $0 }
        definitions = Array(repeating: [], count: structuralCount)
        assignment = Array(repeating: 0, count: structuralCount)
        bounds = BoundTrail(count: structuralCount, noLower: -.infinity, noUpper: .infinity)
    }

    /// Adds the slack `Σ coefficient · variable` over structural variables
    /// and returns its index (the next one: keep it in step with the exact twin).
    package mutating func addSlack(_ terms: [(variable: Int, coefficient: Double)]) -> Int {
        let variable = assignment.count
        let (row, value) = expressed(terms)
        rows.append(row)
        outdated.append(false)
        basicOf.append(variable)
        place.append(rows.count - 1)
        definitions.append(terms)
        assignment.append(value)
        bounds.append()
        return variable
    }

    /// `Σ coefficient · variable` over structural variables, written over the
    /// current nonbasic columns, and its value.
    private func expressed(_ terms: [(variable: Int, coefficient: Double)]) -> (row: [Double], value: Double) {
        var row = Array(repeating: 0.0, count: structuralCount)
        var value = 0.0
        for (v, c) in terms {
            value += c * assignment[v]
            if place[v] < 0 {
                row[-1 - place[v]] += c
            } else {
                for (j, a) in zip(0..., rows[place[v]]) where a != 0 { row[j] += c * a }
            }
        }
        return (row, value)
    }

    /// Whether row `r` is a slack's without bounds, which pivots may skip.
    private func mayFallBehind(_ r: Int) -> Bool {
        let v = basicOf[r]
        return v >= structuralCount && bounds.lower[v] == -.infinity && bounds.upper[v] == .infinity
    }

    /// Brings an outdated row and its basic variable's value up to date.
    private mutating func freshen(_ r: Int) {
        guard outdated[r] else { return }
        let v = basicOf[r]
        let (row, value) = expressed(definitions[v])
        rows.replace(r, with: row)
        assignment[v] = value
        outdated[r] = false
    }

    /// Opens a level; ``popLevels(to:)`` restores the bounds as they were.
    package mutating func pushLevel() { bounds.pushLevel() }

    /// Restores the bounds of level `target` (0: before any push).
    package mutating func popLevels(to target: Int) { bounds.popLevels(to: target) }

    /// How far a strict bound `c` is moved inward: 1e-7 of its size, at least 1e-7.
    package static func strictMargin(_ c: Double) -> Double { 1e-7 * Swift.max(1, abs(c)) }

    /// Sets a bound (the exact twin decides whether bounds cross).
    package mutating func assertBound(_ v: Int, _ value: Double, isUpper: Bool) {
        if place[v] >= 0 { freshen(place[v]) }
        if isUpper {
            if bounds.upper[v] <= value { return }
            bounds.set(v, value, isUpper: true)
            if place[v] < 0, value < assignment[v] { update(v, to: value) }
        } else {
            if value <= bounds.lower[v] { return }
            bounds.set(v, value, isUpper: false)
            if place[v] < 0, assignment[v] < value { update(v, to: value) }
        }
    }

    /// How many pivots of one check fix one violated row at a time before
    /// the check turns to lowering the total violation (phase one).
    package var rowByRowPivots = 200
    /// How many pivots in a row that lower no violation are allowed before
    /// Bland's rule (smallest eligible variables), which cannot cycle.
    static let blandAfterStalls = 50

    /// Restores feasibility by pivoting, or names rows that block it; stops
    /// at `deadline` when there is one. The first pivots each fix one
    /// violated row (entering the variable that moves it most per unit),
    /// which settles small changes quickly but can wander; after
    /// ``rowByRowPivots`` the check minimizes the sum of all violations
    /// with a ratio test, so no pivot makes a satisfied row violated.
    ///
    /// After `patience` pivots (default: 50 per row) it gives up as
    /// `undecided`: degenerate pivots can go round for a long time in doubles.
    package mutating func check(deadline: ContinuousClock.Instant? = nil, patience: Int? = nil) -> Outcome {
        check(deadline: deadline, patience: patience, stallStep: 0)
    }

    /// ``check(deadline:patience:)``, where a phase-one pivot whose step is
    /// at most `stallStep` counts as a stall.
    private mutating func check(deadline: ContinuousClock.Instant?, patience: Int?, stallStep: Double) -> Outcome {
        let limit = patience ?? 50 * (rows.count + 10)
        var pivots = 0
        while pivots < Swift.min(limit, rowByRowPivots) {
            if let deadline, pivots & 63 == 63, ContinuousClock.now > deadline { return .interrupted }
            guard let (r, below) = violatedRow() else { return .feasible }
            // A copy: a slice would keep the table shared, and the pivot
            // below would then copy the whole table.
            let row = Array(rows[r])
            let largest = row.reduce(0) { Swift.max($0, abs($1)) }
            var entering = -1
            var enteringSize = 0.0
            for (j, a) in row.enumerated() where abs(a) > Swift.max(1e-9 * largest, enteringSize) {
                if canMove(nonbasicOf[j], up: (a > 0) == below) {
                    entering = j
                    enteringSize = abs(a)
                }
            }
            guard entering >= 0 else {
                let sign = below ? 1.0 : -1.0
                return .infeasible(Conflict(rows: [(basicOf[r], below)], entries: entries(row.map { sign * $0 })))
            }
            let basic = basicOf[r]
            pivots += 1
            pivotAndUpdate(row: r, column: entering, target: below ? bounds.lower[basic] : bounds.upper[basic])
        }
        return reduceViolation(deadline: deadline, pivots: pivots, limit: limit, stallStep: stallStep)
    }

    /// ``check(deadline:patience:)`` with every bound moved outward by
    /// `relative` times its size (at least 1), scaled by a different
    /// fraction between 1/2 and 1 for each variable, so that no two bounds
    /// are reached at once: the degenerate pivots that keep a check from
    /// settling in doubles need such ties. Steps shorter than 1e-9 count
    /// as stalls here, so Bland's rule takes over from a crawl. A conflict
    /// is still one of the true bounds, which are tighter; a point may miss
    /// them by the shift. The bounds are restored afterwards, and nonbasic
    /// variables moved back within them.
    package mutating func checkWithRelaxedBounds(relative: Double, deadline: ContinuousClock.Instant? = nil, patience: Int? = nil) -> Outcome {
        let level = bounds.levelCount
        bounds.pushLevel()
        for v in assignment.indices {
            // A Weyl sequence: spread over [1/2, 1) without a generator.
            let shift = relative * (0.5 + 0.5 * (Double(v) * 0.618_033_988_749_894_9).truncatingRemainder(dividingBy: 1))
            let (low, high) = (bounds.lower[v], bounds.upper[v])
            if low > -.infinity { bounds.set(v, low - shift * Swift.max(1, abs(low)), isUpper: false) }
            if high < .infinity { bounds.set(v, high + shift * Swift.max(1, abs(high)), isUpper: true) }
        }
        let outcome = check(deadline: deadline, patience: patience, stallStep: 1e-9)
        bounds.popLevels(to: level)
        for v in assignment.indices where place[v] < 0 {
            let clamped = Swift.min(Swift.max(assignment[v], bounds.lower[v]), bounds.upper[v])
            if clamped != assignment[v] { update(v, to: clamped) }
        }
        return outcome
    }

    /// The nonzero coefficients of a combination over the nonbasic
    /// columns, with their variables.
    private func entries(_ coefficients: [Double]) -> [(variable: Int, coefficient: Double)] {
        zip(nonbasicOf, coefficients).filter { $0.1 != 0 }.map { (variable: $0.0, coefficient: $0.1) }
    }

    /// Whether nonbasic `v` can move up (or down) from its value.
    private func canMove(_ v: Int, up: Bool) -> Bool {
        up ? assignment[v] < bounds.upper[v] : bounds.lower[v] < assignment[v]
    }

    /// Phase one of the primal simplex: lowers `Σ` violation, entering the
    /// nonbasic variable whose move lowers it fastest and stopping at the
    /// first row that would reach a bound (the most stable of near-ties).
    private mutating func reduceViolation(deadline: ContinuousClock.Instant?, pivots start: Int, limit: Int, stallStep: Double) -> Outcome {
        var pivots = start
        var stalls = 0
        var sigma = Array(repeating: 0.0, count: rows.count)
        var slope = Array(repeating: 0.0, count: structuralCount)
        while true {
            if let deadline, pivots & 63 == 63, ContinuousClock.now > deadline { return .interrupted }
            // σ_r: +1 below the lower bound, -1 above the upper one.
            var violated: [(basic: Int, below: Bool)] = []
            for r in rows.indices {
                let v = basicOf[r]
                let x = assignment[v]
                sigma[r] = 0
                if x < bounds.lower[v], isBeyondRounding(r, value: x, bound: bounds.lower[v]) {
                    sigma[r] = 1
                    violated.append((v, true))
                } else if bounds.upper[v] < x, isBeyondRounding(r, value: x, bound: bounds.upper[v]) {
                    sigma[r] = -1
                    violated.append((v, false))
                }
            }
            if violated.isEmpty { return .feasible }
            // The slope of y = Σ σ_r x_r along each nonbasic variable.
            for j in slope.indices { slope[j] = 0 }
            for r in rows.indices where sigma[r] != 0 {
                let s = sigma[r]
                rows[r].withUnsafeBufferPointer { row in
                    for j in row.indices { slope[j] += s * row[j] }
                }
            }
            let steepest = slope.reduce(0) { Swift.max($0, abs($1)) }
            let bland = stalls >= Self.blandAfterStalls
            var entering = -1
            var enteringKey = Double.infinity
            for (j, d) in slope.enumerated() where abs(d) > 1e-9 * steepest {
                let v = nonbasicOf[j]
                guard canMove(v, up: d > 0) else { continue }
                let key = bland ? Double(v) : -abs(d)
                if key < enteringKey {
                    entering = j
                    enteringKey = key
                }
            }
            guard entering >= 0 else {
                return .infeasible(Conflict(rows: violated, entries: entries(slope)))
            }
            let v = nonbasicOf[entering]
            let direction = slope[entering] > 0 ? 1.0 : -1.0
            let (leaving, step, target) = ratioTest(column: entering, direction: direction, sigma: sigma, bland: bland)
            let ownStep = direction > 0 ? bounds.upper[v] - assignment[v] : assignment[v] - bounds.lower[v]
            pivots += 1
            if pivots > limit { return .undecided }
            if leaving < 0 || ownStep <= step {
                guard ownStep.isFinite else { return .undecided }
                update(v, to: direction > 0 ? bounds.upper[v] : bounds.lower[v])
                stalls = 0
            } else {
                stalls = step > stallStep ? 0 : stalls + 1
                pivotAndUpdate(row: leaving, column: entering, target: target)
            }
        }
    }

    /// The row that first reaches a bound as nonbasic column `column` moves
    /// in `direction`: a satisfied row its bound in that direction, a
    /// violated one the bound it is short of. Among rows within rounding of
    /// the smallest step, the largest coefficient wins (the smallest basic
    /// variable under Bland's rule). Returns the row (-1 if none), the step
    /// and the bound the row's variable takes.
    private func ratioTest(column: Int, direction: Double, sigma: [Double], bland: Bool) -> (row: Int, step: Double, target: Double) {
        var candidates: [(row: Int, step: Double, size: Double, target: Double)] = []
        var smallest = Double.infinity
        var largestSize = 0.0
        for r in rows.indices where !mayFallBehind(r) { largestSize = Swift.max(largestSize, abs(rows[r, column])) }
        for r in rows.indices where !mayFallBehind(r) {
            let a = rows[r, column] * direction
            guard abs(a) > 1e-9 * largestSize else { continue }
            let v = basicOf[r]
            let target: Double
            if a > 0 {
                guard sigma[r] >= 0 else { continue }
                target = sigma[r] > 0 ? bounds.lower[v] : bounds.upper[v]
            } else {
                guard sigma[r] <= 0 else { continue }
                target = sigma[r] < 0 ? bounds.upper[v] : bounds.lower[v]
            }
            guard target.isFinite else { continue }
            let step = Swift.max(0, (target - assignment[v]) / a)
            candidates.append((r, step, abs(a), target))
            smallest = Swift.min(smallest, step)
        }
        guard smallest.isFinite else { return (-1, .infinity, 0) }
        let tolerance = 1e-9 * Swift.max(1, smallest)
        var best: (row: Int, step: Double, size: Double, target: Double)?
        for candidate in candidates where candidate.step <= smallest + tolerance {
            guard let current = best else {
                best = candidate
                continue
            }
            let better = bland ? basicOf[candidate.row] < basicOf[current.row] : candidate.size > current.size
            if better { best = candidate }
        }
        guard let best else { return (-1, .infinity, 0) }
        return (best.row, best.step, best.target)
    }

    /// The row of the smallest basic variable outside its bounds by more
    /// than rounding: a shortfall within 1e-9 of the magnitude of the terms
    /// that make up the value (and of the bound) counts as none.
    private func violatedRow() -> (row: Int, below: Bool)? {
        var best: (row: Int, below: Bool)?
        var bestVariable = Int.max
        basicOf.withUnsafeBufferPointer { basics in
            bounds.lower.withUnsafeBufferPointer { lower in
                bounds.upper.withUnsafeBufferPointer { upper in
                    assignment.withUnsafeBufferPointer { values in
                        for r in 0..<basics.count {
                            let v = basics[r]
                            guard v < bestVariable else { continue }
                            let a = values[v]
                            if a < lower[v], isBeyondRounding(r, value: a, bound: lower[v]) {
                                best = (r, true)
                                bestVariable = v
                            } else if upper[v] < a, isBeyondRounding(r, value: a, bound: upper[v]) {
                                best = (r, false)
                                bestVariable = v
                            }
                        }
                    }
                }
            }
        }
        return best
    }

    private func isBeyondRounding(_ r: Int, value: Double, bound: Double) -> Bool {
        // Most rows a pivot leaves "outside" a bound miss it by rounding
        // noise below 1e-13, which no scale can make a violation.
        if abs(value - bound) <= 1e-13 { return false }
        var scale = abs(bound)
        for (j, a) in zip(0..., rows[r]) where a != 0 { scale += abs(a * assignment[nonbasicOf[j]]) }
        return abs(value - bound) > 1e-9 * scale + 1e-13
    }

    /// Moves nonbasic `v` to `value`, updating the basic variables.
    private mutating func update(_ v: Int, to value: Double) {
        let column = -1 - place[v]
        moveBasics(along: column, by: value - assignment[v], except: -1)
        assignment[v] = value
    }

    /// Adds `step` times each row's entry in `column` to its basic
    /// variable, but for row `except`; rows that may fall behind are
    /// marked outdated instead. (The loop over every row of the tableau,
    /// at every pivot and bound move, reads raw buffers.)
    private mutating func moveBasics(along column: Int, by step: Double, except: Int) {
        let (width, structurals) = (structuralCount, structuralCount)
        rows.withEntries { table in
            basicOf.withUnsafeBufferPointer { basics in
                bounds.lower.withUnsafeBufferPointer { lower in
                    bounds.upper.withUnsafeBufferPointer { upper in
                        outdated.withUnsafeMutableBufferPointer { behind in
                            assignment.withUnsafeMutableBufferPointer { values in
                                for r in 0..<basics.count where r != except {
                                    let b = basics[r]
                                    if b >= structurals, lower[b] == -.infinity, upper[b] == .infinity {
                                        behind[r] = true
                                        continue
                                    }
                                    let a = table[r * width + column]
                                    if a != 0 { values[b] += a * step }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private mutating func pivotAndUpdate(row r: Int, column: Int, target: Double) {
        let basic = basicOf[r]
        let entering = nonbasicOf[column]
        let theta = (target - assignment[basic]) / rows[r, column]
        assignment[basic] = target
        assignment[entering] += theta
        moveBasics(along: column, by: theta, except: r)
        pivotCount += 1
        pivotsSinceRefresh += 1
        pivot(row: r, column: column)
    }

    /// Exchanges the basic variable of row `r` with the nonbasic one of
    /// `column` (outdated rows are left behind).
    private mutating func pivot(row r: Int, column: Int) {
        let leaving = basicOf[r]
        let entering = nonbasicOf[column]
        rows.pivot(row: r, column: column, skipping: outdated)
        basicOf[r] = entering
        nonbasicOf[column] = leaving
        place[entering] = r
        place[leaving] = -1 - column
    }

    /// Whether enough pivots have passed since the rows were rebuilt that
    /// rounding may have crept in.
    package var isStale: Bool { pivotsSinceRefresh > 20_000 }

    /// Rebuilds the rows from their definitions, with every slack basic and
    /// every structural variable at its current value (or at `values`, when
    /// given), clamped to its bounds.
    package mutating func refresh(at values: [Double]? = nil) {
        for v in 0..<structuralCount {
            if let values { assignment[v] = values[v] }
            assignment[v] = min(max(assignment[v], bounds.lower[v]), bounds.upper[v])
            nonbasicOf[v] = v
            place[v] = -1 - v
        }
        for (r, v) in (structuralCount..<assignment.count).enumerated() {
            var row = Array(repeating: 0.0, count: structuralCount)
            var value = 0.0
            for (w, c) in definitions[v] {
                value += c * assignment[w]
                row[w] += c
            }
            assignment[v] = value
            rows.replace(r, with: row)
            outdated[r] = false
            basicOf[r] = v
            place[v] = r
        }
        pivotsSinceRefresh = 0
    }

    /// The current value of a variable.
    package func value(of v: Int) -> Double {
        guard place[v] >= 0, outdated[place[v]] else { return assignment[v] }
        return expressed(definitions[v]).value
    }
}
