import Sampling

/// Proves or refutes every statement of a claims file.
public enum Verifier {
    /// Loads checkpoints for claims files.
    package static let modelLoader: ClaimsDocument.ModelLoader = { path, length throws(CheckpointError) in
        try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
    }

    /// What `verify` does with certificates.
    public struct CertificatePolicy: Sendable {
        /// Where certificates are written and looked up.
        public var store: CertificateStore
        /// Re-check an existing valid certificate instead of searching.
        public var reuse: Bool

        /// A policy.
        public init(store: CertificateStore = CertificateStore(), reuse: Bool = false) {
            self.store = store
            self.reuse = reuse
        }
    }

    /// Checks, lowers and decides every statement of a claims file.
    ///
    /// - Parameters:
    ///   - only: statement names to run (all when empty).
    ///   - certificates: where to write a certificate for every decided
    ///     statement (nil: none), and whether to reuse valid ones.
    ///   - jobs: how many statements, and cases of a statement's top-level
    ///     split, to decide at once; the reports and certificates are the
    ///     same for every value.
    /// - Throws: ``ClaimsFileError`` when the file cannot be accepted.
    public static func verify(
        path: String, budget: SearchBudget = SearchBudget(), only: Set<String> = [], certificates: CertificatePolicy? = nil, jobs: Int = 1
    ) throws(ClaimsFileError) -> FileReport {
        let start = ContinuousClock.now
        let loader = DigestingModelLoader()
        let document = try ClaimsDocument.load(path: path, only: only, loadModel: loader.load)
        var adjusted = budget
        adjusted.jobs = jobs
        // Proof trees cost memory in long searches; build them only to write certificates.
        if certificates == nil { adjusted.recordsProofs = false }
        let budget = adjusted
        // The bytes the networks came from, for every statement's certificate.
        let models = certificates == nil ? [] : loader.modelDigests(of: document)
        let claimsFile = certificates.map { CertificateStore.relativePath(of: path, from: $0.store.folder(forClaimsFile: path)) } ?? path
        let queries = document.queries.filter { only.isEmpty || only.contains($0.name) }
        let tallies = PointwiseTallies()
        @Sendable func report(_ k: Int) -> StatementReport {
            let query = queries[k]
            guard let policy = certificates else { return decideWithEvidence(query, in: document, budget: budget, tallies: tallies).report }
            let certificatePath = policy.store.path(claimsFile: path, statement: query.name)
            // A measure is measured again: its number is the report, and
            // re-checking its certificate costs as much as measuring.
            if policy.reuse, query.kind != .measure, let reused = reuse(certificatePath, query: query, document: document, models: models) { return reused }
            var (report, evidence) = decideWithEvidence(query, in: document, budget: budget, tallies: tallies)
            if let evidence, budget.recordsProofs, let verdict = Certificate.Verdict(rawValue: report.verdict.rawValue) {
                let certificate = Certificate(query: query, modelDigests: models, verdict: verdict, evidence: evidence, claimsFile: claimsFile)
                report.certificate = try? policy.store.write(certificate, claimsFile: path)
            }
            return report
        }
        // Statements decided input by input split their domain across the
        // jobs themselves, so they run one after another (and a repeated
        // one is answered from `tallies`); the others run side by side.
        let pointwise = queries.indices.filter { queries[$0].pointwise != nil }
        let others = queries.indices.filter { queries[$0].pointwise == nil }
        var statements = [StatementReport?](repeating: nil, count: queries.count)
        for k in pointwise { statements[k] = report(k) }
        for (k, r) in zip(others, parallelMap(count: others.count, jobs: jobs) { report(others[$0]) }) { statements[k] = r }
        var report = FileReport(path: path, statements: statements.compactMap { $0 }, seconds: seconds(since: start))
        report.editedModels = document.models.compactMap(\.definition)
        return report
    }

