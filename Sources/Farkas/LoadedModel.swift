/// A checkpoint read from disk and recognised as a network.
public struct LoadedModel: Sendable {
    /// The path it was read from.
    public let path: String
    /// The file's tensors.
    package let checkpoint: Checkpoint
    /// The recognised network.
    package let network: Network

    /// The model as claims read it.
    package var adapter: any ModelAdapter { ModelFamilies.adapter(for: network) }

    /// Reads and recognises a model file.
    ///
    /// - Parameters:
    ///   - path: a `.pth` or `.safetensors` file.
    ///   - sequenceLength: required for scalar-output RNNs.
    /// - Throws: ``CheckpointError``.
    public init(path: String, sequenceLength: Int? = nil) throws(CheckpointError) {
        self.path = path
        checkpoint = try Checkpoint(contentsOf: path)
        network = try Network(checkpoint: checkpoint, sequenceLength: sequenceLength)
    }
}
