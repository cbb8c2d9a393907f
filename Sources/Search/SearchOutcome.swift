package import Claims
package import Encoding
package import ExactArithmetic

/// Limits on one search.
public struct SearchBudget: Sendable {
    /// The most conflicts to learn from (for an integer domain: points to
    /// evaluate), in each case of a query's top-level split when its
    /// search is split; nil for no limit.
    public var maximumConflicts: Int?
    /// Wall-clock seconds; nil for no limit.
    public var timeout: Double?
    /// Called now and then (every 1,024 decisions) with the counters so
    /// far, for progress displays.
    public var progress: (@Sendable (SearchStatistics) -> Void)?
    /// Whether to record the proof of an unsatisfiable query. Without it,
    /// the proof in the outcome is an empty placeholder that proves nothing.
    public var recordsProofs: Bool
    /// How many cases of a query's top-level split to search at once. The
    /// outcome does not depend on it (unless the timeout runs out).
    public var jobs: Int
    /// The most time an unknown verdict's coverage figure may add after the
    /// budget ran out (fewer inputs are sampled when it passes); nil for no
    /// limit, so that the figure does not depend on the machine's speed.
    public var coverageTime: Duration?
    /// The binary digits a Gaussian measure's angles (on `R^2`) or solid
    /// angles (on `R^3`) are bracketed with: more digits, a narrower
    /// bracket, and more time.
    public var precisionBits = 128
    /// How many seeded samples estimate a measure that no method certifies
    /// or estimates from cones (`R^n` past 5 inputs, boxes past the plane):
    /// 100 times more, a standard error 10 times smaller.
    public var samples = 100_000

    /// When `timeout` runs out for work started at `start` (nil: never).
    package func deadline(from start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        timeout.map { start + .milliseconds(Int($0 * 1000)) }
    }

    /// A budget.
    public init(
        maximumConflicts: Int? = nil, timeout: Double? = nil, recordsProofs: Bool = true, jobs: Int = 1,
        coverageTime: Duration? = .seconds(2), progress: (@Sendable (SearchStatistics) -> Void)? = nil
    ) {
        self.jobs = jobs
        self.coverageTime = coverageTime
        self.maximumConflicts = maximumConflicts
        self.timeout = timeout
        self.recordsProofs = recordsProofs
        self.progress = progress
    }
}

/// What a search established about a query.
package enum SearchOutcome: Sendable {
    /// An exact input satisfying the query.
    case satisfiable(point: [Rational], statistics: SearchStatistics)
    /// No input satisfies the query, as `proof` shows.
    case unsatisfiable(proof: QueryProof, statistics: SearchStatistics)
    /// The budget ran out first.
    case unknown(reason: String, statistics: SearchStatistics)
}

/// Counters from one search.
public struct SearchStatistics: Sendable, Codable, Equatable {
    /// Conflicts learned from: each closes a part of the search space.
    public var conflicts = 0
    /// Literals assumed.
    public var decisions = 0
    /// Of those, ReLU phases (the others choose among a formula's options).
    public var phaseDecisions = 0
    /// Literals whose consequences were propagated through the clauses.
    public var propagations = 0
    /// Simplex feasibility checks.
    public var theoryChecks = 0
    /// Checks the exact simplex had to decide itself (the floating one
    /// could not settle, or its conflict did not certify).
    public var exactChecks = 0
    /// Pivots of the floating simplex.
    public var floatPivots = 0
    /// Pivots of the exact simplex.
    public var exactPivots = 0
    /// Clauses proved by linear arithmetic (Farkas lemmas).
    public var lemmas = 0
    /// Clauses learned from conflicts.
    public var learnedClauses = 0
    /// Restarts of the search (learned clauses are kept).
    public var restarts = 0
    /// Points evaluated (finite domains).
    public var pointsEvaluated = 0
    /// For a finite domain: the points that satisfy the query (for a
    /// claim, its counterexamples; for a witness, its witnesses).
    public var solutions = 0
    /// The positions of the first of those in the domain's order (0 for
    /// the first point), at most 20.
    public var solutionPositions: [Int] = []
    /// For a measure estimated from its cones: the cones cut so far, and
    /// of those, the cones measured.
    public var conesCut = 0
    public var conesMeasured = 0
    /// For a finite domain: the points that satisfy the statement's
    /// premise (its assumptions and `where` part), the whole of a measure's share.
    public var regionPoints = 0
    /// The cases of the widest case split the query requires (such as
    /// which input has some rank), which partition the input range: the
    /// cases the search was divided into, or for an unknown verdict of an
    /// undivided search, the split it found; 0 when there is none.
    public var cases = 0
    /// Of those, the cases the search refuted for good.
    public var casesProved = 0
    /// For an unknown verdict: inputs sampled from the query's region
    /// (where its assumptions and `where` part hold), Gaussian or uniform
    /// in a box domain; 0 when none was found to sample from.
    public var samples = 0
    /// Of those, the inputs where what the search learned rules out a
    /// solution (a counterexample of a claim, a witness's input).
    public var samplesRuledOut = 0
    /// How far the search got, from 0 to 1 (1 when decided). For an
    /// integer domain, the share of points evaluated; for conflict-driven
    /// search an estimate from the assignment (Eén and Sörensson's, as in
    /// MiniSat): the share of the space that the current trail rules out.
    public var progress = 0.0

    /// All counters at zero.
    public init() {}

    /// A statement decided without searching (from constants alone, or by
    /// a certificate re-checked): nothing counted, progress complete.
    public static var decidedWithoutSearch: SearchStatistics {
        var statistics = SearchStatistics()
        statistics.progress = 1
        return statistics
    }
}

