import ExactArithmetic
import ModelImport

/// Random small RNNs, built through a real checkpoint (safetensors bytes) so
/// they take the same path as a user's model.
public enum RandomRNN {
    /// A random RNN with small dyadic weights (multiples of 1/16 in [-2, 2]).
    public static func make(hidden d: Int, length n: Int, bias: Bool, using rng: inout SplitMix64) throws -> RecurrentNetwork {
        var tensors: [(String, [Int], [Float])] = [
            ("rnn.weight_ih_l0", [d, 1], (0..<d).map { _ in Float(rng.nextSmallWeight().doubleApproximation) }),
            ("rnn.weight_hh_l0", [d, d], (0..<(d * d)).map { _ in Float(rng.nextSmallWeight().doubleApproximation) }),
            ("linear.weight", [n, d], (0..<(n * d)).map { _ in Float(rng.nextSmallWeight().doubleApproximation) }),
        ]
        if bias {
            tensors.append(("rnn.bias_ih_l0", [d], (0..<d).map { _ in Float(rng.nextSmallWeight().doubleApproximation) }))
            tensors.append(("linear.bias", [n], (0..<n).map { _ in Float(rng.nextSmallWeight().doubleApproximation) }))
        }
        let checkpoint = try Checkpoint(bytes: SafetensorsWriter.bytes(tensors))
        guard case .recurrent(let rnn) = try Network(checkpoint: checkpoint, sequenceLength: n == 1 ? 1 : nil) else {
            throw CheckpointError.unknownArchitecture(reason: "not an RNN", tensors: [])
        }
        return rnn
    }
}
