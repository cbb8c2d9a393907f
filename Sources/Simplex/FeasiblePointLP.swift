package import ExactArithmetic

/// An exact linear program over a small number of free variables, solved
/// from a point known to be feasible: maximize `c · x + c0` subject to
/// constraints `a · x + b  relation  0`, with strict relations read as
/// their closures (the optimum of a region whose boundary is open is its
/// supremum).
///
/// A known feasible point makes a first phase unnecessary: in the variables
/// `y = x - point` every slack starts non-negative. The dictionary has one
/// column per variable, and there are few (a model's inputs), so it is
/// dense; Bland's rule keeps it from cycling on degenerate vertices.
package struct FeasiblePointLP: Sendable {
    /// The answer.
    package enum Outcome: Sendable, Equatable {
        /// The maximum and a point of the closed region attaining it.
        case optimal(value: Rational, point: [Rational])
        /// The objective grows without bound from `point` along `direction`
        /// (a ray of the closed region on which it strictly increases).
        case unbounded(point: [Rational], direction: [Rational])

        /// The ray's direction, for an unbounded program.
        package var direction: [Rational]? {
            if case .unbounded(_, let d) = self { return d }
            return nil
        }
    }

    /// One constraint `coefficients · x + constant  relation  0`.
    package struct Constraint: Sendable {
        package var coefficients: [Rational]
        package var constant: Rational
        package var relation: Relation

        /// A constraint.
        package init(coefficients: [Rational], constant: Rational, relation: Relation) {
            self.coefficients = coefficients
            self.constant = constant
            self.relation = relation
        }
    }

    private let n: Int
    private let start: [Rational]
    /// Basic variable of each row (0..<n: the free y, then slacks).
    private var basic: [Int] = []
    /// Nonbasic variable of each column.
    private var nonbasic: [Int]
    private var rows: [[Rational]] = []
    private var beta: [Rational] = []
    private var reduced: [Rational]
    private var objectiveValue: Rational

    /// The program `maximize objective · x + objectiveConstant` over
    /// `constraints`, which `point` satisfies (in their closures).
    ///
    /// - Precondition: every constraint's closure holds at `point`.
    package init(maximizing objective: [Rational], constant objectiveConstant: Rational, constraints: [Constraint], from point: [Rational]) {
        n = point.count
        start = point
        nonbasic = Array(0..<n)
        reduced = objective
        objectiveValue = zip(objective, point).reduce(objectiveConstant) { $0 + $1.0 * $1.1 }
        for constraint in constraints {
            // A slack s = ±(a · x + b) >= 0; an equation is two of them.
            var signs: [Rational] = []
            switch constraint.relation {
            case .less, .lessOrEqual: signs = [-.one]
            case .greater, .greaterOrEqual: signs = [.one]
            case .equal: signs = [.one, -.one]
            }
            let value = zip(constraint.coefficients, point).reduce(constraint.constant) { $0 + $1.0 * $1.1 }
            for sign in signs {
                precondition((sign * value).signum >= 0, "the starting point violates a constraint")
                basic.append(n + basic.count)
                rows.append(constraint.coefficients.map { sign * $0 })
                beta.append(sign * value)
            }
        }
    }

    /// Solves the program.
    package mutating func solve() -> Outcome {
        // Bring every free variable into the basis (it never leaves): in
        // the improving direction, or either way when the objective ignores
        // it; a free variable no slack limits is unbounded or irrelevant.
        for column in 0..<n {
            let improving = reduced[column].signum
            if improving != 0 {
                guard let row = leavingRow(column, direction: improving) else {
                    return .unbounded(point: point(), direction: ray(column, direction: improving))
                }
                pivot(row: row, column: column)
            } else if let row = leavingRow(column, direction: 1) ?? leavingRow(column, direction: -1) {
                pivot(row: row, column: column)
            }
        }
        while true {
            // Bland: the lowest-numbered improving slack enters.
            let candidates = nonbasic.indices.filter { nonbasic[$0] >= n && reduced[$0].signum > 0 }
            guard let column = candidates.min(by: { nonbasic[$0] < nonbasic[$1] }) else {
                return .optimal(value: objectiveValue, point: point())
            }
            guard let row = leavingRow(column, direction: 1) else {
                return .unbounded(point: point(), direction: ray(column, direction: 1))
            }
            pivot(row: row, column: column)
        }
    }

    /// The row whose slack reaches zero first as the column's variable moves
    /// in `direction` (ties to the lowest-numbered slack); nil when none does.
    private func leavingRow(_ column: Int, direction: Int) -> Int? {
        var best: (row: Int, ratio: Rational)?
        for (i, variable) in basic.enumerated() where variable >= n {
            let rate = direction > 0 ? rows[i][column] : -rows[i][column]
            guard rate.signum < 0 else { continue }
            let ratio = beta[i] / -rate
            if let b = best, Rational.compare(ratio, b.ratio) > 0 || (ratio == b.ratio && basic[b.row] < variable) { continue }
            best = (i, ratio)
        }
        return best?.row
    }

    /// Exchanges the row's basic variable with the column's nonbasic one.
    private mutating func pivot(row r: Int, column c: Int) {
        let pivotValue = rows[r][c]
        let inverse = Rational.one / pivotValue
        // The entering variable in terms of the leaving one and the rest.
        var newRow = rows[r].map { -$0 * inverse }
        newRow[c] = inverse
        let newBeta = -beta[r] * inverse
        for i in rows.indices where i != r {
            let factor = rows[i][c]
            guard !factor.isZero else { continue }
            for k in 0..<rows[i].count where k != c && !newRow[k].isZero { rows[i][k] += factor * newRow[k] }
            rows[i][c] = factor * inverse
            beta[i] += factor * newBeta
        }
        let factor = reduced[c]
        if !factor.isZero {
            for k in reduced.indices where k != c && !newRow[k].isZero { reduced[k] += factor * newRow[k] }
            reduced[c] = factor * inverse
            objectiveValue += factor * newBeta
        }
        rows[r] = newRow
        beta[r] = newBeta
        swap(&basic[r], &nonbasic[c])
    }

    /// The current vertex in the original variables.
    private func point() -> [Rational] {
        var x = start
        for (i, variable) in basic.enumerated() where variable < n { x[variable] += beta[i] }
        return x
    }

    /// The direction of the original variables as the column's variable
    /// moves by `direction` and the basic ones follow.
    private func ray(_ column: Int, direction: Int) -> [Rational] {
        var d = Array(repeating: Rational.zero, count: n)
        let step = Rational(direction)
        if nonbasic[column] < n { d[nonbasic[column]] = step }
        for (i, variable) in basic.enumerated() where variable < n { d[variable] = step * rows[i][column] }
        return d
    }
}
