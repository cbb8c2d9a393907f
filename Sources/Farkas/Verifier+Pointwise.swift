import Certificates
import Claims
import ExactArithmetic
import ModelImport
import Models
import PointwiseDecision
import Search

extension Verifier {
    /// A statement about a transformer: decided at every input of its
    /// finite domain, by the prefix search and the precision ladder; a
    /// reported input is replayed in float32.
    static func decidePointwise(
        _ query: Query, _ statement: PointwiseStatement, in document: ClaimsDocument, budget: SearchBudget, tallies: PointwiseTallies
    ) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        let start = ContinuousClock.now
        let networks = document.transformers(readBy: statement)
        let n = query.inputs.count
        let tally: PointwiseTally
        let ladder: PrecisionLadder
        let domainSize: Int
        switch query.domain {
        case .integers(let low, let high):
            ladder = PrecisionLadder(statement, networks: networks, tokenRange: low...high)
            tally = tallies.tally(statement, over: query) { PrefixSearch.decide(ladder, dimension: n, tokens: low...high, jobs: budget.jobs) }
            domainSize = (0..<n).reduce(1) { total, _ in total * (high - low + 1) }
        case .points(let points):
            let tokens = points.map { $0.map { $0.intValue ?? 0 } }
            let all = tokens.flatMap { $0 }
            ladder = PrecisionLadder(statement, networks: networks, tokenRange: (all.min() ?? 0)...(all.max() ?? 0))
            tally = tallies.tally(statement, over: query) { PrefixSearch.decide(ladder, points: tokens, jobs: budget.jobs) }
            domainSize = points.count
        case .reals, .box:
            return (StatementReport(query, .internalError, search: SearchStatistics(), since: start, reason: "a transformer statement over a continuous domain (the claims compiler refuses these)"), nil)
        }
        var statistics = SearchStatistics.decidedWithoutSearch
        statistics.pointsEvaluated = domainSize
        statistics.regionPoints = tally.region
        var summary = PointwiseSummary(
            inputs: domainSize, region: tally.region, holding: tally.holding, evaluatedOneByOne: tally.inputsEvaluated,
            closedSets: tally.closedPrefixes.count, decidedAbove53Bits: tally.preciseInputs.count, undecided: tally.undecidedCount)
        let isClaim = query.kind == .claim
        statistics.solutions = isClaim ? tally.region - tally.holding : tally.holding
        if let failure = tally.failure {
            let reason = "at x = [\(failure.input.map(String.init).joined(separator: ", "))]: \(failure.message)"
            return (StatementReport(query, .unknown, search: statistics, since: start, reason: reason), nil)
        }
        if query.kind == .measure {
            summary.float32Holding = float32Count(statement, networks, query.domain, n, jobs: budget.jobs)
            return pointwiseMeasure(query, tally, summary, statistics, start)
        }
        let reported = isClaim ? tally.firstFailing : tally.firstHolding
        if let point = reported {
            statistics.solutionPositions = [position(point, query.domain)]
            var report = StatementReport(query, isClaim ? .refuted : .found, search: statistics, since: start,
                                         point: replayPointwise(point, statement, ladder, networks, query))
            report.pointwise = summary
            return (report, .point(point.map { Rational($0) }))
        }
        if tally.undecidedCount > 0 {
            let first = tally.undecided[0].map(String.init).joined(separator: ", ")
            var report = StatementReport(query, .unknown, search: statistics, since: start, reason:
                "\(tally.undecidedCount) input\(tally.undecidedCount == 1 ? "" : "s") not separated at 1,024 bits (exact tie candidates), the first x = [\(first)]")
            report.pointwise = summary
            return (report, nil)
        }
        var report = StatementReport(query, isClaim ? .proved : .impossible, search: statistics, since: start)
        if tally.region == 0 { report.vacuous = "vacuous: no input satisfies the assumptions and the where part" }
        report.pointwise = summary
        let evidence = PointwiseEvidence(closedPrefixes: tally.closedPrefixes, preciseInputs: tally.preciseInputs.map { ($0.input, $0.bits) })
        return (report, .pointwise(evidence))
    }

    /// An input's position in the domain's order, from 0.
    static func position(_ input: [Int], _ domain: InputDomain) -> Int {
        switch domain {
        case .integers(let low, let high): return input.reduce(0) { $0 * (high - low + 1) + ($1 - low) }
        case .points(let points): return points.firstIndex(of: input.map { Rational($0) }) ?? 0
        case .reals, .box: return 0
        }
    }

    /// A measure's exact share over the finite domain.
    private static func pointwiseMeasure(
        _ query: Query, _ tally: PointwiseTally, _ summary: PointwiseSummary, _ statistics: SearchStatistics, _ start: ContinuousClock.Instant
    ) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        var statistics = statistics
        statistics.solutions = tally.holding
        let (event, region) = (tally.holding, tally.region)
        let share = region == 0 ? Rational.zero : Rational(event) / Rational(region)
        var verdict = Verdict.measured
        var reason: String?
        if tally.undecidedCount > 0 {
            verdict = .unknown
            reason = "\(tally.undecidedCount) inputs not separated at 1,024 bits (exact tie candidates), the first x = [\(tally.undecided[0].map(String.init).joined(separator: ", "))]: the share is bracketed, not exact"
        } else if let (relation, value) = query.expectation {
            verdict = relation.holds(share, value) ? .proved : .refuted
        }
        var report = StatementReport(query, verdict, search: statistics, since: start, reason: reason)
        report.share = Share(event: event, region: region, fraction: share.description, decimal: share.decimalString(fractionDigits: 6), expectation: query.expectationText)
        report.pointwise = summary
        if region == 0 { report.vacuous = "vacuous: no input satisfies the assumptions and the where part, so the share is 0" }
        return (report, verdict == .unknown ? nil : .counts(event: event, region: region))
    }
}

