import Search

extension Verifier {
    /// A `maximize` or `minimize`: the exact optimum with its proof, the
    /// input that attains it (or one close to it), replayed exactly and in
    /// float32; unbounded with a ray, or infeasible with a proof. With an
    /// expectation, the optimum decides the verdict.
    static func optimize(_ query: Query, in document: ClaimsDocument, budget: SearchBudget) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        let start = ContinuousClock.now
        let sense = query.kind == .minimize ? "minimum" : "maximum"
        func verdict(_ holds: Bool?, otherwise: Verdict) -> Verdict {
            holds.map { $0 ? .proved : .refuted } ?? otherwise
        }
        switch BranchAndBound.solve(query, budget: budget) {
        case .infeasible(let proof, let statistics):
            var report = StatementReport(query, verdict(query.expectationHoldsWhenInfeasible, otherwise: .infeasible), search: statistics, since: start)
            report.optimum = OptimumReport(sense: sense, status: "infeasible", expectation: query.expectationText)
            report.vacuous = "infeasible: no input satisfies the assumptions and the where part (the \(sense) of nothing is \(query.kind == .minimize ? "+" : "-")infinity)"
            return (report, .infeasible(proof))
        case .unbounded(let point, let direction, let statistics):
            let holds = query.expectationHoldsWhenUnbounded
            var report = replayed(query, point, document, verdict(holds, otherwise: .unbounded), statistics, start)
            report.optimum = OptimumReport(
                sense: sense, status: "unbounded", direction: direction.map(\.description), expectation: query.expectationText, note: homogeneityNote(query))
            return (report, report.verdict == .internalError ? nil : .unbounded(point: point, direction: direction))
        case .optimum(let optimum, let statistics):
            var report = replayed(query, optimum.point, document, verdict(query.expectationHolds(optimum: optimum.value), otherwise: .optimal), statistics, start)
            report.optimum = OptimumReport(
                sense: sense, status: "optimal", value: optimum.value.description, decimal: optimum.value.decimalString(fractionDigits: 12),
                attained: optimum.attained, gap: optimum.attained == false ? optimum.gap.description : nil, expectation: query.expectationText,
                rounds: optimum.rounds, note: homogeneityNote(query))
            // Whether the optimum is attained is part of the answer: an undecided one has no certificate.
            guard optimum.attained != nil, report.verdict != .internalError else { return (report, nil) }
            return (report, .optimum(value: optimum.value, point: optimum.point, bound: optimum.boundProof, attainment: optimum.attainmentProof))
        case .unknown(let reason, let best, let bestPoint, let statistics):
            var detail = reason
            if let best, let bestPoint { detail += "; the best value found is \(best) ~ \(best.decimalString(fractionDigits: 12)), at x = [\(bestPoint.map(\.description).joined(separator: ", "))]" }
            return (StatementReport(query, .unknown, search: statistics, since: start, reason: detail), nil)
        }
    }

    /// An optimization's answer as its certificate states it (for
    /// `--reuse`); nil for other evidence.
    static func optimumReport(_ evidence: Certificate.Evidence, _ query: Query) -> OptimumReport? {
        let sense = query.kind == .minimize ? "minimum" : "maximum"
        switch evidence {
        case .optimum(let value, let point, _, let attainment):
            let gap = attainment == nil ? nil : query.objective?.value(query.program.evaluate(at: point)).map { ($0 - value).magnitude.description }
            return OptimumReport(
                sense: sense, status: "optimal", value: value.description, decimal: value.decimalString(fractionDigits: 12), attained: attainment == nil, gap: gap,
                expectation: query.expectationText, note: homogeneityNote(query))
        case .unbounded(_, let direction):
            return OptimumReport(sense: sense, status: "unbounded", direction: direction.map(\.description), expectation: query.expectationText, note: homogeneityNote(query))
        case .infeasible:
            return OptimumReport(sense: sense, status: "infeasible", expectation: query.expectationText)
        case .proof, .point, .counts, .sectors, .sphere, .boxCells, .pointwise:
            return nil
        }
    }

    /// The report of an optimization whose answer is at `point`, replayed.
    private static func replayed(
        _ query: Query, _ point: [Rational], _ document: ClaimsDocument, _ verdict: Verdict, _ statistics: SearchStatistics, _ start: ContinuousClock.Instant
    ) -> StatementReport {
        switch replay(point, query: query, document: document) {
        case .success(let replayed): return StatementReport(query, verdict, search: statistics, since: start, point: replayed)
        case .failure(let problem): return StatementReport(query, .internalError, search: statistics, since: start, reason: problem.message)
        }
    }

    /// For an objective and region that are positively homogeneous on
    /// `R^n`, why the optimum is 0 or unbounded and how to bound it.
    static func homogeneityNote(_ query: Query) -> String? {
        guard case .reals = query.domain, query.program.isHomogeneous, query.isPositivelyHomogeneous, query.objective?.isHomogeneous ?? false else { return nil }
        return "the objective and the region are positively homogeneous on R^n, so the optimum is 0 or unbounded; to measure scale-free, add 'where max(abs(x)) <= 1' (or '== 1' for a ratio)"
    }
}
