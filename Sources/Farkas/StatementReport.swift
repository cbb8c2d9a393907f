
/// The verdict on one claim or witness.
public enum Verdict: String, Sendable, Codable {
    /// A claim that holds for every input in range.
    case proved
    /// A claim with an exact counterexample.
    case refuted
    /// A witness with an exact input satisfying it.
    case found
    /// A witness proved to have no input.
    case impossible
    /// The budget ran out.
    case unknown
    /// Farkas found a bug in itself (a point that does not replay); never a verdict about the model.
    case internalError = "internal-error"
}

/// A signal's value at a counterexample or witness.
public struct SignalReading: Sendable, Codable, Equatable {
    /// Qualified name, such as `m.logits[0]`.
    public let name: String
    /// Exact value.
    public let exact: String
    /// Exact value rounded for display.
    public let exactDecimal: String
    /// The value PyTorch's float32 computation gives at the float32 input.
    public let float32: String
}

/// An exact input that refutes a claim or satisfies a witness, replayed.
public struct ReplayedPoint: Sendable, Codable, Equatable {
    /// The input, exactly.
    public let input: [String]
    /// The input rounded to float32, as PyTorch would receive it.
    public let float32Input: [String]
    /// The model signals the statement reads.
    public let signals: [SignalReading]
    /// Whether the statement's condition also holds when the models are
    /// evaluated in float32 at the float32 input (the claim fails in PyTorch too).
    public let float32Agrees: Bool
}

/// The outcome of one statement.
public struct StatementReport: Sendable, Codable, Equatable {
    /// The statement's name.
    public let name: String
    /// `claim` or `witness`.
    public let kind: String
    /// Line of the statement.
    public let line: Int
    /// The verdict.
    public let verdict: Verdict
    /// What the search did.
    public let search: SearchCounters
    /// Wall-clock seconds.
    public let seconds: Double
    /// The counterexample or witness, for refuted and found.
    public let point: ReplayedPoint?
    /// Why the verdict is unknown or an internal error.
    public let reason: String?
    /// The certificate written for the verdict, or re-checked instead of searching.
    public var certificate: String?
    /// Whether a valid certificate was re-checked instead of searching (`--reuse`).
    public var reused = false
}

/// Counters from deciding one statement.
public struct SearchCounters: Sendable, Codable, Equatable {
    /// Conflicts learned from (for an integer domain: points evaluated).
    public var conflicts = 0
    /// Literals assumed.
    public var decisions = 0
    /// Of those, ReLU phases.
    public var phaseDecisions = 0
    /// Literals propagated through clauses.
    public var propagations = 0
    /// Clauses learned from conflicts.
    public var learnedClauses = 0
    /// Clauses proved by linear arithmetic (Farkas lemmas).
    public var lemmas = 0
    /// Simplex checks.
    public var theoryChecks = 0
    /// Of those, checks the exact simplex decided itself.
    public var exactChecks = 0
    /// Pivots of the floating simplex.
    public var floatPivots = 0
    /// Pivots of the exact simplex.
    public var exactPivots = 0
    /// Restarts.
    public var restarts = 0
    /// How far the search got, from 0 to 1 (1 unless unknown; an estimate).
    public var progress = 1.0
    /// When unknown: the cases of the query's widest case split, which
    /// partition the input range (0 when it has none).
    public var cases = 0
    /// Of those, the cases proved free of counterexamples.
    public var casesProved = 0
    /// When unknown: inputs sampled from the statement's region (Gaussian,
    /// or uniform in a box domain, where its assumptions and `where` part
    /// hold); 0 when none was found to sample from.
    public var samples = 0
    /// Of those, the inputs where what the search proved rules out a
    /// counterexample (for a witness: an input).
    public var samplesRuledOut = 0

    /// All zero, progress 1 (a statement decided without searching).
    public init() {}
}

/// The outcome of one claims file.
public struct FileReport: Sendable, Codable, Equatable {
    /// The claims file.
    public let path: String
    /// One report per statement, in file order.
    public let statements: [StatementReport]
    /// Total seconds, including loading.
    public let seconds: Double
}
