package import Claims
package import Encoding

extension ConflictDrivenSearch {
    /// The refutation a search's steps make, as a certificate carries it:
    /// only the steps the empty clause (the last step) depends on through
    /// the hints of derived clauses, renumbered, with the clauses and Farkas
    /// terms of the unfolding lemmas kept (``UnfoldingLemma``) built now.
    ///
    /// A search learns many clauses the refutation never uses, and the
    /// extension atoms come with thousands of lemmas of which a proof uses
    /// a few hundred: the checker would verify every one. Dropping a step
    /// nothing depends on leaves every kept step's hints pointing at the
    /// same clauses, so the trimmed proof checks exactly when the whole
    /// one does. The result does not depend on the number of jobs, since
    /// the steps do not.
    func completedProof(_ steps: [ProofStep]) -> QueryProof {
        guard !steps.isEmpty else { return .clausal(ClausalProof(extensionAtoms: encoding.declaredAtoms, steps: [])) }
        let base = encoding.clauses.count
        var needed = Array(repeating: false, count: steps.count)
        needed[steps.count - 1] = true
        for k in steps.indices.reversed() where needed[k] {
            guard case .derived(_, let hints) = steps[k] else { continue }
            for id in hints where id >= base { needed[id - base] = true }
        }
        var position = Array(repeating: -1, count: steps.count)
        var kept: [ProofStep] = []
        kept.reserveCapacity(needed.count(where: { $0 }))
        for k in steps.indices where needed[k] {
            position[k] = kept.count
            switch steps[k] {
            case .lemma(let clause, let terms):
                if let lemma = core.log.deferredLemmas[k] {
                    let u = extensions.unfoldings[lemma.unfolding]
                    kept.append(.lemma(Self.unfoldingClause(u, lemma) ?? [], Self.unfoldingTerms(u, lemma)))
                } else {
                    kept.append(.lemma(clause, terms))
                }
            case .derived(let clause, let hints):
                kept.append(.derived(clause, hints: hints.map { $0 < base ? $0 : base + position[$0 - base] }))
            }
        }
        return .clausal(ClausalProof(extensionAtoms: encoding.declaredAtoms, steps: kept))
    }
}
