import ExactArithmetic

/// An exact, incremental simplex for conjunctions of linear constraints
/// with `<`, `<=`, `=`, `>=`, `>` over rational variables.
///
/// It follows Dutertre and de Moura, "A Fast Linear-Arithmetic Solver for
/// DPLL(T)" (CAV 2006): each distinct linear form gets a slack variable
/// defined by a tableau row; constraints only set bounds on variables, so
/// backtracking (``pop()``) just restores bounds and the tableau is never
/// rebuilt. Strict bounds use ``DeltaRational``. Pivoting uses Bland's rule
/// (smallest variable index), which cannot cycle. An infeasible check
/// returns the Farkas multipliers read off the conflicting row.
///
/// Not thread-safe: one instance belongs to one search.
public struct RationalSimplex: Sendable {
    private struct Bound: Sendable {
        var value: DeltaRational
        /// The asserted constraint this bound came from.
        var constraint: Int
    }

    private enum Location: Sendable {
        case basic(row: Int)
        case nonbasic(column: Int)
    }

    private struct TrailEntry: Sendable {
        var variable: Int
        var lower: Bound?
        var upper: Bound?
    }

    private struct Checkpoint: Sendable {
        var trailCount: Int
        var constraintCount: Int
        var variableCount: Int
        var trivialConflict: FarkasCertificate?
    }

    /// The number of structural variables `x0 ... x(n-1)`.
    public let variableCount: Int

    private var rows: [[Rational]] = []
    private var basicVariable: [Int] = []
    private var nonbasicVariable: [Int]
    private var location: [Location]
    private var assignment: [DeltaRational]
    private var lower: [Bound?]
    private var upper: [Bound?]
    private var slackForForm: [[Rational]: Int] = [:]
    /// The linear form of each slack variable (nil for structural ones).
    private var formOfVariable: [[Rational]?]
    private var trail: [TrailEntry] = []
    private var checkpoints: [Checkpoint] = []
    private var trivialConflict: FarkasCertificate?
    /// The asserted constraints, in order; certificates index into this.
    public private(set) var constraints: [LinearConstraint] = []
    /// Pivots performed so far (for statistics).
    public private(set) var pivotCount = 0

    /// A simplex over `variableCount` unbounded variables and no constraints.
    public init(variableCount: Int) {
        self.variableCount = variableCount
        nonbasicVariable = Array(0..<variableCount)
        location = (0..<variableCount).map { .nonbasic(column: $0) }
        assignment = Array(repeating: .zero, count: variableCount)
        lower = Array(repeating: nil, count: variableCount)
        upper = Array(repeating: nil, count: variableCount)
        formOfVariable = Array(repeating: nil, count: variableCount)
    }

    // MARK: - Assertions and backtracking

    /// Adds a constraint to the current scope and returns its index.
    ///
    /// - Precondition: `constraint.coefficients.count == variableCount`.
    @discardableResult
    public mutating func assert(_ constraint: LinearConstraint) -> Int {
        precondition(constraint.coefficients.count == variableCount, "constraint has \(constraint.coefficients.count) coefficients, expected \(variableCount)")
        let index = constraints.count
        constraints.append(constraint)
        if trivialConflict != nil { return index }
        if constraint.coefficients.allSatisfy(\.isZero) {
            if !constraint.relation.holds(.zero, constraint.constant) {
                let sign: Rational = constraint.constant.signum < 0 || (constraint.constant.isZero && constraint.relation == .less) ? 1 : -1
                trivialConflict = FarkasCertificate(multipliers: [(index, sign)])
            }
            return index
        }
        let slack = slackVariable(for: constraint.coefficients)
        let c = constraint.constant
        switch constraint.relation {
        case .less: tighten(slack, Bound(value: DeltaRational(c, delta: -1), constraint: index), upper: true)
        case .lessOrEqual: tighten(slack, Bound(value: DeltaRational(c), constraint: index), upper: true)
        case .equal:
            tighten(slack, Bound(value: DeltaRational(c), constraint: index), upper: true)
            tighten(slack, Bound(value: DeltaRational(c), constraint: index), upper: false)
        case .greaterOrEqual: tighten(slack, Bound(value: DeltaRational(c), constraint: index), upper: false)
        case .greater: tighten(slack, Bound(value: DeltaRational(c, delta: 1), constraint: index), upper: false)
        }
        return index
    }

    /// Opens a scope; ``pop()`` removes every constraint asserted after it.
    public mutating func push() {
        checkpoints.append(Checkpoint(
            trailCount: trail.count, constraintCount: constraints.count, variableCount: location.count, trivialConflict: trivialConflict))
    }

    /// Removes the constraints of the innermost scope.
    ///
    /// - Precondition: a scope is open.
    public mutating func pop() {
        guard let checkpoint = checkpoints.popLast() else { preconditionFailure("pop() without push()") }
        while trail.count > checkpoint.trailCount, let entry = trail.popLast() {
            lower[entry.variable] = entry.lower
            upper[entry.variable] = entry.upper
        }
        constraints.removeSubrange(checkpoint.constraintCount...)
        trivialConflict = checkpoint.trivialConflict
        removeVariables(from: checkpoint.variableCount)
    }

