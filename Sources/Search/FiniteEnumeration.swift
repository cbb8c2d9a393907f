package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// Finite domains (integer grids, points files, literal sets) are decided
/// point by point: the query's solutions are counted, and the first (in the
/// domain's order) is the counterexample or witness. Each point is first
/// evaluated in outward-rounded interval arithmetic, which decides the
/// formula there exactly unless a comparison's enclosure straddles its
/// bound; then exact rational evaluation decides it.
enum FiniteEnumeration {
    /// The most points a finite domain may have to be enumerated.
    static let maximumPoints = 1_000_000
    /// How many solutions' positions an outcome lists.
    static let listedSolutions = 20

    static func solve(_ query: Query, points: AnySequence<[Rational]>, count total: Double, budget: SearchBudget) -> SearchOutcome {
        var statistics = SearchStatistics()
        guard total <= Double(maximumPoints) else {
            return .unknown(reason: "the finite domain has \(total) points; Farkas enumerates at most \(maximumPoints)", statistics: statistics)
        }
        let needed = query.program.dependencies(of: query.formula.nodes)
        let enclosedProgram = EnclosedProgram(query.program, needed: needed)
        let enclosedFormula = EnclosedFormula(query.formula)
        var first: [Rational]?
        for (step, x) in points.enumerated() {
            if let limit = budget.maximumConflicts, step >= limit {
                return .unknown(reason: "evaluated the maximum of \(limit) points", statistics: statistics)
            }
            statistics.pointsEvaluated += 1
            statistics.progress = Double(step + 1) / total
            let holds = enclosedFormula.holds(enclosedProgram.evaluate(at: x)) ?? query.formula.holds(query.program.evaluate(at: x, only: needed))
            guard holds else { continue }
            statistics.solutions += 1
            if statistics.solutionPositions.count < listedSolutions { statistics.solutionPositions.append(step) }
            if first == nil { first = x }
        }
        if let first { return .satisfiable(point: first, statistics: statistics) }
        return .unsatisfiable(proof: .enumerated, statistics: statistics)
    }
}
