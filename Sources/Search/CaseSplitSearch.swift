package import Claims
package import Encoding
package import ExactArithmetic
import Synchronization

/// What tells the searches of a split's cases that an earlier case has
/// decided the query (found a solution or refuted it outright), so the
/// later ones no longer matter.
final class CaseCancellation: Sendable {
    private let firstDecisive = Atomic<Int>(Int.max)

    /// Records that case `index` decided the query.
    func decided(_ index: Int) {
        _ = firstDecisive.min(index, ordering: .relaxed)
    }

    /// Whether an earlier case than `index` decided the query.
    func isCancelled(_ index: Int) -> Bool {
        firstDecisive.load(ordering: .relaxed) < index
    }
}

/// The latest counters of every case of a split, summed for progress reports.
private final class CaseProgress: Sendable {
    private let latest: Mutex<[SearchStatistics]>
    private let root: SearchStatistics
    private let report: @Sendable (SearchStatistics) -> Void

    init(cases: Int, root: SearchStatistics, report: @escaping @Sendable (SearchStatistics) -> Void) {
        self.root = root
        self.report = report
        latest = Mutex(Array(repeating: SearchStatistics(), count: cases))
    }

    /// Records case `index`'s counters and reports the sum over all cases,
    /// with their mean progress.
    func update(_ index: Int, _ statistics: SearchStatistics) {
        let total = latest.withLock { latest in
            latest[index] = statistics
            var total = latest.reduce(into: root) { $0.add($1) }
            total.progress = latest.reduce(0) { $0 + $1.progress } / Double(latest.count)
            return total
        }
        report(total)
    }
}

/// The end of one case's search.
private struct CaseResult: Sendable {
    var ending: ConflictDrivenSearch.Ending?
    var reason: String
    var statistics: SearchStatistics
    /// The proof steps the case added after the root's.
    var steps: [ProofStep]
    /// The clause id of the assumption's negation, in the case's numbering.
    var refutation: Int
    /// The case's search, when it ended undecided (for the coverage
    /// figure of an unknown verdict).
    var search: ConflictDrivenSearch?
}

