package import Claims
package import Encoding

extension ConflictDrivenSearch {
    /// Learns from the falsified clause `conflict` (first unique implication
    /// point), backjumps and asserts the learned clause; false when the
    /// conflict is at level 0 and the empty clause has been derived.
    mutating func resolve(_ conflict: Int) -> Bool {
        // A lemma may be false below the current level already.
        let highest = clauses[conflict].map { level[$0.variable] }.max() ?? 0
        if highest == 0 {
            deriveEmpty(from: conflict)
            return false
        }
        backtrack(to: highest)
        let (learned, hints) = analyze(conflict)
        var target = 0
        if learned.count > 1 { target = level[learned[1].variable] }
        backtrack(to: target)
        proof?.append(.derived(learned, hints: hints))
        let id = clauses.append(learned)
        statistics.learnedClauses += 1
        if learned.count == 1 {
            assign(learned[0], reason: id)
            unitClause[learned[0].variable] = id
        } else {
            watches[learned[0].code].append((id, learned[1]))
            watches[learned[1].code].append((id, learned[0]))
            assign(learned[0], reason: id)
        }
        decayActivities()
        return true
    }

    /// The first-UIP clause of a conflict at the current level, its
    /// asserting literal first and the literal of the next highest level
    /// second, with the clause ids that derive it by unit propagation.
    private mutating func analyze(_ conflict: Int) -> (clause: [Literal], hints: [Int]) {
        var learned: [Literal] = [Literal(code: 0)]
        var units: [Int] = []
        var resolved: [(position: Int, clause: Int)] = []
        var marked: [Int] = []
        var pending = 0
        var index = trail.count - 1
        var clause = conflict
        var pivot: Literal?
        while true {
            for q in clauses[clause] where q != pivot {
                let v = q.variable
                if seen[v] { continue }
                seen[v] = true
                marked.append(v)
                if level[v] == 0 {
                    units.append(unitClause[v])
                    continue
                }
                bump(v)
                if level[v] == decisionLevel { pending += 1 } else { learned.append(q) }
            }
            while !seen[trail[index].variable] || level[trail[index].variable] == 0 { index -= 1 }
            let p = trail[index]
            index -= 1
            pending -= 1
            if pending == 0 {
                learned[0] = !p
                break
            }
            pivot = p
            clause = reason[p.variable]
            resolved.append((trailPosition[p.variable], clause))
        }
        // Minimize: drop a literal whose reason's other literals are all in
        // the clause, resolved, fixed at level 0, or droppable themselves
        // (MiniSat's recursive minimization); their reasons join the hints.
        var judged: [Int] = []
        var extraHints: [(position: Int, clause: Int)] = []
        func droppable(_ v: Int) -> Bool {
            if droppableVerdict[v] != 0 { return droppableVerdict[v] > 0 }
            judged.append(v)
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
                        marked.append(w)
                        units.append(unitClause[w])
                    }
                    continue
                }
                if seen[w] || droppable(w) { continue }
                droppableVerdict[v] = -1
                return false
            }
            droppableVerdict[v] = 1
            extraHints.append((trailPosition[v], r))
            return true
        }
        var kept = [learned[0]]
        for q in learned.dropFirst() {
            // Each literal is judged on its reason alone: its own mark must
            // not make it justify itself.
            seen[q.variable] = false
            if !droppable(q.variable) { kept.append(q) }
            seen[q.variable] = true
        }
        learned = kept
        for v in marked { seen[v] = false }
        for v in judged { droppableVerdict[v] = 0 }
        if learned.count > 2 {
            var best = 1
            for k in 2..<learned.count where level[learned[k].variable] > level[learned[best].variable] { best = k }
            learned.swapAt(1, best)
        }
        let hints = units + (resolved + extraHints).sorted { $0.position < $1.position }.map(\.clause) + [conflict]
        return (learned, hints)
    }

    // MARK: - Activity (VSIDS)

    mutating func bump(_ v: Int) {
        activity[v] += activityIncrement
        if activity[v] > 1e100 {
            for i in activity.indices { activity[i] *= 1e-100 }
            activityIncrement *= 1e-100
        }
    }

    /// How fast activity fades: each conflict raises the bump by 1 / 0.95.
    static let activityDecay = 0.95

    mutating func decayActivities() {
        activityIncrement /= Self.activityDecay
    }
}
