/// Each variable's lower and upper bound, with levels that restore them
/// (a trail of the bounds each change replaced). A missing bound is a
/// sentinel value the owner chooses (nil, or an infinity).
struct BoundTrail<Bound: Sendable>: Sendable {
    private(set) var lower: [Bound]
    private(set) var upper: [Bound]
    private let noLower: Bound
    private let noUpper: Bound
    private var trail: [(variable: Int, lower: Bound, upper: Bound)] = []
    private var levelStarts: [Int] = []

    init(count: Int, noLower: Bound, noUpper: Bound) {
        self.noLower = noLower
        self.noUpper = noUpper
        lower = Array(repeating: noLower, count: count)
        upper = Array(repeating: noUpper, count: count)
    }

    /// Adds an unbounded variable.
    mutating func append() {
        lower.append(noLower)
        upper.append(noUpper)
    }

    /// Replaces one bound of `v`, remembering the old ones.
    mutating func set(_ v: Int, _ bound: Bound, isUpper: Bool) {
        trail.append((v, lower[v], upper[v]))
        if isUpper { upper[v] = bound } else { lower[v] = bound }
    }

    /// The number of open levels.
    var levelCount: Int { levelStarts.count }

    /// Opens a level; ``popLevels(to:)`` restores the bounds as they were.
    mutating func pushLevel() {
        levelStarts.append(trail.count)
    }

    /// Restores the bounds of level `target` (0: before any push).
    mutating func popLevels(to target: Int) {
        guard target < levelStarts.count else { return }
        let mark = levelStarts[target]
        while trail.count > mark, let entry = trail.popLast() {
            lower[entry.variable] = entry.lower
            upper[entry.variable] = entry.upper
        }
        levelStarts.removeSubrange(target...)
    }
}