    /// Drops the slack variables created since a scope opened, so the
    /// tableau does not grow with every region a search visits. A dropped
    /// slack that is nonbasic is first pivoted into the basis against a row
    /// of an older variable (one exists: some basic variable's row must
    /// depend on it). Pivoting leaves the assignment unchanged.
    private mutating func removeVariables(from count: Int) {
        guard location.count > count else { return }
        for v in count..<location.count {
            guard case .nonbasic(let column) = location[v] else { continue }
            guard let row = rows.indices.first(where: { basicVariable[$0] < count && !rows[$0][column].isZero }) else {
                preconditionFailure("no row to pivot slack \(v) out of the nonbasic set")
            }
            pivot(row: row, column: column)
        }
        var keptRows: [[Rational]] = []
        var keptBasic: [Int] = []
        for (row, v) in basicVariable.enumerated() where v < count {
            keptRows.append(rows[row])
            keptBasic.append(v)
        }
        rows = keptRows
        basicVariable = keptBasic
        for v in count..<location.count {
            if let form = formOfVariable[v] { slackForForm[form] = nil }
        }
        location.removeSubrange(count...)
        assignment.removeSubrange(count...)
        lower.removeSubrange(count...)
        upper.removeSubrange(count...)
        formOfVariable.removeSubrange(count...)
        for (row, v) in basicVariable.enumerated() { location[v] = .basic(row: row) }
        // A variable pivoted out of the basis may sit outside its bounds;
        // nonbasic variables must not (check() repairs only basic ones).
        for v in nonbasicVariable {
            if let low = lower[v], assignment[v] < low.value {
                update(v, to: low.value)
            } else if let high = upper[v], high.value < assignment[v] {
                update(v, to: high.value)
            }
        }
    }

    /// Tightens one side of a variable's bounds (a looser bound is ignored),
    /// recording the old bounds for ``pop()``.
    private mutating func tighten(_ v: Int, _ bound: Bound, upper isUpper: Bool) {
        if let current = isUpper ? upper[v] : lower[v],
            isUpper ? current.value <= bound.value : bound.value <= current.value
        {
            return
        }
        trail.append(TrailEntry(variable: v, lower: lower[v], upper: upper[v]))
        if isUpper { upper[v] = bound } else { lower[v] = bound }
        if let high = upper[v], let low = lower[v], high.value < low.value {
            trivialConflict = Self.boundConflict(upper: high, lower: low)
            return
        }
        let outside = isUpper ? bound.value < assignment[v] : assignment[v] < bound.value
        if case .nonbasic = location[v], outside { update(v, to: bound.value) }
    }

    /// Upper bound u below lower bound l on one linear form: `1 * (form <= u) + (-1) * (form >= l)`.
    private static func boundConflict(upper: Bound, lower: Bound) -> FarkasCertificate {
        // An equality's bound may play either side; its multiplier sign is free.
        if upper.constraint == lower.constraint { return FarkasCertificate(multipliers: [(upper.constraint, 1)]) }
        return FarkasCertificate(multipliers: [(upper.constraint, 1), (lower.constraint, -1)])
    }

    /// The slack variable whose row is `coefficients · x`, created on first use.
    private mutating func slackVariable(for coefficients: [Rational]) -> Int {
        if let existing = slackForForm[coefficients] { return existing }
        let columns = nonbasicVariable.count
        var row = [Rational](repeating: .zero, count: columns)
        for (j, a) in coefficients.enumerated() where !a.isZero {
            switch location[j] {
            case .nonbasic(let column): row[column] += a
            case .basic(let r):
                for (c, b) in rows[r].enumerated() where !b.isZero { row[c] += a * b }
            }
        }
        let variable = location.count
        var value = DeltaRational.zero
        for (c, a) in row.enumerated() where !a.isZero { value = value + a * assignment[nonbasicVariable[c]] }
        rows.append(row)
        basicVariable.append(variable)
        location.append(.basic(row: rows.count - 1))
        assignment.append(value)
        lower.append(nil)
        upper.append(nil)
        formOfVariable.append(coefficients)
        slackForForm[coefficients] = variable
        return variable
    }

    // MARK: - Checking

    /// Decides whether the asserted constraints have a common solution.
    ///
    /// - Returns: an exact point, or Farkas multipliers proving there is none.
    public mutating func check() -> FeasibilityResult {
        if let conflict = trivialConflict { return .infeasible(conflict) }
        while true {
            guard let (row, basic, isBelow) = smallestViolatingBasic() else { return .feasible(point()) }
            let coefficients = rows[row]
            var entering: (column: Int, variable: Int)?
            for (column, a) in coefficients.enumerated() where !a.isZero {
                let v = nonbasicVariable[column]
                let increase = (a.signum > 0) == isBelow
                let canMove = increase ? (upper[v].map { assignment[v] < $0.value } ?? true) : (lower[v].map { $0.value < assignment[v] } ?? true)
                if canMove, entering.map({ v < $0.variable }) ?? true { entering = (column, v) }
            }
            guard let (column, _) = entering else { return .infeasible(conflict(row: row, basic: basic, isBelow: isBelow)) }
            let target = isBelow ? lower[basic]?.value : upper[basic]?.value
            pivotAndUpdate(row: row, column: column, value: target ?? assignment[basic])
        }
    }

