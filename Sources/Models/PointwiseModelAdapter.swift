package import ExactArithmetic

/// A model that claims read input by input rather than as a program: its
/// values are not piecewise-linear (a transformer's softmax), so every
/// statement about it is decided at each input of a finite domain, with
/// certified enclosures of its signals.
package protocol PointwiseModelAdapter: ModelAdapter {
    /// Each signal family a claim reads as `m.NAME`, with its shape:
    /// `attn` is `[layers, positions, positions]`, `logits` is `[outputs]`.
    var signalShapes: [(name: String, shape: [Int])] { get }
    /// The weights by checkpoint name (`embed.weight`,
    /// `attns.0.in_proj_weight`), each with its shape and its exact entries
    /// in row-major order.
    var namedWeights: [(name: String, shape: [Int], entries: [Rational])] { get }
    /// The token values the model reads at every position: `0..<tokenCount`.
    var tokenCount: Int { get }
    /// The signal families whose last axis is a probability distribution
    /// (`attn`): a whole row sums to exactly 1.
    var probabilityRows: [String] { get }
}
