import ExactArithmetic
import ModelImport
import PiecewiseLinear
import Testing
import _TestSupport

@Suite struct UnrolledRNNTests {
    private func load(_ file: String, seq: Int? = nil) throws -> RecurrentNetwork {
        let checkpoint = try Checkpoint(contentsOf: ReferenceOutputs.exampleModelPath(file))
        guard case .recurrent(let rnn) = try Network(checkpoint: checkpoint, sequenceLength: seq) else {
            throw CheckpointError.unknownArchitecture(reason: "not an RNN", tensors: [])
        }
        return rnn
    }

    @Test func handcraftedLengthTwoGivesExactLogits() throws {
        let unrolled = UnrolledRNN(try load("handcrafted_2nd_argmax_2.pth"))
        let values = unrolled.program.evaluate(at: [1, 2])
        #expect(unrolled.logits.map { values[$0.index] } == [1, -1])
        #expect(unrolled.hidden[1].map { values[$0.index] } == [1, 0])
        #expect(unrolled.program.isHomogeneous)
        #expect(unrolled.program.reluNodes.count == 4)
    }

    @Test func signalsAreNamedAsInTheClaimsLanguage() throws {
        let unrolled = UnrolledRNN(try load("handcrafted_2nd_argmax_2.pth"))
        #expect(unrolled.signals.map(\.name) == [
            "z[1][0]", "z[1][1]", "h[1][0]", "h[1][1]", "z[2][0]", "z[2][1]", "h[2][0]", "h[2][1]", "logits[0]", "logits[1]",
        ])
    }

    @Test("program evaluation equals the direct exact pass on random RNNs", arguments: [UInt64(31), 32, 33])
    func programMatchesDirectPass(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<60 {
            let d = Int.random(in: 1...4, using: &rng)
            let n = Int.random(in: 1...4, using: &rng)
            let withBias = Bool.random(using: &rng)
            let network = try RandomRNN.make(hidden: d, length: n, bias: withBias, using: &rng)
            let unrolled = UnrolledRNN(network)
            #expect(unrolled.program.isHomogeneous == !withBias)
            for _ in 0..<10 {
                let x = (0..<n).map { _ in rng.nextSmallInput() }
                let values = unrolled.program.evaluate(at: x)
                let direct = network.exactForward(x)
                #expect(unrolled.logits.map { values[$0.index] } == direct.logits)
                for t in 1...n {
                    #expect(unrolled.hidden[t].map { values[$0.index] } == direct.hidden[t - 1])
                    #expect(unrolled.preActivations[t - 1].map { values[$0.index] } == direct.preActivations[t - 1])
                }
            }
        }
    }

    @Test("bias-free programs are positively homogeneous", arguments: [UInt64(41)])
    func homogeneity(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let network = try RandomRNN.make(hidden: 3, length: 3, bias: false, using: &rng)
            let program = UnrolledRNN(network).program
            let x = (0..<3).map { _ in rng.nextSmallInput() }
            let c = Rational(Int.random(in: 1...9, using: &rng), Int.random(in: 1...9, using: &rng))
            #expect(program.evaluate(at: x.map { $0 * c }) == program.evaluate(at: x).map { $0 * c })
        }
    }

    @Test("exact and float32 evaluation agree with PyTorch on every example RNN")
    func matchesPyTorch() throws {
        let reference = try ReferenceOutputs.load()
        let rnns = reference.models.values.filter { $0.kind == "rnn" }
        #expect(rnns.count >= 9)
        for model in rnns {
            let network = try load(model.file, seq: model.seq_len)
            let unrolled = UnrolledRNN(network)
            for testCase in model.cases {
                let x: [Rational] = try testCase.input.map { input in
                    guard case .real(let text) = input else { throw CheckpointError.sequenceLength("a token input for an RNN") }
                    return try Rational(parsing: text)
                }
                let torchLogits = try testCase.logits.map { try Rational(parsing: $0) }
                let values = unrolled.evaluate(at: x)
                let logits = values.filter { $0.name.hasPrefix("logits") }
                // Rounding error in float32 is bounded by a small multiple of
                // 2^-24 times the magnitudes summed on the way (|W| applied
                // to |x|), not by the size of the result: the lambda = 100
                // model cancels terms of size 10^4 down to logits near 1.
                let bound = Self.magnitudeBound(network, x).logits
                for ((computed, torch), size) in zip(zip(logits, torchLogits), bound) {
                    #expect((computed.exact - torch).magnitude <= size.timesPowerOfTwo(-16), "\(model.file) \(computed.name)")
                    let float = try Rational(exactly: computed.float32)
                    #expect((float - torch).magnitude <= size.timesPowerOfTwo(-18), "\(model.file) \(computed.name) float32")
                }
                for (t, step) in (testCase.hidden ?? []).enumerated() {
                    for (j, text) in step.enumerated() {
                        let name = "h[\(t + 1)][\(j)]"
                        let exact: Rational = try #require(values.first(where: { $0.name == name })).exact
                        let torch = try Rational(parsing: text)
                        let tolerance = Self.magnitudeBound(network, x).hidden[t][j].timesPowerOfTwo(-16)
                        #expect((exact - torch).magnitude <= tolerance, "\(model.file) \(name)")
                    }
                }
            }
        }
    }

    /// Each signal computed with every weight and input replaced by its
    /// absolute value: a bound on the magnitudes any evaluation order sums.
    static func magnitudeBound(_ network: RecurrentNetwork, _ x: [Rational]) -> RecurrentTrace<Rational> {
        var h = [Rational](repeating: .zero, count: network.hiddenSize)
        var trace = RecurrentTrace<Rational>(preActivations: [], hidden: [], logits: [])
        for input in x {
            h = (0..<network.hiddenSize).map { j in
                var sum = network.inputWeights[j].magnitude * input.magnitude + (network.hiddenBias?[j].magnitude ?? .zero)
                for k in 0..<network.hiddenSize { sum += network.recurrentWeights[j][k].magnitude * h[k] }
                return sum
            }
            trace.hidden.append(h)
        }
        trace.logits = network.outputWeights.enumerated().map { i, row in
            zip(row, h).reduce(network.outputBias?[i].magnitude ?? .zero) { $0 + $1.0.magnitude * $1.1 }
        }
        return trace
    }

    @Test func zooModelMatchesItsPublishedReference() throws {
        // ../shared/algzoo/zoo_2nd_argmax_2_2.reference.json, first case.
        let unrolled = UnrolledRNN(try load("zoo_2nd_argmax_2_2.pth"))
        let x = [Float(-2.466057062149048), Float(0.36228621006011963)].map { try? Rational(exactly: $0) }.compactMap { $0 }
        let logits = unrolled.evaluate(at: x).filter { $0.name.hasPrefix("logits") }
        #expect(abs(logits[0].float32 - 219.21023559570312) < 1e-3)
        #expect(abs(logits[1].float32 - -219.1454315185547) < 1e-3)
        #expect(abs(logits[0].exact.doubleApproximation - 219.21023559570312) < 1e-3)
    }
}
