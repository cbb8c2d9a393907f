import Claims
import ExactArithmetic
import Sampling
import Search

extension Verifier {
    /// How many samples are drawn and decided at a time: the slices of one
    /// batch are decided on separate cores, and the counts added, so the
    /// estimate does not depend on `--jobs`.
    static let samplingBatch = 16_384

    /// The share of seeded samples (Gaussian on `R^n`, uniform on a box;
    /// `budget.samples` of them), each decided exactly, where the event
    /// holds among those where the premise does, with its standard error;
    /// unknown when `--timeout` runs out first.
    package static func sampledMeasure(_ query: Query, budget: SearchBudget) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        let start = ContinuousClock.now
        var (distribution, name) = (SeededSamples.Distribution.gaussian, "Gaussian")
        if case .box(let low, let high) = query.domain { (distribution, name) = (.uniform(low: low, high: high), "uniform") }
        let deadline = budget.deadline(from: start)
        var iterator = SeededSamples(dimension: query.inputs.count, count: budget.samples, seed: 1, distribution: distribution).makeIterator()
        var statistics = SearchStatistics()
        while statistics.pointsEvaluated < budget.samples {
            if let deadline, ContinuousClock.now > deadline {
                let reason = "timed out after \(budget.timeout ?? 0) s, with \(FileReport.grouped(statistics.pointsEvaluated)) of \(FileReport.grouped(budget.samples)) samples decided"
                return (StatementReport(query, .unknown, search: statistics, since: start, reason: reason), nil)
            }
            var batch: [[Rational]] = []
            while batch.count < samplingBatch, let x = iterator.next() { batch.append(x) }
            let counts = decide(query, batch, jobs: budget.jobs)
            statistics.pointsEvaluated += batch.count
            statistics.solutions += counts.event
            statistics.regionPoints += counts.region
            statistics.progress = Double(statistics.pointsEvaluated) / Double(budget.samples)
            budget.progress?(statistics)
        }
        let (event, region) = (statistics.solutions, statistics.regionPoints)
        let share = region == 0 ? 0 : Double(event) / Double(region)
        let error = region == 0 ? 0 : (share * (1 - share) / Double(region)).squareRoot()
        var report = estimateReport(query, search: statistics, since: start)
        report.share = Share(
            event: event, region: region, fraction: "\(event)/\(region)", decimal: String(printf: "%.6f", share),
            expectation: query.expectationText, standardError: String(printf: "%.6f", error), distribution: name)
        if region == 0 { report.vacuous = "vacuous: no sample satisfies the assumptions and the where part, so the estimate is 0" }
        return (report, nil)
    }

    /// The report of an estimated measure, before its share is added:
    /// measured, or for a statement with an `expect`, unknown, since an
    /// estimate decides none.
    static func estimateReport(_ query: Query, search: SearchStatistics, since start: ContinuousClock.Instant) -> StatementReport {
        guard query.expectation != nil else { return StatementReport(query, .measured, search: search, since: start) }
        let reason = "an estimate decides no 'expect': Gaussian measures are certified only on R^2 and R^3, uniform ones on boxes of the plane, so far"
        return StatementReport(query, .unknown, search: search, since: start, reason: reason)
    }

    /// How many of `points` satisfy the event and the premise, each decided
    /// exactly (``FiniteEnumeration``), in `jobs` slices at once.
    private static func decide(_ query: Query, _ points: [[Rational]], jobs: Int) -> (event: Int, region: Int) {
        let slices = max(1, min(jobs, points.count))
        let counts = parallelMap(count: slices, jobs: slices) { k -> (event: Int, region: Int) in
            let part = points[(k * points.count / slices)..<((k + 1) * points.count / slices)]
            switch FiniteEnumeration.solve(query, points: AnySequence(part), count: Double(part.count), budget: SearchBudget()) {
            case .satisfiable(_, let s), .unsatisfiable(_, let s), .unknown(_, let s): return (s.solutions, s.regionPoints)
            }
        }
        return counts.reduce((0, 0)) { ($0.0 + $1.event, $0.1 + $1.region) }
    }
}
