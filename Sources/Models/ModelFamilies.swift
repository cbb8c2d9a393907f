package import ModelImport

/// The model families claims can read: the one place that maps a
/// recognised checkpoint to its adapter.
///
/// A new family is recognised in `ModelImport` (a ``Network`` case built
/// from its tensors), gets an adapter (a ``ModelAdapter``), and one line in
/// ``adapter(for:)``; nothing in the claims language changes.
package enum ModelFamilies {
    /// The adapter claims read `network` through.
    package static func adapter(for network: Network) -> any ModelAdapter {
        switch network {
        case .recurrent(let rnn): return RecurrentAdapter(rnn)
        case .transformer(let transformer): return TransformerAdapter(transformer)
        }
    }

    /// Reads a checkpoint file and returns its model's adapter.
    ///
    /// - Parameter sequenceLength: required for scalar-output RNNs.
    /// - Throws: ``CheckpointError``.
    package static func adapter(contentsOf path: String, sequenceLength: Int?) throws(CheckpointError) -> any ModelAdapter {
        adapter(for: try Network(checkpoint: try Checkpoint(contentsOf: path), sequenceLength: sequenceLength))
    }
}