    private func smallestViolatingBasic() -> (row: Int, variable: Int, isBelow: Bool)? {
        var best: (Int, Int, Bool)?
        for (row, v) in basicVariable.enumerated() {
            if let b = best, v > b.1 { continue }
            if let low = lower[v], assignment[v] < low.value {
                best = (row, v, true)
            } else if let high = upper[v], high.value < assignment[v] {
                best = (row, v, false)
            }
        }
        return best
    }

    /// The Farkas multipliers of a row whose basic variable cannot move
    /// toward its violated bound.
    private func conflict(row: Int, basic: Int, isBelow: Bool) -> FarkasCertificate {
        // basic = sum a_j x_j. Below its lower bound l: every x_j with a_j > 0
        // sits at its upper bound and every a_j < 0 at its lower bound, so
        // -1 * (basic >= l) + sum a_j * (bound of x_j) cancels to a contradiction.
        // Above its upper bound: the mirror image with the signs flipped.
        var multipliers: [Int: Rational] = [:]
        func add(_ constraint: Int, _ y: Rational) { multipliers[constraint, default: .zero] += y }
        let sign: Rational = isBelow ? 1 : -1
        if let bound = isBelow ? lower[basic] : upper[basic] { add(bound.constraint, -sign) }
        for (column, a) in rows[row].enumerated() where !a.isZero {
            let v = nonbasicVariable[column]
            let useUpper = (a.signum > 0) == isBelow
            if let bound = useUpper ? upper[v] : lower[v] { add(bound.constraint, sign * a) }
        }
        let kept = multipliers.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map { (constraint: $0.key, multiplier: $0.value) }
        return FarkasCertificate(multipliers: kept)
    }

    private mutating func update(_ variable: Int, to value: DeltaRational) {
        guard case .nonbasic(let column) = location[variable] else { return }
        let change = value - assignment[variable]
        for (row, b) in basicVariable.enumerated() where !rows[row][column].isZero {
            assignment[b] = assignment[b] + rows[row][column] * change
        }
        assignment[variable] = value
    }

    private mutating func pivotAndUpdate(row: Int, column: Int, value: DeltaRational) {
        let basic = basicVariable[row]
        let entering = nonbasicVariable[column]
        let a = rows[row][column]
        let theta = a.reciprocal * (value - assignment[basic])
        assignment[basic] = value
        assignment[entering] = assignment[entering] + theta
        for (r, b) in basicVariable.enumerated() where r != row && !rows[r][column].isZero {
            assignment[b] = assignment[b] + rows[r][column] * theta
        }
        pivot(row: row, column: column)
    }

    /// Exchanges the basic variable of `row` with the nonbasic one of `column`.
    private mutating func pivot(row: Int, column: Int) {
        pivotCount += 1
        let basic = basicVariable[row]
        let entering = nonbasicVariable[column]
        let inverse = rows[row][column].reciprocal
        var pivotRow = rows[row].map { -$0 * inverse }
        pivotRow[column] = inverse
        rows[row] = pivotRow
        for r in rows.indices where r != row {
            let b = rows[r][column]
            if b.isZero { continue }
            for c in pivotRow.indices where !pivotRow[c].isZero {
                rows[r][c] = c == column ? b * pivotRow[c] : rows[r][c] + b * pivotRow[c]
            }
        }
        basicVariable[row] = entering
        nonbasicVariable[column] = basic
        location[entering] = .basic(row: row)
        location[basic] = .nonbasic(column: column)
    }

    /// The current assignment with δ replaced by a positive rational small
    /// enough that every bound still holds.
    private func point() -> [Rational] {
        var delta = Rational.one
        func limit(_ low: DeltaRational, _ high: DeltaRational) {
            // low <= high as delta-rationals; keep low.value(d) <= high.value(d).
            if low.real < high.real, high.delta < low.delta {
                delta = Rational.minimum(delta, (high.real - low.real) / (low.delta - high.delta))
            }
        }
        for v in assignment.indices {
            if let low = lower[v] { limit(low.value, assignment[v]) }
            if let high = upper[v] { limit(assignment[v], high.value) }
        }
        let result = (0..<variableCount).map { assignment[$0].value(delta: delta) }
        // Debug builds re-check every point (a quarter of a release search's
        // time if kept); release builds rely on callers replaying the points
        // they report, as the verifier does.
        for constraint in constraints {
            Swift.assert(constraint.isSatisfied(by: result), "simplex point violates \(constraint): a bug in RationalSimplex")
        }
        return result
    }
}
