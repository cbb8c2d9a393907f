package import ExactArithmetic

/// A one-layer ReLU RNN as in AlgZoo's `DistRNN` and `ScalarRNN`:
/// `h[t] = relu(W_hh h[t-1] + W_hi x[t-1] (+ biases))`, `h[0] = 0`,
/// `logits = W_oh h[n] (+ bias)`, with exact rational weights.
package struct RecurrentNetwork: Sendable, Equatable {
    /// Whether the model outputs one logit per position or a single number.
    package enum OutputKind: String, Sendable {
        /// One logit per position (`DistRNN`: 2nd argmax, argmedian).
        case distribution
        /// A single output (`ScalarRNN`: median).
        case scalar
    }

    /// Hidden neurons `d`.
    package let hiddenSize: Int
    /// Steps `n` the network is unrolled for.
    package let sequenceLength: Int
    /// Distribution or scalar output.
    package let outputKind: OutputKind
    /// `W_hi`: one input weight per hidden neuron.
    package let inputWeights: [Rational]
    /// `W_hh`: row `j` holds the weights into neuron `j`.
    package let recurrentWeights: [[Rational]]
    /// `W_oh`: row `i` holds the weights into logit `i`.
    package let outputWeights: [[Rational]]
    /// `b_ih + b_hh` folded, or nil for a bias-free model (AlgZoo's are).
    package let hiddenBias: [Rational]?
    /// `linear.bias`, or nil.
    package let outputBias: [Rational]?
    /// The stored float weights, for the float32 reference pass.
    let storedFloats: StoredFloats

    struct StoredFloats: Sendable, Equatable {
        var input: [Float]
        var recurrent: [[Float]]
        var output: [[Float]]
        var inputBias: [Float]?
        var recurrentBias: [Float]?
        var outputBias: [Float]?
    }

    /// Number of outputs: the sequence length, or 1 for a scalar model.
    package var outputSize: Int { outputWeights.count }

    /// Whether the network has no bias terms, so it is positively homogeneous.
    package var isBiasFree: Bool { hiddenBias == nil && outputBias == nil }

    /// Trainable parameters, counting each stored bias vector.
    package var parameterCount: Int {
        let d = hiddenSize
        var count = d + d * d + outputSize * d
        if storedFloats.inputBias != nil { count += d }
        if storedFloats.recurrentBias != nil { count += d }
        if outputBias != nil { count += outputSize }
        return count
    }
}

/// The activations of one RNN forward pass.
package struct RecurrentTrace<Scalar: Sendable>: Sendable {
    /// `z[t][j]` for t = 1..n (index 0 holds step 1).
    package var preActivations: [[Scalar]]
    /// `h[t][j]` for t = 1..n (index 0 holds step 1).
    package var hidden: [[Scalar]]
    /// The outputs.
    package var logits: [Scalar]

    /// A trace from its parts.
    package init(preActivations: [[Scalar]], hidden: [[Scalar]], logits: [Scalar]) {
        self.preActivations = preActivations
        self.hidden = hidden
        self.logits = logits
    }
}

extension RecurrentNetwork {
    /// Runs the network in float32 the way PyTorch's `nn.RNN` and
    /// `nn.Linear` do on the CPU: the input projection `x * W_ih (+ b_ih)` and
    /// the recurrent product `W_hh h (+ b_hh)` are rounded separately and
    /// then added. (BLAS may sum long dot products in another order, so
    /// agreement with PyTorch is close, not always bit-for-bit.)
    ///
    /// - Precondition: `input.count == sequenceLength`.
    package func float32Forward(_ input: [Float]) -> RecurrentTrace<Float> {
        precondition(input.count == sequenceLength, "expected \(sequenceLength) inputs")
        let w = storedFloats
        var h = [Float](repeating: 0, count: hiddenSize)
        var trace = RecurrentTrace<Float>(preActivations: [], hidden: [], logits: [])
        for x in input {
            var z = [Float](repeating: 0, count: hiddenSize)
            for j in 0..<hiddenSize {
                var ih = x * w.input[j]
                if let b = w.inputBias { ih += b[j] }
                var hh: Float = 0
                for k in 0..<hiddenSize { hh += w.recurrent[j][k] * h[k] }
                if let b = w.recurrentBias { hh += b[j] }
                z[j] = ih + hh
            }
            h = z.map { max($0, 0) }
            trace.preActivations.append(z)
            trace.hidden.append(h)
        }
        trace.logits = (0..<outputSize).map { i in
            var sum: Float = 0
            for k in 0..<hiddenSize { sum += w.output[i][k] * h[k] }
            if let b = w.outputBias { sum += b[i] }
            return sum
        }
        return trace
    }

    /// Runs the network in exact rational arithmetic.
    ///
    /// - Precondition: `input.count == sequenceLength`.
    package func exactForward(_ input: [Rational]) -> RecurrentTrace<Rational> {
        precondition(input.count == sequenceLength, "expected \(sequenceLength) inputs")
        var h = [Rational](repeating: .zero, count: hiddenSize)
        var trace = RecurrentTrace<Rational>(preActivations: [], hidden: [], logits: [])
        for x in input {
            let z = (0..<hiddenSize).map { j in
                var sum = inputWeights[j] * x
                for k in 0..<hiddenSize where !h[k].isZero { sum += recurrentWeights[j][k] * h[k] }
                if let b = hiddenBias { sum += b[j] }
                return sum
            }
            h = z.map { $0.signum > 0 ? $0 : .zero }
            trace.preActivations.append(z)
            trace.hidden.append(h)
        }
        trace.logits = (0..<outputSize).map { i in
            var sum = outputBias?[i] ?? .zero
            for k in 0..<hiddenSize { sum += outputWeights[i][k] * h[k] }
            return sum
        }
        return trace
    }
}

extension RecurrentNetwork {
    /// The same architecture with other exact weights; the float32
    /// reference pass uses the nearest float32 of each (as PyTorch would
    /// store them), the hidden bias as one folded vector.
    ///
    /// - Precondition: every array has this network's shape.
    package func replacingWeights(
        input: [Rational], recurrent: [[Rational]], output: [[Rational]], hiddenBias: [Rational]?, outputBias: [Rational]?
    ) -> RecurrentNetwork {
        precondition(input.count == hiddenSize && recurrent.count == hiddenSize && output.count == outputSize, "weights of another shape")
        let floats = { (row: [Rational]) in row.map(\.nearestFloat) }
        return RecurrentNetwork(
            hiddenSize: hiddenSize, sequenceLength: sequenceLength, outputKind: outputKind,
            inputWeights: input, recurrentWeights: recurrent, outputWeights: output, hiddenBias: hiddenBias, outputBias: outputBias,
            storedFloats: StoredFloats(
                input: floats(input), recurrent: recurrent.map(floats), output: output.map(floats),
                inputBias: hiddenBias.map(floats), recurrentBias: nil, outputBias: outputBias.map(floats)))
    }
}
