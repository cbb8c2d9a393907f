package import ExactArithmetic
package import ModelImport
package import PiecewiseLinear

/// A one-layer ReLU RNN (AlgZoo's `DistRNN` and `ScalarRNN`) as claims read
/// it: `z[t]`, `h[t]`, `logits`, `out` for scalar-output models, and the
/// weights `W_hi`, `W_hh`, `W_oh` as exact constants.
package struct RecurrentAdapter: ModelAdapter {
    /// The network's exact weights.
    package let network: RecurrentNetwork

    /// The adapter of `network`.
    package init(_ network: RecurrentNetwork) {
        self.network = network
    }

    package var architectureName: String { network.outputKind == .scalar ? "ScalarRNN" : "DistRNN" }
    package var inputCount: Int { network.sequenceLength }
    package var inputDomain: ModelInputDomain { .reals }
    package var signalNames: [String] {
        ["z", "h", "logits"] + (network.outputKind == .scalar ? ["out"] : []) + ["W_hi", "W_hh", "W_oh"]
    }

    package func lower(into program: inout Program, inputs: [NodeID]) throws(ModelLoweringError) -> LoweredModel {
        let unrolled = UnrolledRNN(network, into: &program, inputs: inputs)
        let zero = [LinearForm](repeating: LinearForm(), count: network.hiddenSize)
        var hidden = ModelSignal.nodes(.table(firstRow: 0), unrolled.hidden, reportedAs: "h")
        hidden = ModelSignal(layout: hidden.layout, rows: [zero] + hidden.rows.dropFirst(), reportedAs: "h")
        var signals: [String: ModelSignal] = [
            "z": .nodes(.table(firstRow: 1), unrolled.preActivations, reportedAs: "z"),
            "h": hidden,
            "logits": .nodes(.vector, [unrolled.logits], reportedAs: "logits"),
            "W_hi": .constants(.vector, [network.inputWeights]),
            "W_hh": .constants(.table(firstRow: 0), network.recurrentWeights),
            "W_oh": .constants(.table(firstRow: 0), network.outputWeights),
        ]
        var unavailable: [String: (reason: String, instead: String)] = [:]
        if network.outputKind == .scalar {
            signals["out"] = .nodes(.scalar, [[unrolled.logits[0]]], reportedAs: "logits[0]")
        } else {
            unavailable["out"] = ("is for scalar-output models; this model has \(network.outputSize) logits", "logits")
        }
        return LoweredModel(signals: signals, unavailable: unavailable, namedNodes: unrolled.signals)
    }

    package func float32Signals(at input: [Rational]) throws(ModelInputError) -> [(name: String, value: Float)] {
        guard input.count == inputCount else { throw ModelInputError(description: "the model reads \(inputCount) inputs, got \(input.count)") }
        // Named in the order the unrolled network lists its signals.
        let values = UnrolledRNN.float32Values(of: network, at: input.map(\.nearestFloat))
        return Array(zip(UnrolledRNN.signalNames(of: network), values)).map { (name: $0, value: $1) }
    }
}
