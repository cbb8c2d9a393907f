package import ExactArithmetic
package import PiecewiseLinear

/// A model that claims can read: what the language needs of a model
/// family, and nothing about its architecture.
///
/// The lowering of claims asks an adapter for the model's named signals as
/// linear forms over program nodes (``lower(into:inputs:)``) and never
/// names a layer; the verifier replays counterexamples with its float32
/// reference evaluation; `farkas eval` prints both. A new family (or an
/// edited model) is an adapter and one line in ``ModelFamilies``.
package protocol ModelAdapter: Sendable {
    /// The architecture's name as users know it (`DistRNN`).
    var architectureName: String { get }
    /// The number of inputs it reads (the sequence length).
    var inputCount: Int { get }
    /// The inputs it accepts: any real, or tokens in a range.
    var inputDomain: ModelInputDomain { get }
    /// The names a claim can read as `m.NAME`, for messages.
    var signalNames: [String] { get }

    /// Appends the model's nodes to `program`, reading `inputs` as its
    /// inputs, and returns its signals.
    ///
    /// - Throws: ``ModelLoweringError`` when the model is not
    ///   piecewise-linear over a continuous domain.
    func lower(into program: inout Program, inputs: [NodeID]) throws(ModelLoweringError) -> LoweredModel

    /// Every named signal at `input` in float32, as PyTorch computes it at
    /// the nearest float32 input.
    ///
    /// - Throws: ``ModelInputError`` when the input is outside the model's domain.
    func float32Signals(at input: [Rational]) throws(ModelInputError) -> [(name: String, value: Float)]

    /// The model with `edit` applied: a model like any other, which claims
    /// read through its own adapter.
    ///
    /// - Throws: ``ModelEditError`` for a weight or neuron that does not
    ///   exist, or an edit the family does not support.
    func edited(_ edit: ModelEdit) throws(ModelEditError) -> any ModelAdapter
}

/// The inputs a model accepts.
package enum ModelInputDomain: Sendable, Equatable {
    /// Any real vector.
    case reals
    /// Integer tokens in `0..<count` at every position.
    case tokens(count: Int)
}

/// A model's signals in a program, from ``ModelAdapter/lower(into:inputs:)``.
package struct LoweredModel: Sendable {
    /// Each signal family by the name a claim reads it with (`h`, `W_hh`).
    package let signals: [String: ModelSignal]
    /// Names that exist for other models of the family but not this one,
    /// with what to write instead (`out` on a model with several logits).
    package let unavailable: [String: (reason: String, instead: String)]
    /// Every scalar signal with its node, in reading order (`z[1][0]`, ...):
    /// what `eval` prints and replay compares with float32.
    package let namedNodes: [(name: String, node: NodeID)]

    /// A lowered model.
    package init(signals: [String: ModelSignal], unavailable: [String: (reason: String, instead: String)] = [:], namedNodes: [(name: String, node: NodeID)]) {
        self.signals = signals
        self.unavailable = unavailable
        self.namedNodes = namedNodes
    }
}

/// One family of values a claim reads as `m.NAME`: a scalar, a vector, or
/// a table of rows, each entry a linear form over the program's nodes
/// (a constant for a weight).
package struct ModelSignal: Sendable {
    /// How the entries are indexed.
    package enum Layout: Sendable, Equatable {
        /// `m.out`: one entry.
        case scalar
        /// `m.logits[i]`: one row.
        case vector
        /// `m.h[t][j]`: rows numbered from `firstRow` (`m.z` starts at t = 1).
        case table(firstRow: Int)
    }

    /// How the entries are indexed.
    package let layout: Layout
    /// The entries by row (one row for a scalar or vector).
    package let rows: [[LinearForm]]
    /// The name reads are reported under (`logits` for `m.out`), or nil for
    /// constants such as weights, which reports do not list.
    package let reportedAs: String?

    /// A signal.
    package init(layout: Layout, rows: [[LinearForm]], reportedAs: String?) {
        self.layout = layout
        self.rows = rows
        self.reportedAs = reportedAs
    }

    /// Node signals: each entry its node.
    package static func nodes(_ layout: Layout, _ rows: [[NodeID]], reportedAs: String) -> ModelSignal {
        ModelSignal(layout: layout, rows: rows.map { $0.map(LinearForm.init(node:)) }, reportedAs: reportedAs)
    }

    /// Exact constants, not reported.
    package static func constants(_ layout: Layout, _ rows: [[Rational]]) -> ModelSignal {
        ModelSignal(layout: layout, rows: rows.map { $0.map { LinearForm(constant: $0) } }, reportedAs: nil)
    }
}

/// Why a model cannot be lowered into a program.
package struct ModelLoweringError: Error, Sendable, Equatable {
    /// What is not supported.
    package let reason: String
    /// What to do instead.
    package let note: String
}

/// Why an input is outside a model's domain.
package struct ModelInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A one-line message.
    package let description: String
}
