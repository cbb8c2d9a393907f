package import Encoding

extension ClauseCore {
    /// Unit propagation with two watched literals; returns a falsified clause.
    mutating func propagate() -> Int? {
        while propagated < trail.count {
            let falsified = !trail[propagated]
            propagated += 1
            // Moved out, not copied: the list stays uniquely referenced.
            var list: [(clause: Int, blocker: Literal)] = []
            swap(&list, &watches[falsified.code])
            var kept = 0
            var i = 0
            var conflict: Int?
            while i < list.count {
                let watch = list[i]
                i += 1
                if literalValue(watch.blocker) == 1 {
                    list[kept] = watch
                    kept += 1
                    continue
                }
                let id = watch.clause
                if clauses.literal(id, 0) == falsified { clauses.swap(id, 0, 1) }
                let first = clauses.literal(id, 0)
                if literalValue(first) == 1 {
                    list[kept] = (id, first)
                    kept += 1
                    continue
                }
                var moved = false
                let count = clauses.length(id)
                var k = 2
                while k < count {
                    if literalValue(clauses.literal(id, k)) != -1 {
                        clauses.swap(id, 1, k)
                        watches[clauses.literal(id, 1).code].append((id, first))
                        moved = true
                        break
                    }
                    k += 1
                }
                if moved { continue }
                list[kept] = (id, first)
                kept += 1
                if literalValue(first) == -1 {
                    conflict = id
                    while i < list.count {
                        list[kept] = list[i]
                        kept += 1
                        i += 1
                    }
                    break
                }
                assign(first, reason: id)
            }
            list.removeSubrange(kept...)
            if watches[falsified.code].isEmpty {
                swap(&list, &watches[falsified.code])
            } else {
                watches[falsified.code] += list
            }
            if let conflict { return conflict }
        }
        return nil
    }
}