extension Verifier {
    /// A reported input: the readings' certified digits, and float32's.
    static func replayPointwise(_ input: [Int], _ statement: PointwiseStatement, _ ladder: PrecisionLadder, _ networks: [Int: AttentionTransformer], _ query: Query) -> ReplayedPoint {
        var bits = 53
        if case .decided(_, _, let b) = ladder.verdict(input) { bits = b }
        let replay = Float32Replay(statement, networks: networks)
        let floats = replay.readings(input)
        let signals = ladder.readings(input, bits: max(bits, 128)).map { label, low, high in
            let digits: (text: String, exact: String)
            if low == high {
                digits = (low.decimalString(fractionDigits: 6), low.description)
            } else if let certified = certifiedDigits(low, high) {
                digits = (certified.text, certified.text + "…")
            } else {
                let bracket = "[\(low.decimalString(fractionDigits: 6)), \(high.decimalString(fractionDigits: 6))]"
                digits = (bracket, bracket)
            }
            let float32 = floats[label].map { "\(Float($0))" } ?? "?"
            return SignalReading(name: label, exact: digits.exact, exactDecimal: digits.text, float32: float32)
        }
        let truth = replay.truth(input)
        let agrees = truth.map { $0.premise && (query.kind == .claim ? !$0.body : $0.body) } ?? false
        let tokens = input.map(String.init)
        return ReplayedPoint(input: tokens, float32Input: tokens, signals: signals, float32Agrees: agrees)
    }

    /// The inputs where the premise and body hold in float32, over the
    /// whole domain: the count a user enumerating with PyTorch gets.
    static func float32Count(_ statement: PointwiseStatement, _ networks: [Int: AttentionTransformer], _ domain: InputDomain, _ n: Int, jobs: Int) -> Int? {
        let replay = Float32Replay(statement, networks: networks)
        let points: [[Int]]
        switch domain {
        case .integers(let low, let high):
            points = IntegerGrid(low: low, high: high, dimension: n).map { $0.map { $0.intValue ?? 0 } }
        case .points(let p): points = p.map { $0.map { $0.intValue ?? 0 } }
        case .reals, .box: return nil
        }
        let counts = parallelMap(count: 64, jobs: jobs) { k in
            var count = 0
            for i in stride(from: k, to: points.count, by: 64) {
                if let t = replay.truth(points[i]), t.premise, t.body { count += 1 }
            }
            return count
        }
        return counts.reduce(0, +)
    }
}
