package import ExactArithmetic
package import ModelImport
package import PiecewiseLinear

/// `standardize(m)` for an RNN: each hidden neuron j rescaled by
/// `1/a[j]` on its inputs and `a[j]` on its outputs, `a[j] = |W_hi[j]|`,
/// so that `W_hi` is in {-1, 1}. A positive rescaling commutes with relu,
/// so this is exactly the same function, and the program knows it: the
/// signals are the original's nodes, `z[t][j]` and `h[t][j]` divided by
/// `a[j]`, the logits the same nodes. Claims read the standardized weights.
struct StandardizedAdapter: ModelAdapter {
    /// The model as stored.
    let original: RecurrentAdapter
    /// The same model with the standardized weights (its float32 pass is
    /// the standardized model's, as PyTorch would run it saved that way).
    let standardized: RecurrentAdapter
    /// `a[j] = |W_hi[j]|`, each positive.
    let scales: [Rational]

    var architectureName: String { original.architectureName }
    var inputCount: Int { original.inputCount }
    var inputDomain: ModelInputDomain { original.inputDomain }
    var signalNames: [String] { original.signalNames }

    func lower(into program: inout Program, inputs: [NodeID]) throws(ModelLoweringError) -> LoweredModel {
        // The original's nodes: lowered again, the program gives back the
        // nodes it already has for equal values.
        let base = try original.lower(into: &program, inputs: inputs)
        var signals = base.signals
        var named: [String: NodeID] = [:]
        for name in ["z", "h"] {
            guard let signal = base.signals[name], case .table(let first) = signal.layout else { continue }
            var rows: [[LinearForm]] = []
            for (t, row) in signal.rows.enumerated() {
                rows.append(row.enumerated().map { j, entry in
                    guard let node = entry.terms.first?.node, !entry.isConstant else { return entry }
                    let scaled = program.addAffine([LinearTerm(scales[j].reciprocal, node)])
                    named["\(name)[\(t + first)][\(j)]"] = scaled
                    return LinearForm(node: scaled)
                })
            }
            signals[name] = ModelSignal(layout: signal.layout, rows: rows, reportedAs: signal.reportedAs)
        }
        let network = standardized.network
        signals["W_hi"] = .constants(.vector, [network.inputWeights])
        signals["W_hh"] = .constants(.table(firstRow: 0), network.recurrentWeights)
        signals["W_oh"] = .constants(.table(firstRow: 0), network.outputWeights)
        let namedNodes = base.namedNodes.map { name, node in (name: name, node: named[name] ?? node) }
        return LoweredModel(signals: signals, unavailable: base.unavailable, namedNodes: namedNodes)
    }

    func float32Signals(at input: [Rational]) throws(ModelInputError) -> [(name: String, value: Float)] {
        try standardized.float32Signals(at: input)
    }

    func edited(_ edit: ModelEdit) throws(ModelEditError) -> any ModelAdapter {
        try standardized.edited(edit)
    }
}
