import ExactArithmetic
import ModelImport

/// Random small RNNs, built through a real checkpoint (safetensors bytes) so
/// they take the same path as a user's model.
package enum RandomRNN {
    /// How the weights are drawn.
    package enum Weights: Sendable {
        /// Multiples of 1/16 in [-2, 2], as a trained model's.
        case small
        /// -1, 0 or 1, 0 half the time, as AlgZoo's handcrafted models'
        /// (running maxima, delay lines, negated copies).
        case signs
    }

    /// A random RNN with weights drawn as `weights` says.
    package static func make(hidden d: Int, length n: Int, bias: Bool, weights: Weights = .small, using rng: inout SplitMix64) throws -> RecurrentNetwork {
        func draw(_ count: Int) -> [Float] {
            (0..<count).map { _ in
                switch weights {
                case .small: Float(rng.nextSmallWeight().doubleApproximation)
                case .signs: Float([-1, 0, 0, 1][Int.random(in: 0..<4, using: &rng)])
                }
            }
        }
        var tensors: [(String, [Int], [Float])] = [
            ("rnn.weight_ih_l0", [d, 1], draw(d)),
            ("rnn.weight_hh_l0", [d, d], draw(d * d)),
            ("linear.weight", [n, d], draw(n * d)),
        ]
        if bias {
            tensors.append(("rnn.bias_ih_l0", [d], draw(d)))
            tensors.append(("linear.bias", [n], draw(n)))
        }
        let checkpoint = try Checkpoint(bytes: SafetensorsWriter.bytes(tensors))
        guard case .recurrent(let rnn) = try Network(checkpoint: checkpoint, sequenceLength: n == 1 ? 1 : nil) else {
            throw CheckpointError.unknownArchitecture(reason: "not an RNN", tensors: [])
        }
        return rnn
    }
}
