package import Claims
package import Encoding

extension ConflictDrivenSearch {
    /// Learns from the falsified clause `conflict` (first unique implication
    /// point), backjumps and asserts the learned clause; false when the
    /// conflict is at level 0 and the empty clause has been derived.
    mutating func resolve(_ conflict: Int) -> Bool {
        // A lemma may be false below the current level already.
        let highest = core.clauses[conflict].map { core.level[$0.variable] }.max() ?? 0
        if highest == 0 {
            core.deriveEmpty(from: conflict)
            return false
        }
        backtrack(to: highest)
        let (learned, hints, involved) = core.analyze(conflict)
        for v in involved { activity.bump(v) }
        backtrack(to: learned.count > 1 ? core.level[learned[1].variable] : 0)
        core.addLearned(learned, hints: hints)
        statistics.learnedClauses += 1
        activity.decay()
        return true
    }
}

extension ClauseCore {
    /// Adds a learned clause after the backjump, watches it and asserts
    /// its first literal.
    mutating func addLearned(_ learned: [Literal], hints: [Int]) {
        log.record(.derived(learned, hints: hints))
        let id = clauses.append(learned)
        if learned.count == 1 {
            unitClause[learned[0].variable] = id
        } else {
            watches[learned[0].code].append((id, learned[1]))
            watches[learned[1].code].append((id, learned[0]))
        }
        assign(learned[0], reason: id)
    }

    /// What one conflict's analysis gathers besides the clause.
    struct AnalysisScratch {
        /// Unit clauses of the level-0 literals met.
        var units: [Int] = []
        /// Reasons resolved on, with their literal's trail position.
        var resolved: [(position: Int, clause: Int)] = []
        /// Variables marked seen, to clear afterwards.
        var marked: [Int] = []
        /// Variables above level 0 met, for the branching heuristic.
        var involved: [Int] = []
        /// Variables whose droppability was judged, to clear afterwards.
        var judged: [Int] = []
    }

    /// The first-UIP clause of a conflict at the current level, its
    /// asserting literal first and the literal of the next highest level
    /// second, with the clause ids that derive it by unit propagation.
    /// The variables of the current level and above that the analysis
    /// met, for the branching heuristic to bump, come third.
    mutating func analyze(_ conflict: Int) -> (clause: [Literal], hints: [Int], involved: [Int]) {
        var scratch = AnalysisScratch()
        var learned = firstUIP(conflict, &scratch)
        learned = minimized(learned, &scratch)
        for v in scratch.marked { seen[v] = false }
        for v in scratch.judged { droppableVerdict[v] = 0 }
        if learned.count > 2 {
            var best = 1
            for k in 2..<learned.count where level[learned[k].variable] > level[learned[best].variable] { best = k }
            learned.swapAt(1, best)
        }
        let hints = scratch.units + scratch.resolved.sorted { $0.position < $1.position }.map(\.clause) + [conflict]
        return (learned, hints, scratch.involved)
    }

    /// Resolves the conflict back along the trail to the first literal of
    /// the current level that every path to it passes (its negation comes first).
    private mutating func firstUIP(_ conflict: Int, _ scratch: inout AnalysisScratch) -> [Literal] {
        var learned: [Literal] = [Literal(code: 0)]
        var pending = 0
        var index = trail.count - 1
        var clause = conflict
        var pivot: Literal?
        while true {
            for q in clauses[clause] where q != pivot {
                let v = q.variable
                if seen[v] { continue }
                seen[v] = true
                scratch.marked.append(v)
                if level[v] == 0 {
                    scratch.units.append(unitClause[v])
                    continue
                }
                scratch.involved.append(v)
                if level[v] == decisionLevel { pending += 1 } else { learned.append(q) }
            }
            while !seen[trail[index].variable] || level[trail[index].variable] == 0 { index -= 1 }
            let p = trail[index]
            index -= 1
            pending -= 1
            if pending == 0 {
                learned[0] = !p
                return learned
            }
            pivot = p
            clause = reason[p.variable]
            scratch.resolved.append((trailPosition[p.variable], clause))
        }
    }

    /// Drops a literal whose reason's other literals are all in the
    /// clause, resolved, fixed at level 0, or droppable themselves
    /// (MiniSat's recursive minimization); their reasons join the hints.
    private mutating func minimized(_ learned: [Literal], _ scratch: inout AnalysisScratch) -> [Literal] {
        var kept = [learned[0]]
        for q in learned.dropFirst() {
            // Each literal is judged on its reason alone: its own mark must
            // not make it justify itself.
            seen[q.variable] = false
            if !isDroppable(q.variable, &scratch) { kept.append(q) }
            seen[q.variable] = true
        }
        return kept
    }

    private mutating func isDroppable(_ v: Int, _ scratch: inout AnalysisScratch) -> Bool {
        if droppableVerdict[v] != 0 { return droppableVerdict[v] > 0 }
        scratch.judged.append(v)
        let r = reason[v]
        guard r >= 0 else {
            droppableVerdict[v] = -1
            return false
        }
        for q in clauses[r] where q.variable != v {
            let w = q.variable
            if level[w] == 0 {
                if !seen[w] {
                    seen[w] = true
                    scratch.marked.append(w)
                    scratch.units.append(unitClause[w])
                }
                continue
            }
            if seen[w] || isDroppable(w, &scratch) { continue }
            droppableVerdict[v] = -1
            return false
        }
        droppableVerdict[v] = 1
        scratch.resolved.append((trailPosition[v], r))
        return true
    }
}
