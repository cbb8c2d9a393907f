package import Claims
package import Encoding

/// The truth of an encoding's variables at one point, worked out as they
/// are asked for and remembered: an atom or a phase by evaluating it there,
/// a structure variable from its parts. A decision reads a few dozen of
/// the formula's variables (the options of the disjunctions that apply),
/// not the hundreds a whole evaluation would cost.
struct PointTruth {
    /// 0 not worked out yet, 1 true, -1 false.
    private var known: [Int8]
    /// Each structure variable's parts and whether one of them suffices.
    private let parts: [(literals: [Literal], isDisjunction: Bool)]
    /// Whether each variable is a structure one.
    private let isStructure: [Bool]
    /// An atom's or a phase's truth at the point.
    private let evaluate: (Int) -> Bool

    /// The truth at a point where `evaluate` tells each atom and phase.
    init(parts: [(literals: [Literal], isDisjunction: Bool)], isStructure: [Bool], evaluate: @escaping (Int) -> Bool) {
        known = Array(repeating: 0, count: parts.count)
        self.parts = parts
        self.isStructure = isStructure
        self.evaluate = evaluate
    }

    /// Whether `literal` holds at the point.
    mutating func holds(_ literal: Literal) -> Bool {
        value(of: literal.variable) != literal.isNegative
    }

    /// Whether variable `v`'s meaning holds at the point.
    mutating func value(of v: Int) -> Bool {
        if known[v] != 0 { return known[v] > 0 }
        var truth: Bool
        if isStructure[v] {
            let (literals, isDisjunction) = parts[v]
            // An `or` holds when one part does, an `and` when all do.
            truth = !isDisjunction
            for l in literals where holds(l) == isDisjunction {
                truth = isDisjunction
                break
            }
        } else {
            truth = evaluate(v)
        }
        known[v] = truth ? 1 : -1
        return truth
    }
}
