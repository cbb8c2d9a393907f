package import ExactArithmetic
package import ModelImport

/// A ``RecurrentNetwork`` unrolled over its sequence length into a
/// ``Program``, with the nodes of every signal a claim can name.
///
/// Time runs t = 1...n and indices start at 0, as in the claims language:
/// `z[t][j] = W_hh h[t-1] + W_hi x[t-1] (+ bias)`, `h[t] = relu(z[t])`,
/// `h[0] = 0`, `logits = W_oh h[n] (+ bias)`.
package struct UnrolledRNN: Sendable {
    /// The network that was unrolled.
    package let network: RecurrentNetwork
    /// The program: inputs x[0..n-1] are its input nodes.
    package private(set) var program: Program
    /// `preActivations[t - 1][j]` is the node of `z[t][j]`.
    package let preActivations: [[NodeID]]
    /// `hidden[t][j]` is the node of `h[t][j]`, for t = 0...n.
    package let hidden: [[NodeID]]
    /// The nodes of `logits[i]`.
    package let logits: [NodeID]

    /// Unrolls `network` over its sequence length into a program of its own.
    package init(_ network: RecurrentNetwork) {
        var program = Program(inputCount: network.sequenceLength)
        self.init(network, into: &program, inputs: program.inputs)
        self.program = program
    }

    /// Unrolls `network` by appending its nodes to `program`, reading
    /// `inputs` as x[0..n-1]; several models can share one program this way.
    /// ``program`` then holds a copy of `program` as it was after appending.
    ///
    /// - Precondition: `inputs.count == network.sequenceLength`.
    package init(_ network: RecurrentNetwork, into program: inout Program, inputs: [NodeID]) {
        precondition(inputs.count == network.sequenceLength, "expected \(network.sequenceLength) inputs")
        self.network = network
        let d = network.hiddenSize
        let n = network.sequenceLength
        let zero = program.addAffine([])
        var hidden: [[NodeID]] = [Array(repeating: zero, count: d)]
        var preActivations: [[NodeID]] = []
        for t in 1...n {
            let previous = hidden[t - 1]
            let z = (0..<d).map { j in
                var terms = [LinearTerm(network.inputWeights[j], inputs[t - 1])]
                if t > 1 {
                    for k in 0..<d { terms.append(LinearTerm(network.recurrentWeights[j][k], previous[k])) }
                }
                return program.addAffine(terms, constant: network.hiddenBias?[j] ?? .zero)
            }
            preActivations.append(z)
            hidden.append(z.map { program.addReLU($0) })
        }
        let last = hidden[n]
        logits = (0..<network.outputSize).map { i in
            program.addAffine((0..<d).map { k in LinearTerm(network.outputWeights[i][k], last[k]) }, constant: network.outputBias?[i] ?? .zero)
        }
        self.program = program
        self.preActivations = preActivations
        self.hidden = hidden
    }

    /// Every named signal in reading order: `z[1][0]`, ..., `h[1][0]`, ...,
    /// step by step, then `logits[0]`, ...
    package var signals: [(name: String, node: NodeID)] {
        var nodes: [NodeID] = []
        for t in 1...network.sequenceLength { nodes += preActivations[t - 1] + hidden[t] }
        return Array(zip(Self.signalNames(of: network), nodes + logits))
    }

    /// The names of ``signals`` in order, without unrolling the network.
    package static func signalNames(of network: RecurrentNetwork) -> [String] {
        var names: [String] = []
        for t in 1...network.sequenceLength {
            names += (0..<network.hiddenSize).map { "z[\(t)][\($0)]" }
            names += (0..<network.hiddenSize).map { "h[\(t)][\($0)]" }
        }
        return names + (0..<network.outputSize).map { "logits[\($0)]" }
    }

    /// Every signal at `input`, exactly (on the program) and in float32 (the
    /// input rounded to the nearest float32, then PyTorch's order of
    /// operations).
    ///
    /// - Precondition: `input.count` is the sequence length.
    package func evaluate(at input: [Rational]) -> [SignalValue] {
        let exact = program.evaluate(at: input)
        return zip(signals, float32Values(at: input.map(\.nearestFloat))).map { signal, f in
            SignalValue(name: signal.name, exact: exact[signal.node.index], float32: f)
        }
    }

    /// Every signal in float32 at a float32 input (PyTorch's order of
    /// operations), in the order of ``signals``.
    ///
    /// - Precondition: `input.count` is the sequence length.
    package func float32Values(at input: [Float]) -> [Float] {
        Self.float32Values(of: network, at: input)
    }

    /// Every signal of `network` in float32 at a float32 input, in the
    /// order of ``signalNames(of:)``, without unrolling the network.
    package static func float32Values(of network: RecurrentNetwork, at input: [Float]) -> [Float] {
        let trace = network.float32Forward(input)
        var floats: [Float] = []
        for t in 0..<network.sequenceLength {
            floats += trace.preActivations[t]
            floats += trace.hidden[t]
        }
        return floats + trace.logits
    }
}

/// One signal's value at one input, exact and in float32.
package struct SignalValue: Sendable, Equatable {
    /// The signal's name, such as `h[2][0]`.
    package let name: String
    /// The exact value.
    package let exact: Rational
    /// The float32 value PyTorch's order of operations gives.
    package let float32: Float

    /// Builds a value.
    package init(name: String, exact: Rational, float32: Float) {
        self.name = name
        self.exact = exact
        self.float32 = float32
    }

    /// `float32 - exact`, exactly; nil when the float32 value overflowed to
    /// infinity or NaN.
    package var float32Error: Rational? {
        guard let f = try? Rational(exactly: float32) else { return nil }
        return f - exact
    }
}