extension ConflictDrivenSearch {
    /// Decides a settled query by searching each open case of its widest
    /// top-level split on its own, up to `budget.jobs` at once: each case
    /// search assumes its option and ends refuting it, with a solution, or
    /// with the empty clause. Each case search is deterministic, and the
    /// outcome is the first case's (in the split's order) that is not a
    /// refutation of its option; when every option is refuted, the proof
    /// is the root's steps, then each case's steps in order (clause ids
    /// renumbered), then the empty clause from the split's choice clause.
    /// So verdicts, points and proofs do not depend on the number of jobs.
    ///
    /// - Precondition: the split's guard is true at level 0 and none of its
    ///   options is, so the options left open partition what is left.
    func solveCases(_ split: (clause: Int, guard: Literal, options: [Literal])) -> SearchOutcome {
        var root = self
        root.recordTheoryCounters()
        let open = split.options.filter { literalValue($0) == 0 }
        let cancellation = CaseCancellation()
        let progress = budget.progress.map { CaseProgress(cases: open.count, root: root.statistics, report: $0) }
        let rootSteps = proof?.count ?? 0
        let results = parallelMap(count: open.count, jobs: budget.jobs) { [root] index in
            var search = root
            // The case's own steps only: copying the root's (with their
            // arrays) into every case would cost more than its search.
            if search.proof != nil { search.proof = [] }
            search.caseIndex = index
            search.cancellation = cancellation
            search.statistics = SearchStatistics()
            let base = search.theoryCounters
            if let progress {
                search.reportProgress = { progress.update(index, $0) }
            }
            var result = CaseResult(ending: nil, reason: "", statistics: SearchStatistics(), steps: [], refutation: -1)
            do throws(Stop) {
                result.ending = try search.searchLoop(assumption: open[index])
            } catch {
                result.reason = error.reason
            }
            switch result.ending {
            case .solution, .refuted: cancellation.decided(index)
            case .assumptionRefuted: result.refutation = search.unitClause[open[index].variable]
            case .none: break
            }
            if result.ending == nil { result.search = search }
            search.recordTheoryCounters(since: base)
            result.statistics = search.statistics
            var final = search.statistics
            final.progress = result.ending == nil ? search.progressEstimate() : 1
            progress?.update(index, final)
            result.steps = search.proof ?? []
            return result
        }
        var statistics = root.statistics
        statistics.progress = 1
        for result in results { statistics.add(result.statistics) }
        statistics.cases = split.options.count
        statistics.casesProved = split.options.count - open.count
        // The merged proof so far, and the ids of the options' refutations in it.
        var steps = proof ?? []
        var refutations: [Int] = []
        for result in results {
            switch result.ending {
            case .solution(let point):
                return .satisfiable(point: point, statistics: statistics)
            case .refuted:
                statistics.casesProved = split.options.count
                return .unsatisfiable(proof: proof.map { completedProof($0 + result.steps) } ?? Self.unrecorded, statistics: statistics)
            case .none:
                // Coverage counts every refuted case, before this one or after.
                statistics.casesProved = split.options.count - open.count
                for result in results { if case .assumptionRefuted = result.ending { statistics.casesProved += 1 } }
                statistics.progress = Double(statistics.casesProved) / Double(statistics.cases)
                // A cell is ruled out when the root's clauses with the
                // refuted options' negations (which rule out those cases'
                // cells) or an undecided case's clauses refute it. Each
                // case's clauses extend the root's; cases that learned
                // nothing (not started before the budget ran out) add nothing.
                var refutedRoot = root
                for (option, result) in zip(open, results) {
                    if case .assumptionRefuted = result.ending, refutedRoot.literalValue(option) == 0 { refutedRoot.assign(!option, reason: -1) }
                }
                let undecided = zip(open, results).compactMap { option, result in result.search.map { (search: $0, option: Optional(option)) } }
                    .filter { $0.search.clauses.count > clauses.count }
                if let (ruledOut, samples) = root.sampledCoverage(probes: [(refutedRoot, nil)] + undecided) {
                    statistics.samples = samples
                    statistics.samplesRuledOut = ruledOut
                }
                return .unknown(reason: "\(result.reason) in one case of its top-level split", statistics: statistics)
            case .assumptionRefuted:
                // Ids past the root's clauses move up by the steps of earlier cases.
                let rootClauses = clauses.count
                let shift = steps.count - rootSteps
                func renumber(_ id: Int) -> Int { id < rootClauses ? id : id + shift }
                for step in result.steps {
                    switch step {
                    case .lemma: steps.append(step)
                    case .derived(let clause, let hints): steps.append(.derived(clause, hints: hints.map(renumber)))
                    }
                }
                refutations.append(renumber(result.refutation))
                statistics.casesProved += 1
            }
        }
        // The guard holds, and every option is refuted: the choice clause is false.
        let closedAtRoot = split.options.filter { literalValue($0) == -1 }.map { unitClause[$0.variable] }
        steps.append(.derived([], hints: [unitClause[split.guard.variable]] + closedAtRoot + refutations + [split.clause]))
        return .unsatisfiable(proof: proof == nil ? Self.unrecorded : completedProof(steps), statistics: statistics)
    }
}

extension SearchStatistics {
    /// Adds another search's counters (not its progress or options).
    mutating func add(_ other: SearchStatistics) {
        conflicts += other.conflicts
        decisions += other.decisions
        phaseDecisions += other.phaseDecisions
        propagations += other.propagations
        theoryChecks += other.theoryChecks
        exactChecks += other.exactChecks
        floatPivots += other.floatPivots
        exactPivots += other.exactPivots
        lemmas += other.lemmas
        learnedClauses += other.learnedClauses
        restarts += other.restarts
        pointsEvaluated += other.pointsEvaluated
    }
}