    /// The report of a statement whose certificate is present and valid.
    private static func reuse(_ certificatePath: String, query: Query, document: ClaimsDocument, models: [ModelDigest]) -> StatementReport? {
        let start = ContinuousClock.now
        guard case .success(let certificate) = CertificateStore.read(certificatePath),
            certificate.check(against: document, models: models) == .valid,
            let verdict = Verdict(rawValue: certificate.verdict.rawValue)
        else { return nil }
        var point: ReplayedPoint?
        if let x = certificate.evidence.point, case .success(let replayed) = replay(x, query: query, document: document) {
            point = replayed
        }
        var report = StatementReport(query, verdict, search: .decidedWithoutSearch, since: start, point: point)
        report.optimum = optimumReport(certificate.evidence, query)
        report.certificate = certificatePath
        report.reused = true
        return report
    }

    /// Decides one statement and replays any point it finds.
    package static func decide(_ query: Query, in document: ClaimsDocument, budget: SearchBudget) -> StatementReport {
        decideWithEvidence(query, in: document, budget: budget).report
    }

    /// Decides one statement; the evidence is the proof or the replayed
    /// point behind a decided verdict.
    static func decideWithEvidence(
        _ query: Query, in document: ClaimsDocument, budget: SearchBudget, tallies: PointwiseTallies = PointwiseTallies()
    ) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        if let statement = query.pointwise { return decidePointwise(query, statement, in: document, budget: budget, tallies: tallies) }
        if query.kind == .measure { return measure(query, budget: budget) }
        if query.kind == .maximize || query.kind == .minimize { return optimize(query, in: document, budget: budget) }
        let start = ContinuousClock.now
        let outcome = ConflictDrivenSearch.solve(query, budget: budget)
        let isClaim = query.kind == .claim
        func report(_ verdict: Verdict, _ statistics: SearchStatistics, point: ReplayedPoint? = nil, reason: String? = nil) -> StatementReport {
            StatementReport(query, verdict, search: statistics, since: start, point: point, reason: reason)
        }
        switch outcome {
        case .unsatisfiable(let proof, let statistics):
            var decided = report(isClaim ? .proved : .impossible, statistics)
            decided.vacuous = vacuity(of: query, budget: budget)
            return (decided, .proof(proof))
        case .unknown(let reason, let statistics):
            var detail = "\(statistics.conflicts) conflicts, progress estimate \(String(printf: "%.1f", statistics.progress * 100))%"
            if statistics.cases > 0 { detail += "; \(statistics.casesProved) of the \(statistics.cases) cases of its top-level split proved" }
            if statistics.samples > 0 {
                let share = String(printf: "%.1f", 100 * Double(statistics.samplesRuledOut) / Double(statistics.samples))
                detail += "; \(isClaim ? "counterexamples" : "witnesses") ruled out at \(share)% of \(statistics.samples) inputs sampled from its region"
            }
            return (report(.unknown, statistics, reason: "\(reason) (\(detail))"), nil)
        case .satisfiable(let found, let statistics):
            let point = rescaled(found, query)
            switch replay(point, query: query, document: document) {
            case .success(var replayed):
                replayed.rescaled = point != found
                return (report(isClaim ? .refuted : .found, statistics, point: replayed), .point(point))
            case .failure(let problem): return (report(.internalError, statistics, reason: problem.message), nil)
            }
        }
    }

    /// A measure: over a finite domain the exact share of the premise's
    /// points where the statement holds, compared with its expectation; on
    /// `R^n` a certified bracket (n = 2) or an estimate.
    static func measure(_ query: Query, budget: SearchBudget) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        if case .box = query.domain {
            return isEstimate(query) ? estimatedMeasure(query, budget: budget) : boxMeasure(query)
        }
        if case .reals = query.domain {
            if isEstimate(query) { return estimatedMeasure(query, budget: budget) }
            return query.inputs.count == 3 ? sphereMeasure(query, bits: budget.precisionBits) : planeMeasure(query, bits: budget.precisionBits)
        }
        let start = ContinuousClock.now
        let statistics: SearchStatistics
        switch ConflictDrivenSearch.solve(query, budget: budget) {
        case .satisfiable(_, let s), .unsatisfiable(_, let s): statistics = s
        case .unknown(let reason, let s): return (StatementReport(query, .unknown, search: s, since: start, reason: reason), nil)
        }
        let (event, region) = (statistics.solutions, statistics.regionPoints)
        let share = region == 0 ? Rational.zero : Rational(event) / Rational(region)
        var verdict = Verdict.measured
        let expectation = query.expectationText
        if let (relation, value) = query.expectation {
            verdict = relation.holds(share, value) ? .proved : .refuted
        }
        var report = StatementReport(query, verdict, search: statistics, since: start)
        report.share = Share(event: event, region: region, fraction: share.description, decimal: share.decimalString(fractionDigits: 6), expectation: expectation)
        if region == 0 { report.vacuous = "vacuous: no point satisfies the assumptions and the where part, so the share is 0" }
        return (report, .counts(event: event, region: region))
    }

    /// Whether `query` is a measure Farkas estimates by sampling (a
    /// Gaussian measure on `R^n`, n > 3), which has no certificate.
    package static func isEstimate(_ query: Query) -> Bool {
        guard query.kind == .measure else { return false }
        switch query.domain {
        case .reals: return query.inputs.count > 3 || query.inputs.count == 1
        case .box: return query.inputs.count != 2
        case .integers, .points: return false
        }
    }

    /// A measure where no certified method is built yet: on `R^4` and
    /// `R^5` from the statement's cones (``coneEstimate(_:budget:)``) when
    /// it is positively homogeneous and has few enough of them, else by
    /// sampling (``sampledMeasure(_:budget:)``). An estimate never decides
    /// an `expect`: that is unknown.
    package static func estimatedMeasure(
        _ query: Query, budget: SearchBudget, coneLimit: Int = coneLimit
    ) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        if let estimate = coneEstimate(query, budget: budget, limit: coneLimit) { return estimate }
        var sampled = sampledMeasure(query, budget: budget)
        if conesApply(to: query), sampled.report.share != nil {
            sampled.report.note = "sampled: more than \(FileReport.grouped(coneLimit)) cones under one of the \(query.inputs.count + 1) starting cones, too many to measure one by one"
        }
        return sampled
    }

    /// A measure on `R^2`: the standard Gaussian probability of the event
    /// given the premise, as a certified bracket, compared with its
    /// expectation when the bracket decides it. The certificate lists the
    /// sectors' rays, which the checker re-examines.
    static func planeMeasure(_ query: Query, bits: Int) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        let start = ContinuousClock.now
        let sectors = PlaneMeasure.sectors(query)
        let (low, high) = PlaneMeasure.share(sectors, bits: bits)
        return bracketed(query, low, high, since: start, empty: !sectors.contains(where: \.premise), evidence: .sectors(rays: sectors.map(\.from), bits: bits))
    }

    /// A measure on `R^3`: the standard Gaussian probability of the event
    /// given the premise, from the solid angles of the cells of the sphere,
    /// as a certified bracket. The certificate is the split tree, which the
    /// checker replays.
    static func sphereMeasure(_ query: Query, bits: Int) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        let start = ContinuousClock.now
        let (cells, steps) = SphereMeasure.cells(query)
        let (low, high) = SphereMeasure.share(cells, bits: bits)
        return bracketed(query, low, high, since: start, empty: !cells.contains(where: \.premise), evidence: .sphere(steps: steps, bits: bits))
    }

    /// A uniform measure on a box of the plane: an exact fraction, the area
    /// of the event's polygons over the premise's. The certificate is the
    /// split tree, which the checker replays.
    package static func boxMeasure(_ query: Query) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        let start = ContinuousClock.now
        let (cells, steps) = BoxMeasure.cells(query)
        let (share, _, region) = BoxMeasure.share(cells)
        var verdict = Verdict.measured
        if let (relation, value) = query.expectation { verdict = relation.holds(share, value) ? .proved : .refuted }
        var report = StatementReport(query, verdict, search: .decidedWithoutSearch, since: start)
        let text = share.description.contains("/") ? "\(share) ~ \(share.decimalString(fractionDigits: 12))" : share.description
        report.share = Share(event: nil, region: nil, fraction: share.description, decimal: "\(text) (exact: areas of \(cells.count) polygons)", expectation: query.expectationText)
        if region.isZero { report.vacuous = "vacuous: no input satisfies the assumptions and the where part, so the probability is 0" }
        return (report, .boxCells(steps: steps))
    }

    /// The report of a measure known as a certified bracket, compared with
    /// its expectation when the bracket decides it; no evidence when it does not.
    static func bracketed(
        _ query: Query, _ low: Rational, _ high: Rational, since start: ContinuousClock.Instant, empty: Bool, evidence: Certificate.Evidence
    ) -> (report: StatementReport, evidence: Certificate.Evidence?) {
        var verdict = Verdict.measured
        var reason: String?
        if let (relation, value) = query.expectation {
            switch (relation.holds(low, value), relation.holds(high, value)) {
            case (true, true): verdict = .proved
            case (false, false): verdict = .refuted
            default:
                verdict = .unknown
                reason = "the bracket of the probability contains \(value)"
            }
        }
        let certified = certifiedDigits(low, high)
        let digits = certified.map { "\($0.text) (certified to \($0.places) decimal places)" } ?? "not certified to one decimal place"
        var report = StatementReport(query, verdict, search: .decidedWithoutSearch, since: start, reason: reason)
        report.share = Share(
            event: nil, region: nil, fraction: low.description, decimal: digits, expectation: query.expectationText,
            bracket: outwardDecimals(low, high, places: 40))
        let (p, halfWidth) = (low.doubleApproximation, ((high - low) / 2).doubleApproximation)
        if halfWidth > 0, p > 0, p < 1 { report.share?.monteCarloSamples = String(printf: "%.1e", p * (1 - p) / (halfWidth * halfWidth)) }
        if empty { report.vacuous = "vacuous: no input satisfies the assumptions and the where part, so the probability is 0" }
        return (report, verdict == .unknown ? nil : evidence)
    }

    /// A bracket's ends in decimal, rounded outward (the lower end down, the
    /// upper end up) to `places` places, so the printed bracket still
    /// contains the value.
    static func outwardDecimals(_ low: Rational, _ high: Rational, places: Int) -> [String] {
        let scale = Rational.powerOfTen(places)
        let down = (low * scale).floor / scale
        let up = -((-high * scale).floor) / scale
        return [down.decimalString(fractionDigits: places), up.decimalString(fractionDigits: places)]
    }

    /// The value a bracket certifies, rounded to the most decimal places
    /// (at most 40) at which both its ends round alike: the exact value,
    /// which lies between them, rounds to the same text. Nil when they
    /// differ even at one place.
    static func certifiedDigits(_ low: Rational, _ high: Rational) -> (text: String, places: Int)? {
        for places in stride(from: 40, through: 1, by: -1) where low.decimalString(fractionDigits: places) == high.decimalString(fractionDigits: places) {
            return (low.decimalString(fractionDigits: places), places)
        }
        return nil
    }

    /// A solution on `R^n` of a query over a positively homogeneous program
    /// (one without constant terms), scaled so that max|x| = 1 when the
    /// scaled point is a solution too: the search may hand back a point
    /// near 0, where the signals cannot show which output wins. Other
    /// points are returned as they are. (Deciding whether the formula
    /// itself is homogeneous walks all of it, which costs more on a large
    /// formula than evaluating it once.)
    static func rescaled(_ point: [Rational], _ query: Query) -> [Rational] {
        guard case .reals = query.domain, let size = point.map(\.magnitude).max(), !size.isZero, size != .one,
            query.program.isHomogeneous
        else { return point }
        let scaled = point.map { $0 / size }
        return query.formula.holds(query.program.evaluate(at: scaled)) ? scaled : point
    }

    /// Why a statement proved (or impossible) holds vacuously: its
    /// premise has no input (on `R^n`, for a positively homogeneous
    /// premise, no nonzero one); nil when it has one or the search for one
    /// runs out of budget.
    static func vacuity(of query: Query, budget: SearchBudget) -> String? {
        if query.premise == .constant(true) { return nil }
        var budget = budget
        budget.recordsProofs = false
        budget.coverageTime = .zero
        budget.maximumConflicts = min(budget.maximumConflicts ?? 10_000, 10_000)
        // An input of the premise is usually a sample away; a premise that
        // is hard to satisfy gets no more than 10 s, and then no word.
        budget.timeout = min(budget.timeout ?? 10, 10)
        let premise = query.premiseQuery
        guard case .unsatisfiable = ConflictDrivenSearch.solve(premise, budget: budget) else { return nil }
        let origin = [Rational](repeating: .zero, count: query.inputs.count)
        if premise.formula != query.premise, query.premise.holds(query.program.evaluate(at: origin)) {
            return "vacuous: no input but x = 0 satisfies the assumptions and the where part"
        }
        return "vacuous: no input satisfies the assumptions and the where part"
    }

    struct ReplayFailure: Error {
        let message: String
    }

    /// Re-evaluates a point exactly (it must satisfy the query, or Farkas
    /// has a bug) and in float32.
    static func replay(_ point: [Rational], query: Query, document: ClaimsDocument) -> Result<ReplayedPoint, ReplayFailure> {
        let exact = query.program.evaluate(at: point)
        guard query.formula.holds(exact) else {
            return .failure(ReplayFailure(message: "the search returned x = \(point) but it does not satisfy the query when replayed exactly (a bug in Farkas; please report it)"))
        }
        // Float32: the models as PyTorch computes them at the float32 input;
        // claim-level arithmetic on top of that stays exact.
        let floatInput = point.map(\.nearestFloat)
        var floatNodeValues: [Int: Float] = [:]
        for model in document.models {
            guard let floats = try? model.adapter.float32Signals(at: point) else { continue }
            let nodeOfName = Dictionary(model.lowered.namedNodes.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
            // A node two models share (an edited model equal to its source
            // there) reads the first model's float32 value.
            for (name, value) in floats {
                if let node = nodeOfName[name], floatNodeValues[node.index] == nil { floatNodeValues[node.index] = value }
            }
        }
        var values: [Rational] = []
        var finite = true
        for (i, node) in query.program.nodes.enumerated() {
            if let f = floatNodeValues[i] {
                guard let r = try? Rational(exactly: f) else {
                    finite = false
                    values.append(.zero)
                    continue
                }
                values.append(r)
                continue
            }
            switch node {
            case .input(let k): values.append((try? Rational(exactly: floatInput[k])) ?? .zero)
            case .affine(let terms, let constant): values.append(terms.reduce(constant) { $0 + $1.coefficient * values[$1.node.index] })
            case .relu(let operand): values.append(Rational.maximum(values[operand.index], .zero))
            }
        }
        // The model signals and `let` values read, exact and in float32
        // (the claim's own arithmetic on float32 model values stays exact).
        var read = query.readSignals.map { ($0.name, exact[$0.node.index], floatNodeValues[$0.node.index].map { "\($0)" } ?? "?") }
        for value in query.readValues {
            read.append((value.name, value.form.evaluate(exact), finite ? "\(value.form.evaluate(values).nearestFloat)" : "?"))
        }
        let digits = distinguishingDigits(read.map(\.1))
        var signals = read.map { name, value, float32 in
            SignalReading(name: name, exact: value.description, exactDecimal: value.decimalString(fractionDigits: digits), float32: float32)
        }
        // The indices read: which output wins, against which was expected.
        var indexReadings: [SignalReading] = []
        for index in query.readIndices {
            let value = index.value(exact).map(String.init) ?? "none (a tie at the top)"
            let float32 = finite ? index.value(values).map(String.init) ?? "none" : "?"
            indexReadings.append(SignalReading(name: index.label, exact: value, exactDecimal: value, float32: float32))
        }
        signals = indexReadings + signals
        return .success(ReplayedPoint(
            input: point.map(\.description), float32Input: floatInput.map { "\($0)" }, signals: signals,
            float32Agrees: finite && query.formula.holds(values)))
    }

    /// The fraction digits (6 at least, 40 at most) that print distinct
    /// values distinctly: near a tie, which logit wins shows.
    static func distinguishingDigits(_ values: [Rational]) -> Int {
        let distinct = Array(Set(values))
        for digits in [6, 9, 12, 16, 20, 30] where Set(distinct.map { $0.decimalString(fractionDigits: digits) }).count == distinct.count {
            return digits
        }
        return 40
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
