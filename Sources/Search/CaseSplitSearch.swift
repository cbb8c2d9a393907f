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
    /// A case split the search divides into: the clause id of its choice
    /// `¬guard ∨ option ∨ ...`, its guard (true at level 0), and its options.
    typealias CaseSplit = (clause: Int, guard: Literal, options: [Literal])

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
    func solveCases(_ split: CaseSplit) -> SearchOutcome {
        var root = self
        root.recordTheoryCounters()
        let open = split.options.filter { core.literalValue($0) == 0 }
        let cancellation = CaseCancellation()
        let progress = budget.progress.map { CaseProgress(cases: open.count, root: root.statistics, report: $0) }
        let results = parallelMap(count: open.count, jobs: budget.jobs) { [root] index in
            root.searchCase(index, assuming: open[index], cancellation: cancellation, progress: progress)
        }
        var statistics = root.statistics
        statistics.progress = 1
        for result in results { statistics.add(result.statistics) }
        statistics.cases = split.options.count
        statistics.casesProved = split.options.count - open.count
        var merged = MergedCaseProofs(root: core.log.steps ?? [], rootClauses: core.clauses.count)
        for result in results {
            switch result.ending {
            case .solution(let point):
                return .satisfiable(point: point, statistics: statistics)
            case .refuted:
                statistics.casesProved = split.options.count
                return .unsatisfiable(proof: core.log.steps.map { completedProof($0 + result.steps) } ?? Self.unrecorded, statistics: statistics)
            case .none:
                return unknownCases(split, open: open, results: results, reason: result.reason, statistics: statistics)
            case .assumptionRefuted:
                merged.append(result.steps, refutation: result.refutation)
                statistics.casesProved += 1
            }
        }
        // The guard holds, and every option is refuted: the choice clause is false.
        let closedAtRoot = split.options.filter { core.literalValue($0) == -1 }.map { core.unitClause[$0.variable] }
        merged.steps.append(.derived([], hints: [core.unitClause[split.guard.variable]] + closedAtRoot + merged.refutations + [split.clause]))
        return .unsatisfiable(proof: core.log.isRecording ? completedProof(merged.steps) : Self.unrecorded, statistics: statistics)
    }

    /// The search of one case: this settled search with the case's option
    /// assumed, recording only the case's own steps (copying the root's,
    /// with their arrays, into every case would cost more than its search).
    private func searchCase(_ index: Int, assuming option: Literal, cancellation: CaseCancellation, progress: CaseProgress?) -> CaseResult {
        var search = self
        search.core.log = core.log.emptied()
        search.caseIndex = index
        search.cancellation = cancellation
        search.statistics = SearchStatistics()
        let base = search.theoryCounters
        if let progress { search.reportProgress = { progress.update(index, $0) } }
        var result = CaseResult(ending: nil, reason: "", statistics: SearchStatistics(), steps: [], refutation: -1)
        do throws(Stop) {
            result.ending = try search.searchLoop(assumption: option)
        } catch {
            result.reason = error.reason
        }
        switch result.ending {
        case .solution, .refuted: cancellation.decided(index)
        case .assumptionRefuted: result.refutation = search.core.unitClause[option.variable]
        case .none: result.search = search
        }
        search.recordTheoryCounters(since: base)
        result.statistics = search.statistics
        var final = search.statistics
        final.progress = result.ending == nil ? search.progressEstimate() : 1
        progress?.update(index, final)
        result.steps = search.core.log.steps ?? []
        return result
    }

    /// The unknown outcome of a split whose first undecided case ran out of
    /// budget, with its coverage figure: a cell is ruled out when the
    /// root's clauses with the refuted options' negations (which rule out
    /// those cases' cells) or an undecided case's clauses refute it. Each
    /// case's clauses extend the root's; cases that learned nothing (not
    /// started before the budget ran out) add nothing.
    private func unknownCases(_ split: CaseSplit, open: [Literal], results: [CaseResult], reason: String, statistics: SearchStatistics) -> SearchOutcome {
        var statistics = statistics
        // Coverage counts every refuted case, before this one or after.
        statistics.casesProved = split.options.count - open.count
        for result in results { if case .assumptionRefuted = result.ending { statistics.casesProved += 1 } }
        statistics.progress = Double(statistics.casesProved) / Double(statistics.cases)
        var refutedRoot = self
        for (option, result) in zip(open, results) {
            if case .assumptionRefuted = result.ending, refutedRoot.core.literalValue(option) == 0 { refutedRoot.core.assign(!option, reason: -1) }
        }
        let undecided = zip(open, results).compactMap { option, result in result.search.map { (search: $0, option: Optional(option)) } }
            .filter { $0.search.core.clauses.count > core.clauses.count }
        if let (ruledOut, samples) = sampledCoverage(probes: [(refutedRoot, nil)] + undecided) {
            statistics.samples = samples
            statistics.samplesRuledOut = ruledOut
        }
        return .unknown(reason: "\(reason) in one case of its top-level split", statistics: statistics)
    }
}

/// The root's proof steps followed by each refuted case's, renumbered.
private struct MergedCaseProofs {
    var steps: [ProofStep]
    /// The ids of the options' refutations in the merged numbering.
    var refutations: [Int] = []
    private let rootSteps: Int
    private let rootClauses: Int

    init(root: [ProofStep], rootClauses: Int) {
        steps = root
        rootSteps = root.count
        self.rootClauses = rootClauses
    }

    /// Appends a case's steps: ids past the root's clauses move up by the
    /// steps of earlier cases.
    mutating func append(_ caseSteps: [ProofStep], refutation: Int) {
        let (rootClauses, shift) = (self.rootClauses, steps.count - rootSteps)
        func renumber(_ id: Int) -> Int { id < rootClauses ? id : id + shift }
        for step in caseSteps {
            switch step {
            case .lemma: steps.append(step)
            case .derived(let clause, let hints): steps.append(.derived(clause, hints: hints.map(renumber)))
            }
        }
        refutations.append(renumber(refutation))
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
