package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// Integer domains are decided by evaluating every point.
enum IntegerEnumeration {
    /// The most points an integer domain may have to be enumerated.
    static let maximumPoints = 1_000_000

    static func solve(_ query: Query, low: Int, high: Int, budget: SearchBudget) -> SearchOutcome {
        var statistics = SearchStatistics()
        let n = query.inputs.count
        let size = high - low + 1
        var total = 1.0
        for _ in 0..<n { total *= Double(size) }
        guard total <= Double(maximumPoints) else {
            return .unknown(reason: "the integer domain has \(Int(total)) points; Farkas enumerates at most \(maximumPoints)", statistics: statistics)
        }
        for (step, x) in IntegerGrid(low: low, high: high, dimension: n).enumerated() {
            if let limit = budget.maximumConflicts, step >= limit {
                return .unknown(reason: "evaluated the maximum of \(limit) points", statistics: statistics)
            }
            statistics.pointsEvaluated += 1
            statistics.progress = Double(step + 1) / total
            if query.formula.holds(query.program.evaluate(at: x)) { return .satisfiable(point: x, statistics: statistics) }
        }
        return .unsatisfiable(proof: .enumerated, statistics: statistics)
    }
}
