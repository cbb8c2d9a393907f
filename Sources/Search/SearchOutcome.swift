public import Claims
public import ExactArithmetic

/// Limits on one search.
public struct SearchBudget: Sendable {
    /// The most regions (search-tree leaves) to explore; nil for no limit.
    public var maximumRegions: Int?
    /// Wall-clock seconds; nil for no limit.
    public var timeout: Double?
    /// Called now and then (every 4,096 regions) with the counters so far,
    /// for progress displays.
    public var progress: (@Sendable (SearchStatistics) -> Void)?
    /// How many threads may search at once. Verdicts and proofs are the
    /// same for every value; only the time changes.
    public var jobs: Int
    /// Whether to build the proof of an unsatisfiable query. Without it, a
    /// long search holds no proof tree in memory, and the proof in the
    /// outcome is an empty placeholder that proves nothing.
    public var recordsProofs: Bool

    /// A budget.
    public init(
        maximumRegions: Int? = nil, timeout: Double? = nil, jobs: Int = 1, recordsProofs: Bool = true,
        progress: (@Sendable (SearchStatistics) -> Void)? = nil
    ) {
        self.maximumRegions = maximumRegions
        self.timeout = timeout
        self.jobs = max(1, jobs)
        self.recordsProofs = recordsProofs
        self.progress = progress
    }
}

/// What a search established about a query.
public enum SearchOutcome: Sendable {
    /// An exact input satisfying the query.
    case satisfiable(point: [Rational], statistics: SearchStatistics)
    /// No input satisfies the query: every region was closed, as `proof` shows.
    case unsatisfiable(proof: QueryProof, statistics: SearchStatistics)
    /// The budget ran out first.
    case unknown(reason: String, statistics: SearchStatistics)
}

/// Counters from one search.
public struct SearchStatistics: Sendable {
    /// Leaves of the search tree: regions closed as infeasible, or the one
    /// holding the solution.
    public var regions = 0
    /// ReLU phase splits that needed both branches.
    public var splits = 0
    /// Phases fixed by bounds without splitting.
    public var phasesFixedByBounds = 0
    /// Splits whose second side was skipped because the first side's proof
    /// did not use the split (conflict-directed backjumping).
    public var backjumps = 0
    /// Simplex feasibility checks.
    public var feasibilityChecks = 0
    /// The share of the search tree closed (1 when finished).
    public var coverage = 0.0

    /// All counters at zero.
    public init() {}
}
