
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
    /// A measure without an expectation: its share, which fails nothing.
    case measured
    /// A `maximize` or `minimize` without an expectation: its exact
    /// optimum, which fails nothing.
    case optimal
    /// A `maximize` (`minimize`) without an expectation whose objective
    /// grows (shrinks) without bound.
    case unbounded
    /// A `maximize` or `minimize` without an expectation whose region has
    /// no input.
    case infeasible
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
    /// Whether the point was rescaled so that max|x| = 1: the program is
    /// positively homogeneous and the multiple is a solution too (the
    /// search's point may be tiny).
    public var rescaled = false
}

/// A measure's share: over a finite domain `event` of `region` points,
/// exactly; on `R^2` the standard Gaussian probability, as a certified bracket.
public struct Share: Sendable, Codable, Equatable {
    /// The points where the statement and its premise hold (finite domains).
    public var event: Int?
    /// The points where the premise holds (finite domains).
    public var region: Int?
    /// `event / region` as an exact fraction (0 for an empty region), for
    /// a bracket its lower end, and for an estimate from cones (which has
    /// no fraction) the same digits as `decimal`.
    public let fraction: String
    /// The fraction in decimal (for a bracket, the digits it certifies).
    public let decimal: String
    /// The expectation it was compared with, as written (`>= 49/50`).
    public let expectation: String?
    /// For a probability that is not rational: the bracket's ends, in decimal.
    public var bracket: [String]?
    /// For an estimate (a Gaussian measure no method certifies yet): the
    /// standard error of the sampled share, in decimal. Nil for exact shares
    /// and certified brackets.
    public var standardError: String?
    /// For a certified bracket: how many plain Monte Carlo samples would
    /// give a standard error of half its width (p(1 - p) / (width / 2)^2),
    /// in scientific notation; nil when the bracket has no width.
    public var monteCarloSamples: String?
    /// For an estimate: the distribution sampled, `Gaussian` (on R^n) or
    /// `uniform` (on a box).
    public var distribution: String?
    /// For an estimate not made by plain sampling: how it was made (the
    /// cones measured and how). `standardError` is then the method's own
    /// error estimate.
    public var method: String? = nil
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
    public let search: SearchStatistics
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
    /// For a proved claim or an impossible witness whose premise (the
    /// assumptions and `where` part) no input satisfies: why it holds
    /// vacuously. Nil otherwise, or when that could not be decided.
    public var vacuous: String?
    /// For an estimated measure: why it was made the way it was, when that
    /// is not the usual way (a statement on `R^4` or `R^5` sampled because
    /// it has too many cones). Nil otherwise.
    public var note: String? = nil
    /// For a measure: the share of the premise's points where the
    /// statement holds, exactly.
    public var share: Share?
    /// For `maximize` and `minimize`: the optimum.
    public var optimum: OptimumReport?
    /// For a statement about a transformer: how its inputs were decided.
    public var pointwise: PointwiseSummary?
}

/// How a statement about a transformer was decided over its finite domain.
public struct PointwiseSummary: Sendable, Codable, Equatable {
    /// Inputs in the domain.
    public let inputs: Int
    /// Inputs where the premise holds.
    public let region: Int
    /// Inputs where the premise and the body hold, exactly.
    public let holding: Int
    /// Inputs evaluated one by one (the others were closed in sets whose
    /// bounds decided the statement).
    public let evaluatedOneByOne: Int
    /// Sets of inputs (prefixes of fixed tokens) closed without visiting them.
    public let closedSets: Int
    /// Inputs that doubles left open and 128 to 1,024 bits decided.
    public let decidedAbove53Bits: Int
    /// Inputs not separated at 1,024 bits.
    public let undecided: Int
    /// For a measure: the inputs where premise and body hold when the
    /// model runs in float32 as PyTorch runs it.
    public var float32Holding: Int?
}

/// The answer to `maximize` or `minimize`: the exact optimum and where it
/// is reached, or that there is none.
public struct OptimumReport: Sendable, Codable, Equatable {
    /// `maximum` or `minimum`.
    public let sense: String
    /// `optimal`, `unbounded` or `infeasible`.
    public let status: String
    /// The optimum as an exact fraction (for a supremum or infimum that no
    /// input attains, that bound).
    public var value: String?
    /// The optimum in decimal.
    public var decimal: String?
    /// Whether an input attains it; nil when not decided in the budget.
    public var attained: Bool?
    /// When not attained: how far the objective at the reported point is
    /// from the optimum.
    public var gap: String?
    /// For `unbounded`: the direction from the reported point along which
    /// the objective grows (shrinks) without bound.
    public var direction: [String]?
    /// The expectation it was compared with, as written.
    public var expectation: String?
    /// How many linear regions improved the best value.
    public var rounds = 0
    /// Why a homogeneous statement's optimum is 0 or unbounded, and how to bound it.
    public var note: String?
}

/// The outcome of one claims file.
public struct FileReport: Sendable, Codable, Equatable {
    /// The claims file.
    public let path: String
    /// One report per statement, in file order.
    public let statements: [StatementReport]
    /// The models the file builds from others, as written
    /// (`b = m without neuron 3`): what the statements' signals are of.
    public var editedModels: [String] = []
    /// Total seconds, including loading.
    public let seconds: Double
}

extension StatementReport {
    /// The report of `query`'s statement, timed from `start`.
    init(_ query: Query, _ verdict: Verdict, search: SearchStatistics, since start: ContinuousClock.Instant, point: ReplayedPoint? = nil, reason: String? = nil) {
        self.init(
            name: query.name, kind: query.kind.rawValue, line: query.location.line, verdict: verdict,
            search: search, seconds: Verifier.seconds(since: start), point: point, reason: reason)
    }
}
