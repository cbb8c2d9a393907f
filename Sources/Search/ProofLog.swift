package import Encoding

/// The steps a search records for its proof, in clause order after the
/// encoding's clauses; nothing when the budget asks for no proof.
///
/// Unfolding lemmas are recorded as placeholders (``recordDeferred(_:)``)
/// whose clause and terms ``ConflictDrivenSearch/completedProof(_:)``
/// builds only for the steps the finished proof keeps.
struct ProofLog: Sendable {
    /// The steps so far, or nil when not recording.
    private(set) var steps: [ProofStep]?
    /// The placeholder steps' unfolding lemmas, by step index.
    private(set) var deferredLemmas: [Int: UnfoldingLemma] = [:]

    /// A log that records steps, or one that records nothing.
    init(recording: Bool) {
        steps = recording ? [] : nil
    }

    /// Whether steps are recorded.
    var isRecording: Bool { steps != nil }

    /// The number of steps recorded.
    var count: Int { steps?.count ?? 0 }

    /// Records a step.
    mutating func record(_ step: ProofStep) {
        steps?.append(step)
    }

    /// Records a placeholder for an unfolding lemma.
    mutating func recordDeferred(_ lemma: UnfoldingLemma) {
        guard steps != nil else { return }
        deferredLemmas[count] = lemma
        steps?.append(.lemma([], []))
    }

    /// An empty log for a case of a split, recording like this one: the
    /// case's own steps follow the root's, which it does not copy.
    func emptied() -> ProofLog {
        var log = ProofLog(recording: isRecording)
        log.deferredLemmas = deferredLemmas
        return log
    }
}
