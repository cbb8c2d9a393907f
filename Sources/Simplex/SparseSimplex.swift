package import ExactArithmetic

/// An exact simplex over bounded variables with sparse rows, for a
/// DPLL(T) search: Dutertre and de Moura, "A Fast Linear-Arithmetic Solver
/// for DPLL(T)" (CAV 2006).
///
/// Variables are the *structural* ones `0..<structuralCount` and one
/// *slack* per linear form added with ``slack(for:)``, defined by a tableau
/// row. Constraints are bounds on variables (`v <= c` or `v >= c`, with
/// delta-rationals for strict ones), each with a caller's reason id. Levels
/// (``pushLevel()``, ``popLevels(to:)``) restore bounds; rows are never
/// removed, and backtracking never pivots. Pivoting uses Bland's rule
/// (smallest variable index), which cannot cycle. An infeasible check
/// returns Farkas multipliers over the reasons of the bounds it used;
/// ``certify(_:deadline:)`` turns an approximate conflict (from
/// ``FloatSimplex``) into such multipliers, exactly, or fails.
///
/// Not thread-safe: one instance belongs to one search.
package struct SparseSimplex: Sendable {
    /// A bound and the caller's reason for it.
    private struct Bound: Sendable {
        var value: DeltaRational
        var reason: Int
    }

    /// A sparse linear form, for recognizing repeated slacks.
    private struct FormKey: Hashable, Sendable {
        var variables: [Int]
        var coefficients: [Rational]
    }

    /// Farkas multipliers over bound reasons: `>= 0` on upper bounds, `<= 0`
    /// on lower ones; the bounded forms cancel and the bounds sum to
    /// something negative.
    package typealias Explanation = [(reason: Int, multiplier: Rational)]

    /// The number of structural variables.
    package let structuralCount: Int
    private var tableau: Tableau<Rational>
    /// Each slack's definition over structural variables (empty for structural ones).
    private var definitions: [[(variable: Int, coefficient: Rational)]]
    /// Each definition's coefficients modulo ``Rational/residuePrime``
    /// (nil when one has no residue), for ``combinationFailsModuloPrime(_:_:_:)``.
    private var definitionResidues: [[(variable: Int, residue: UInt64)]?]
    private var assignment: [DeltaRational]
    /// Nonbasic variables whose value a bound asserted since the last
    /// check may have left outside (``moveIntoBounds()``), each once.
    private var outOfBounds: [Int] = []
    private var isOutOfBounds: [Bool] = []
    private var bounds: BoundTrail<Bound?>
    private var lower: [Bound?] { bounds.lower }
    private var upper: [Bound?] { bounds.upper }
    private var slackForForm: [FormKey: Int] = [:]
    /// Pivots performed so far (for statistics).
    package private(set) var pivotCount = 0

    /// A simplex over `structuralCount` unbounded variables and no rows.
    package init(structuralCount: Int) {
        self.structuralCount = structuralCount
        tableau = Tableau(variableCount: structuralCount)
        definitions = Array(repeating: [], count: structuralCount)
        definitionResidues = (0..<structuralCount).map { [(variable: $0, residue: UInt64(1))] }
        assignment = Array(repeating: .zero, count: structuralCount)
        bounds = BoundTrail(count: structuralCount, noLower: nil, noUpper: nil)
    }

    /// The number of variables, structural and slack.
    package var variableCount: Int { assignment.count }

    // MARK: - Rows

    /// The slack variable equal to `Σ coefficient · variable` (over
    /// structural variables), created with its row on first use.
    ///
    /// - Precondition: the terms name distinct structural variables, ascending, with nonzero coefficients.
    package mutating func slack(for terms: [(variable: Int, coefficient: Rational)]) -> Int {
        let key = FormKey(variables: terms.map(\.variable), coefficients: terms.map(\.coefficient))
        if let existing = slackForForm[key] { return existing }
        // Express the form over the current nonbasic variables.
        var combined: [Int: Rational] = [:]
        var value = DeltaRational.zero
        for (v, c) in terms {
            precondition(v < structuralCount, "slack rows are over structural variables")
            value = value + c * assignment[v]
            let r = tableau.rowOf[v]
            if r < 0 {
                combined[v, default: .zero] += c
            } else {
                for (w, a) in zip(tableau.rows[r].variables, tableau.rows[r].coefficients) { combined[w, default: .zero] += c * a }
            }
        }
        let entries = combined.filter { !$0.value.isZero }.sorted { $0.key < $1.key }
        let variable = assignment.count
        tableau.addRow(basic: variable, variables: entries.map(\.key), coefficients: entries.map(\.value))
        definitions.append(terms)
        let residues = terms.compactMap { term in term.coefficient.residue.map { (term.variable, $0) } }
        definitionResidues.append(residues.count == terms.count ? residues : nil)
        assignment.append(value)
        bounds.append()
        slackForForm[key] = variable
        return variable
    }

    // MARK: - Bounds and levels

    /// Opens a level; ``popLevels(to:)`` restores the bounds as they were.
    package mutating func pushLevel() { bounds.pushLevel() }

    /// Restores the bounds of level `target` (0: before any push).
    package mutating func popLevels(to target: Int) { bounds.popLevels(to: target) }

    /// Asserts `v <= value` (a looser bound changes nothing).
    ///
    /// - Returns: Farkas multipliers when this bound contradicts `v`'s lower bound.
    package mutating func assertUpper(_ v: Int, _ value: DeltaRational, reason: Int) -> Explanation? {
        if let current = upper[v], current.value <= value { return nil }
        bounds.set(v, Bound(value: value, reason: reason), isUpper: true)
        if let low = lower[v], value < low.value { return Self.crossing(upper: reason, lower: low.reason) }
        if tableau.rowOf[v] < 0, value < assignment[v] { noteOutOfBounds(v) }
        return nil
    }

    /// Asserts `v >= value` (a looser bound changes nothing).
    ///
    /// - Returns: Farkas multipliers when this bound contradicts `v`'s upper bound.
    package mutating func assertLower(_ v: Int, _ value: DeltaRational, reason: Int) -> Explanation? {
        if let current = lower[v], value <= current.value { return nil }
        bounds.set(v, Bound(value: value, reason: reason), isUpper: false)
        if let high = upper[v], high.value < value { return Self.crossing(upper: high.reason, lower: reason) }
        if tableau.rowOf[v] < 0, assignment[v] < value { noteOutOfBounds(v) }
        return nil
    }

    /// Moves every nonbasic variable a bound left behind onto it, as
    /// Dutertre and de Moura's check needs. A search asserts bounds by the
    /// hundred and certifies the floating twin's conflicts without a check
    /// here, so the moves (rational sums over every row of the variable)
    /// wait for one. The rows stay right meanwhile: they relate values,
    /// whatever the bounds.
    private mutating func noteOutOfBounds(_ v: Int) {
        if v >= isOutOfBounds.count { isOutOfBounds += Array(repeating: false, count: v + 1 - isOutOfBounds.count) }
        if isOutOfBounds[v] { return }
        isOutOfBounds[v] = true
        outOfBounds.append(v)
    }

    private mutating func moveIntoBounds() {
        for v in outOfBounds {
            isOutOfBounds[v] = false
            guard tableau.rowOf[v] < 0 else { continue }
            if let high = upper[v], high.value < assignment[v] {
                update(v, to: high.value)
            } else if let low = lower[v], assignment[v] < low.value {
                update(v, to: low.value)
            }
        }
        outOfBounds.removeAll(keepingCapacity: true)
    }

    /// `1 · (v <= u) - 1 · (v >= l)` with u < l.
    private static func crossing(upper: Int, lower: Int) -> Explanation {
        if upper == lower { return [(upper, .one)] }
        return [(upper, .one), (lower, -1)]
    }

    /// The exact bounds of `v`, for callers that mirror them.
    package func bounds(of v: Int) -> (lower: DeltaRational?, upper: DeltaRational?) {
        (lower[v]?.value, upper[v]?.value)
    }

    // MARK: - Checking

    /// The outcome of ``check()``.
    package enum Outcome: Sendable {
        /// The bounds have a common solution (read it with ``value(of:)``).
        case feasible
        /// Farkas multipliers over the reasons of the bounds that conflict.
        case infeasible(Explanation)
        /// The deadline passed first (the bounds stay as they are; a later
        /// check continues from here).
        case interrupted
    }

    /// Restores feasibility by pivoting, or explains why it cannot; stops
    /// at `deadline` (checked every 16 pivots) when there is one.
    package mutating func check(deadline: ContinuousClock.Instant? = nil) -> Outcome {
        moveIntoBounds()
        var pivots = 0
        while true {
            pivots += 1
            if let deadline, ContinuousClock.now > deadline { return .interrupted }
            guard let (r, below) = violatedRow() else { return .feasible }
            let row = tableau.rows[r]
            // Bland's rule: the smallest variable that can move the basic
            // one toward its bound (entries are in variable order).
            var enteringIndex = -1
            for (k, v) in row.variables.enumerated() {
                let increase = (row.coefficients[k].signum > 0) == below
                let canMove = increase ? (upper[v].map { assignment[v] < $0.value } ?? true) : (lower[v].map { $0.value < assignment[v] } ?? true)
                if canMove {
                    enteringIndex = k
                    break
                }
            }
            guard enteringIndex >= 0 else { return .infeasible(explanation(row: r, below: below)) }
            guard let target = below ? lower[row.basic]?.value : upper[row.basic]?.value else {
                preconditionFailure("a violated row without the bound it violates")
            }
            pivotAndUpdate(row: r, entryIndex: enteringIndex, target: target)
        }
    }

    /// The row of the smallest basic variable outside its bounds.
    private func violatedRow() -> (row: Int, below: Bool)? {
        var best: (row: Int, below: Bool)?
        var bestVariable = Int.max
        for (r, row) in tableau.rows.enumerated() where row.basic < bestVariable {
            let v = row.basic
            if let low = lower[v], assignment[v] < low.value {
                best = (r, true)
                bestVariable = v
            } else if let high = upper[v], high.value < assignment[v] {
                best = (r, false)
                bestVariable = v
            }
        }
        return best
    }

    private func explanation(row r: Int, below: Bool) -> Explanation {
        let row = tableau.rows[r]
        return multipliers(basic: row.basic, below: below, over: Array(zip(row.variables, row.coefficients))) ?? []
    }

    /// Below its lower bound l: -1 · (basic >= l) + Σ a_j · (the bound x_j
    /// sits at) cancels to l's excess over the largest reachable value;
    /// above the upper bound, the mirror image. Nil when a needed bound is missing.
    private func multipliers(basic: Int, below: Bool, over entries: [(Int, Rational)]) -> Explanation? {
        var result: Explanation = []
        func add(_ reason: Int, _ y: Rational) {
            if let k = result.firstIndex(where: { $0.reason == reason }) {
                result[k].multiplier += y
            } else {
                result.append((reason, y))
            }
        }
        let sign: Rational = below ? 1 : -1
        guard let bound = below ? lower[basic] : upper[basic] else { return nil }
        add(bound.reason, -sign)
        for (v, a) in entries where !a.isZero {
            let useUpper = (a.signum > 0) == below
            guard let bound = useUpper ? upper[v] : lower[v] else { return nil }
            add(bound.reason, sign * a)
        }
        return result.filter { !$0.multiplier.isZero }
    }

    /// Moves nonbasic `v` to `value`, updating the basic variables.
    private mutating func update(_ v: Int, to value: DeltaRational) {
        let change = value - assignment[v]
        for r in tableau.rows(containing: v) {
            guard let k = tableau.rows[r].index(of: v) else { preconditionFailure("column bits out of date") }
            let b = tableau.rows[r].basic
            assignment[b] = assignment[b] + tableau.rows[r].coefficients[k] * change
        }
        assignment[v] = value
    }

    private mutating func pivotAndUpdate(row r: Int, entryIndex k: Int, target: DeltaRational) {
        let basic = tableau.rows[r].basic
        let entering = tableau.rows[r].variables[k]
        let theta = tableau.rows[r].coefficients[k].reciprocal * (target - assignment[basic])
        assignment[basic] = target
        assignment[entering] = assignment[entering] + theta
        for s in tableau.rows(containing: entering) where s != r {
            guard let j = tableau.rows[s].index(of: entering) else { preconditionFailure("column bits out of date") }
            let b = tableau.rows[s].basic
            assignment[b] = assignment[b] + tableau.rows[s].coefficients[j] * theta
        }
        pivotCount += 1
        tableau.pivot(row: r, entryIndex: k)
    }

    // MARK: - Certifying approximate conflicts

    /// Exact Farkas multipliers for a conflict the floating twin found:
    /// `y = Σ σ_r x_r` over its violated rows cannot reach the sum of their
    /// bounds, because y equals `Σ a_j x_j` over its entries, each at the
    /// bound that blocks it. The exact coefficients are recovered (first by
    /// rounding the approximate ones to simple fractions, else by solving
    /// the linear system their definitions give), then the combination is
    /// checked in full: nil unless it is an exact refutation of the
    /// current bounds. The exact solve gives up at `deadline`.
    package func certify(_ conflict: FloatSimplex.Conflict, deadline: ContinuousClock.Instant? = nil) -> Explanation? {
        var target = Array(repeating: Rational.zero, count: structuralCount)
        for (basic, below) in conflict.rows {
            for (s, c) in form(of: basic) { target[s] = below ? target[s] + c : target[s] - c }
        }
        let support = conflict.entries.map(\.variable)
        let rounded = conflict.entries.compactMap { Rational.simplestFraction(near: $0.coefficient) }
        let coefficients: [Rational]
        let scale: Rational
        // Guesses with small denominators are cheap to test exactly; others
        // are mostly wrong, and residues rule those out first.
        let unlikely = rounded.contains { $0.smallParts.map { $0.denominator > 1024 } ?? true }
        if rounded.count == support.count, !(unlikely && combinationFailsModuloPrime(target, support, rounded)),
            let common = cancellingScale(target, support, rounded)
        {
            (coefficients, scale) = (rounded, common)
        } else if let solved = solveCoefficients(target, support, deadline: deadline), let common = cancellingScale(target, support, solved) {
            (coefficients, scale) = (solved, common)
        } else {
            return nil
        }
        // y's bound must lie beyond every value the entries can give it.
        // The multipliers are scaled to integers: a positive multiple of a
        // refutation is one, and a certificate then spells out no common
        // denominator of hundreds of digits once per multiplier.
        var explanation: [Int: Rational] = [:]
        var total = DeltaRational.zero
        for (basic, below) in conflict.rows {
            guard let bound = below ? lower[basic] : upper[basic] else { return nil }
            total = below ? total - bound.value : total + bound.value
            explanation[bound.reason, default: .zero] += below ? -scale : scale
        }
        for (v, a) in zip(support, coefficients) where !a.isZero {
            guard let bound = a.signum > 0 ? upper[v] : lower[v] else { return nil }
            total = total + a * bound.value
            explanation[bound.reason, default: .zero] += a * scale
        }
        guard total < .zero else { return nil }
        return explanation.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map { (reason: $0.key, multiplier: $0.value) }
    }

    /// A variable's definition over structural variables.
    private func form(of v: Int) -> [(variable: Int, coefficient: Rational)] {
        v < structuralCount ? [(v, .one)] : definitions[v]
    }

    /// Whether `target = Σ a_j form(j)` fails modulo ``Rational/residuePrime``,
    /// which proves it fails exactly: the rounded guesses at a dense
    /// model's coefficients are mostly wrong, and this rules them out
    /// without the exact sums of fractions with unrelated denominators.
    /// False when some number has no residue (the exact test decides).
    private func combinationFailsModuloPrime(_ target: [Rational], _ support: [Int], _ a: [Rational]) -> Bool {
        let p = Rational.residuePrime
        var sum = Array(repeating: UInt64(0), count: structuralCount)
        for (v, c) in target.enumerated() where !c.isZero {
            guard let r = c.residue else { return false }
            sum[v] = r
        }
        for (j, aj) in zip(support, a) where !aj.isZero {
            guard let r = aj.residue, let form = definitionResidues[j] else { return false }
            for (v, c) in form { sum[v] = (sum[v] + p - r * c % p) % p }
        }
        return sum.contains { $0 != 0 }
    }

    /// A positive integer whose product with every one of `values` is an integer.
    private static func commonDenominator(of values: [Rational]) -> Rational {
        var scale = Rational.one
        for v in values where !v.isZero {
            let scaled = v * scale
            if !scaled.isInteger { scale = scale * scaled.denominator }
        }
        return scale
    }

    /// When `target = Σ a_j form(j)` exactly, a common denominator of the
    /// a_j (a positive integer that makes each an integer); else nil.
    private func cancellingScale(_ target: [Rational], _ support: [Int], _ a: [Rational]) -> Rational? {
        // Scaled by a common denominator of the a_j, every a_j is an integer
        // and the row coefficients are dyadic, so the sums below never take
        // the gcd of two large numbers (solved a_j on the dense (16, 10)
        // model share a denominator of hundreds of digits). Scaling by a
        // nonzero number changes no zero.
        let scale = Self.commonDenominator(of: a)
        var sum = target.map { $0.isZero ? $0 : $0 * scale }
        for (j, aj) in zip(support, a) where !aj.isZero {
            let n = aj * scale
            for (v, c) in form(of: j) { sum[v] = sum[v] - n * c }
        }
        return sum.allSatisfy(\.isZero) ? scale : nil
    }

    /// An a with `target = Σ a_j form(j)`, found by exact sparse
    /// elimination, or nil when there is none or `deadline` passes.
    private func solveCoefficients(_ target: [Rational], _ support: [Int], deadline: ContinuousClock.Instant?) -> [Rational]? {
        // One equation per structural variable: Σ_j a_j form(j)[s] = target[s].
        var equationOf: [Int: Int] = [:]
        func equation(_ s: Int) -> Int {
            if let e = equationOf[s] { return e }
            equationOf[s] = equationOf.count
            return equationOf.count - 1
        }
        var system = SparseLinearSolver(unknownCount: support.count)
        for (j, v) in support.enumerated() {
            for (s, c) in form(of: v) { system.add(c, row: equation(s), column: j) }
        }
        for (s, c) in target.enumerated() where !c.isZero { system.add(c, row: equation(s), column: support.count) }
        return system.solve(deadline: deadline)
    }

    // MARK: - Solutions

    /// The current value of a variable, as a delta-rational.
    package func value(of v: Int) -> DeltaRational { assignment[v] }

    /// A positive rational small enough for δ that every bound holds when
    /// δ is replaced by it.
    package func concreteDelta() -> Rational {
        var delta = Rational.one
        func limit(_ low: DeltaRational, _ high: DeltaRational) {
            // low <= high as delta-rationals; keep low(d) <= high(d).
            if low.real < high.real, high.delta < low.delta {
                delta = Rational.minimum(delta, (high.real - low.real) / (low.delta - high.delta))
            }
        }
        for v in assignment.indices {
            if let low = lower[v] { limit(low.value, assignment[v]) }
            if let high = upper[v] { limit(assignment[v], high.value) }
        }
        return delta
    }

    /// The structural variables' values with δ replaced by ``concreteDelta()``.
    package func structuralPoint() -> [Rational] {
        let delta = concreteDelta()
        return (0..<structuralCount).map { assignment[$0].value(delta: delta) }
    }
}
