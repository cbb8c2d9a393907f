package import Encoding

/// The clause core of a search: every clause with its two watched
/// literals, the assignment and its trail by decision level, unit
/// propagation, learning from conflicts, and the unit and empty clauses
/// that level 0 derives, recorded in its ``ProofLog``.
///
/// The rest of the search are its clients: the theory bridge asserts the
/// trail's literals in the simplex and hands back lemmas
/// (``addLemma(_:terms:)``), the branching heuristic reads the assignment
/// and opens levels, case splitting copies a settled core per case.
struct ClauseCore: Sendable {
    /// The encoding's clauses, then every lemma and learned clause, in proof order.
    var clauses: ClauseStore
    /// For each literal, the clauses watching it, each with another of its
    /// literals (the blocker): when that one is true, the clause is skipped
    /// without reading it.
    var watches: [[(clause: Int, blocker: Literal)]]
    /// The steps of the proof.
    var log: ProofLog

    /// Each variable's value: 1 true, -1 false, 0 open.
    private(set) var value: [Int8]
    /// The decision level each variable was assigned at (-1 when open).
    private(set) var level: [Int]
    /// The clause that implied each variable (-1 for a decision).
    private(set) var reason: [Int]
    /// Each variable's position on the trail (-1 when open).
    var trailPosition: [Int]
    /// The assigned literals in order.
    private(set) var trail: [Literal] = []
    /// Where each decision level starts on the trail.
    private(set) var levelStarts: [Int] = []
    /// How much of the trail unit propagation has processed.
    var propagated = 0
    /// The clause id of each variable's unit clause, once fixed at level 0.
    var unitClause: [Int]
    /// Each variable's last value before it was unassigned (phase saving).
    private(set) var savedPhase: [Int8]
    /// Scratch marks for conflict analysis.
    var seen: [Bool]
    /// Minimization's memo per variable while it analyzes a conflict: 0
    /// not judged, 1 droppable, -1 not.
    var droppableVerdict: [Int8]

    /// A core over `clauses` and `variableCount` variables, nothing assigned.
    init(_ clauses: [[Literal]], variableCount n: Int, recordsProofs: Bool) {
        self.clauses = ClauseStore(clauses)
        watches = Array(repeating: [], count: 2 * n)
        log = ProofLog(recording: recordsProofs)
        value = Array(repeating: 0, count: n)
        level = Array(repeating: -1, count: n)
        reason = Array(repeating: -1, count: n)
        trailPosition = Array(repeating: -1, count: n)
        unitClause = Array(repeating: -1, count: n)
        savedPhase = Array(repeating: 0, count: n)
        seen = Array(repeating: false, count: n)
        droppableVerdict = Array(repeating: 0, count: n)
    }

    // MARK: - Assignment

    var decisionLevel: Int { levelStarts.count }

    func literalValue(_ l: Literal) -> Int8 {
        let v = value[l.variable]
        return l.isNegative ? -v : v
    }

    /// Assigns `l` true, implied by clause `r` (-1 for a decision). At
    /// level 0 an implied literal gets its unit clause.
    mutating func assign(_ l: Literal, reason r: Int) {
        let v = l.variable
        value[v] = l.isNegative ? -1 : 1
        level[v] = decisionLevel
        reason[v] = r
        trailPosition[v] = trail.count
        trail.append(l)
        if decisionLevel == 0, r >= 0, unitClause[v] < 0, clauses.length(r) > 1 { deriveUnit(l, reason: r) }
    }

    /// Opens a decision level.
    mutating func openLevel() {
        levelStarts.append(trail.count)
    }

    /// Unassigns every level above `target`; returns the trail's length
    /// after, or nil when already at or below it.
    mutating func backtrack(to target: Int) -> Int? {
        guard target < decisionLevel else { return nil }
        let mark = levelStarts[target]
        for l in trail[mark...] {
            let v = l.variable
            savedPhase[v] = value[v]
            value[v] = 0
            level[v] = -1
            reason[v] = -1
            trailPosition[v] = -1
        }
        trail.removeSubrange(mark...)
        levelStarts.removeSubrange(target...)
        propagated = min(propagated, mark)
        return mark
    }

    // MARK: - Clauses

    /// Watches every clause of two or more literals and asserts the units,
    /// at level 0; false when a clause is false (the empty clause is then
    /// derived).
    mutating func watchAndAssertUnits() -> Bool {
        // Each list sized first, so none grows by copying.
        var watchCount = Array(repeating: 0, count: watches.count)
        for id in clauses.indices where clauses.length(id) >= 2 {
            watchCount[clauses.literal(id, 0).code] += 1
            watchCount[clauses.literal(id, 1).code] += 1
        }
        for (code, count) in watchCount.enumerated() where count > 0 { watches[code].reserveCapacity(watches[code].count + count) }
        for id in clauses.indices {
            switch clauses.length(id) {
            case 0:
                deriveEmpty(from: id)
                return false
            case 1:
                let unit = clauses.literal(id, 0)
                switch literalValue(unit) {
                case 1: continue
                case -1:
                    deriveEmpty(from: id)
                    return false
                default:
                    assign(unit, reason: id)
                    unitClause[unit.variable] = id
                }
            default:
                watch(id)
            }
        }
        return true
    }

    private mutating func watch(_ id: Int) {
        let (first, second) = (clauses.literal(id, 0), clauses.literal(id, 1))
        watches[first.code].append((id, second))
        watches[second.code].append((id, first))
    }

    /// Adds a clause linear arithmetic proves, with its proof terms; returns its id.
    mutating func addLemma(_ clause: [Literal], terms: [TheoryTerm]) -> Int {
        log.record(.lemma(clause, terms))
        return clauses.append(clause)
    }

    /// Adds a clause that is recorded as a placeholder (an unfolding lemma).
    mutating func addDeferredLemma(_ clause: [Literal], _ lemma: UnfoldingLemma) {
        log.recordDeferred(lemma)
        _ = clauses.append(clause)
    }

    /// Adds a clause unit propagation derives from the hinted clauses.
    mutating func addDerived(_ clause: [Literal], hints: [Int]) {
        log.record(.derived(clause, hints: hints))
        _ = clauses.append(clause)
    }

    /// Records the unit clause of a literal propagated at level 0.
    private mutating func deriveUnit(_ l: Literal, reason r: Int) {
        var hints: [Int] = []
        for q in clauses[r] where q != l && !hints.contains(unitClause[q.variable]) { hints.append(unitClause[q.variable]) }
        hints.append(r)
        log.record(.derived([l], hints: hints))
        unitClause[l.variable] = clauses.append([l])
    }

    /// Records the empty clause, from a clause false at level 0.
    mutating func deriveEmpty(from id: Int) {
        var hints: [Int] = []
        for q in clauses[id] where !hints.contains(unitClause[q.variable]) { hints.append(unitClause[q.variable]) }
        hints.append(id)
        log.record(.derived([], hints: hints))
    }
}
