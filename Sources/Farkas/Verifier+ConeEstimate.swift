import Claims
import ExactArithmetic
import Measures
import Search
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Verifier {
    /// At most this many cones under each of the n + 1 starting cones are
    /// measured one by one; past it a measure falls back to plain sampling.
    static let coneLimit = 40_000

    /// What cutting and measuring a statement's cones gave.
    enum MeasuredCones {
        case measured(cells: [ConeCells.Cell], measures: [(value: Double, error: Double)])
        /// More than the limit of cones under one starting cone.
        case tooMany
        /// The deadline passed after cutting `cut` cones and measuring `measured`.
        case outOfTime(cut: Int, measured: Int)
    }

    /// Whether a measure is estimated from its cones: a Gaussian one on
    /// `R^4` or `R^5` of a positively homogeneous statement (bias-free
    /// model, no constants), whose regions are cones.
    static func conesApply(to query: Query) -> Bool {
        guard case .reals = query.domain else { return false }
        return (4...GaussianOrthant.maximumDimension).contains(query.inputs.count) && query.program.isHomogeneous && query.isPositivelyHomogeneous
    }

    /// The cones of a positively homogeneous statement on `R^4` or `R^5`
    /// and each one's estimated measure.
    ///
    /// `progress`, when given, hears how many cones are cut and measured,
    /// at most about every 1% of them.
    static func measuredCones(
        _ query: Query, jobs: Int, limit: Int = coneLimit, deadline: ContinuousClock.Instant? = nil,
        progress: (@Sendable (SearchStatistics) -> Void)? = nil
    ) -> MeasuredCones {
        let n = query.inputs.count
        let parts = parallelMap(count: ConeCells.startCount(dimension: n), jobs: jobs) { ConeCells.cells(query, start: $0, limit: limit, deadline: deadline) }
        var found: [ConeCells.Cell] = []
        for part in parts {
            guard let part else { return deadline.map { ContinuousClock.now > $0 } == true ? .outOfTime(cut: found.count, measured: 0) : .tooMany }
            found += part
        }
        let cells = found
        let measured = Mutex(0)
        let step = max(1, cells.count / 100)
        let measures = parallelMap(count: cells.count, jobs: jobs) { index -> (value: Double, error: Double) in
            if let deadline, ContinuousClock.now > deadline { return (.nan, .nan) }
            let measure = ConeMeasureEstimate.cone(cells[index], dimension: n)
            let done = measured.withLock { count in
                count += 1
                return count
            }
            if let progress, done % step == 0 {
                var statistics = SearchStatistics()
                (statistics.conesCut, statistics.conesMeasured, statistics.progress) = (cells.count, done, Double(done) / Double(cells.count))
                progress(statistics)
            }
            return measure
        }
        let done = measured.withLock { $0 }
        return done < cells.count ? .outOfTime(cut: cells.count, measured: done) : .measured(cells: cells, measures: measures)
    }

    /// A Gaussian measure on `R^4` or `R^5` of a positively homogeneous
    /// statement, estimated from its cones (``ConeCells``, then
    /// ``ConeMeasureEstimate``): nil when there are too many cones, so
    /// that plain sampling answers instead; unknown when `--timeout`
    /// runs out first.
    package static func coneEstimate(
        _ query: Query, budget: SearchBudget, limit: Int = coneLimit
    ) -> (report: StatementReport, evidence: Certificate.Evidence?)? {
        guard conesApply(to: query) else { return nil }
        let start = ContinuousClock.now
        let deadline = budget.deadline(from: start)
        let cells: [ConeCells.Cell], measures: [(value: Double, error: Double)]
        switch measuredCones(query, jobs: budget.jobs, limit: limit, deadline: deadline, progress: budget.progress) {
        case .measured(let c, let m): (cells, measures) = (c, m)
        case .tooMany: return nil
        case .outOfTime(let cut, let measured):
            var statistics = SearchStatistics()
            (statistics.conesCut, statistics.conesMeasured) = (cut, measured)
            let reason = "timed out after \(budget.timeout ?? 0) s, with \(FileReport.grouped(measured)) of \(FileReport.grouped(cut)) cones measured"
            return (StatementReport(query, .unknown, search: statistics, since: start, reason: reason), nil)
        }
        let (value, error, defect) = ConeMeasureEstimate.share(cells, measures)
        let places = max(6, Int((-log10(max(error, 1e-15))).rounded(.up)) + 1)
        var report = estimateReport(query, search: .decidedWithoutSearch, since: start)
        let samples = error > 0 && value > 0 && value < 1 ? String(printf: "%.1e", value * (1 - value) / (error * error)) : nil
        report.share = Share(
            event: nil, region: nil, fraction: String(printf: "%.\(places)f", value), decimal: String(printf: "%.\(places)f", value),
            expectation: query.expectationText, standardError: String(printf: "%.1e", error), monteCarloSamples: samples, distribution: "Gaussian",
            method: "the \(FileReport.grouped(cells.count)) cones of its linear pieces, cut in doubles, each one's truth decided exactly, "
                + "each measured by cubature or Plackett's orthant integral; their total is 1 within \(String(printf: "%.0e", defect))")
        if !cells.contains(where: \.premise) { report.vacuous = "vacuous: no input satisfies the assumptions and the where part, so the probability is 0" }
        return (report, nil)
    }
}

