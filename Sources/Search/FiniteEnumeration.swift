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
package enum FiniteEnumeration {
    /// The most points a finite domain may have to be enumerated.
    static let maximumPoints = 1_000_000
    /// How many solutions' positions an outcome lists.
    static let listedSolutions = 20

    package static func solve(_ query: Query, points: AnySequence<[Rational]>, count total: Double, budget: SearchBudget) -> SearchOutcome {
        var statistics = SearchStatistics()
        guard total <= Double(maximumPoints) else {
            return .unknown(reason: "the finite domain has \(total) points; Farkas enumerates at most \(maximumPoints)", statistics: statistics)
        }
        let needed = query.program.dependencies(of: query.formula.nodes.union(query.premise.nodes))
        let enclosedProgram = EnclosedProgram(query.program, needed: needed)
        let (enclosedFormula, enclosedPremise) = (EnclosedFormula(query.formula), EnclosedFormula(query.premise))
        var first: [Rational]?
        for (step, x) in points.enumerated() {
            if let limit = budget.maximumConflicts, step >= limit {
                return .unknown(reason: "evaluated the maximum of \(limit) points", statistics: statistics)
            }
            statistics.pointsEvaluated += 1
            statistics.progress = Double(step + 1) / total
            if step % 1024 == 1023 { budget.progress?(statistics) }
            let enclosed = enclosedProgram.evaluate(at: x)
            var exact: [Rational]?
            func decide(_ formula: Formula, _ enclosedFormula: EnclosedFormula) -> Bool {
                if let truth = enclosedFormula.holds(enclosed) { return truth }
                if exact == nil { exact = query.program.evaluate(at: x, only: needed) }
                return formula.holds(exact ?? [])
            }
            if query.premise != .constant(true), decide(query.premise, enclosedPremise) { statistics.regionPoints += 1 }
            guard decide(query.formula, enclosedFormula) else { continue }
            statistics.solutions += 1
            if statistics.solutionPositions.count < listedSolutions { statistics.solutionPositions.append(step) }
            if first == nil { first = x }
        }
        if query.premise == .constant(true) { statistics.regionPoints = statistics.pointsEvaluated }
        if let first { return .satisfiable(point: first, statistics: statistics) }
        return .unsatisfiable(proof: .enumerated, statistics: statistics)
    }
}
