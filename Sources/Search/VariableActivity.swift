/// The branching heuristic's memory of conflicts (VSIDS, as in MiniSat):
/// each variable a conflict's analysis meets gains activity, and recent
/// conflicts weigh more, since each conflict raises the bump.
struct VariableActivity: Sendable {
    /// Each variable's activity.
    private(set) var scores: [Double]
    private var increment = 1.0

    /// How fast activity fades: each conflict raises the bump by 1 / 0.95.
    static let decayFactor = 0.95

    /// All variables at zero.
    init(variableCount: Int) {
        scores = Array(repeating: 0, count: variableCount)
    }

    subscript(_ v: Int) -> Double { scores[v] }

    mutating func bump(_ v: Int) {
        scores[v] += increment
        if scores[v] > 1e100 {
            for i in scores.indices { scores[i] *= 1e-100 }
            increment *= 1e-100
        }
    }

    mutating func decay() {
        increment /= Self.decayFactor
    }
}
