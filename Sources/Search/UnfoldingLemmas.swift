import Claims
import ExactArithmetic

/// Which lemma of an unfolding a proof step is, so that its Farkas terms
/// are built only if the finished proof keeps the step.
struct UnfoldingLemma {
    /// Index into the encoding's unfoldings.
    var unfolding: Int
    /// Whether the atom is assumed (`A`, the lemma concludes or assumes the
    /// branch's comparison) rather than its negation.
    var atomHolds: Bool
    /// The branch: the phase true (0) or false (1).
    var branch: Int
    /// Whether the lemma does without the phase (the root relaxation proves it).
    var rootOnly: Bool
}

extension ConflictDrivenSearch {
    /// Adds the clauses of every ``AtomUnfolding`` of the encoding, in the
    /// encoding's order, before the search starts: lemmas whose terms
    /// ``completedProof(_:)`` builds if the proof keeps them, and clauses
    /// unit propagation derives from them.
    ///
    /// With `A` the atom `F <= 0`, `v` the phase, and `T`, `E` the forms
    /// `F` takes with `v` true and false, the phase's bounds make `F` equal
    /// to the form, which proves `v ∧ A → T`, `v ∧ T → A`, `¬v ∧ A → E`
    /// and `¬v ∧ E → A`. For a maximum the root relaxation proves `A → T`
    /// and `A → E` (which subsume the first and third), and unit
    /// propagation derives `T ∧ E → A` from the second and fourth; for a
    /// minimum the converse; for one form on both sides, `A ↔ T`.
    mutating func addUnfoldingLemmas() {
        for index in encoding.unfoldings.indices {
            let shape = encoding.unfoldings[index].shape
            func lemma(atomHolds: Bool, branch: Int, rootOnly: Bool) -> Int? {
                addUnfoldingLemma(UnfoldingLemma(unfolding: index, atomHolds: atomHolds, branch: branch, rootOnly: rootOnly))
            }
            // For each branch (phase true, then false): the lemma ids of
            // A → side and of side → A.
            // What the root relaxation proves for a maximum or a minimum needs no phase.
            func conditional(atomHolds: Bool, branch: Int) -> Int? {
                shape == (atomHolds ? .maximum : .minimum) ? nil : lemma(atomHolds: atomHolds, branch: branch, rootOnly: false)
            }
            let toTrue = conditional(atomHolds: true, branch: 0)
            let fromTrue = conditional(atomHolds: false, branch: 0)
            let toFalse = conditional(atomHolds: true, branch: 1)
            let fromFalse = conditional(atomHolds: false, branch: 1)
            let (toSide, fromSide) = ((toTrue, toFalse), (fromTrue, fromFalse))
            let (atom, whenTrue, whenFalse) = (encoding.unfoldings[index].atom, encoding.unfoldings[index].whenTrue.side, encoding.unfoldings[index].whenFalse.side)
            switch shape {
            case .maximum:
                addUnfoldingResolvent(atom, whenTrue, whenFalse, asserted: false, hints: fromSide)
                for branch in 0..<2 { _ = lemma(atomHolds: true, branch: branch, rootOnly: true) }
            case .minimum:
                addUnfoldingResolvent(!atom, whenTrue, whenFalse, asserted: true, hints: toSide)
                for branch in 0..<2 { _ = lemma(atomHolds: false, branch: branch, rootOnly: true) }
            case .same:
                addUnfoldingResolvent(!atom, whenTrue, nil, asserted: true, hints: toSide)
                addUnfoldingResolvent(atom, whenTrue, nil, asserted: false, hints: fromSide)
            case .conditional:
                break
            }
        }
    }

    /// Adds an unfolding lemma's clause, its terms left for
    /// ``completedProof(_:)``; returns its clause id, or nil when the
    /// clause is true outright or the root relaxation does not prove it.
    private mutating func addUnfoldingLemma(_ lemma: UnfoldingLemma) -> Int? {
        let u = encoding.unfoldings[lemma.unfolding]
        // Without the phase, every substitution's term must be a root
        // constraint: a multiplier of the sign `h - z >= 0` and `h >= 0` take.
        if lemma.rootOnly, u.substitutions.contains(where: { Self.sign(lemma) * $0.coefficient < .zero }) { return nil }
        guard let clause = Self.unfoldingClause(u, lemma) else { return nil }
        if proof != nil {
            // A placeholder without arrays: the clause and terms are built
            // again for the steps the finished proof keeps.
            deferredLemmas[proof?.count ?? 0] = lemma
            proof?.append(.lemma([], []))
        }
        return clauses.append(clause)
    }

    /// +1 when the lemma assumes the atom, -1 when its negation.
    private static func sign(_ lemma: UnfoldingLemma) -> Rational { lemma.atomHolds ? .one : -.one }

    /// An unfolding lemma's clause: the negations of the atom (or its
    /// negation), the branch's comparison (or its negation), and the
    /// phase unless the root relaxation proves it; nil when a constant
    /// branch makes it true outright.
    static func unfoldingClause(_ u: AtomUnfolding, _ lemma: UnfoldingLemma) -> [Literal]? {
        var clause = [lemma.atomHolds ? !u.atom : u.atom]
        let branch = lemma.branch == 0 ? u.whenTrue : u.whenFalse
        switch branch.side {
        case .constant(let truth):
            // The side's comparison is what the lemma concludes (or
            // assumes, for ¬A): already true, the clause is too.
            if truth == lemma.atomHolds { return nil }
        case .literal(let literal, _):
            clause.append(lemma.atomHolds ? literal : !literal)
        }
        if !lemma.rootOnly { clause.append(lemma.branch == 0 ? !u.phase : u.phase) }
        return clause
    }

    /// An unfolding lemma's Farkas terms, over ``unfoldingClause(_:_:)``.
    static func unfoldingTerms(_ u: AtomUnfolding, _ lemma: UnfoldingLemma) -> [TheoryTerm] {
        // F - side = Σ a (h - z) over active substitutions + Σ a h over the
        // rest + Σ b (h - h' + z') over the twins dropped, so
        // with A (F <= 0) and ¬side (side > 0):  +F - side - Σ = 0,
        // with ¬A (F > 0) and side (side <= 0):  -F + side + Σ = 0.
        // F is the atom's normal form minus its bound: its scale is 1.
        let sign = Self.sign(lemma)
        let branch = lemma.branch == 0 ? u.whenTrue : u.whenFalse
        var terms = [TheoryTerm(.atom(0), sign)]
        var literals = 1
        if case .literal(_, let scale) = branch.side {
            terms.append(TheoryTerm(.atom(1), -sign * scale))
            literals += 1
        }
        let phase = lemma.branch == 0
        for s in u.substitutions {
            let y = -sign * s.coefficient
            if y.signum > 0 {
                // h - z <= 0 or h <= 0: what the phase asserts.
                terms.append(TheoryTerm(.phase(literals, relu: s.relu), y))
            } else {
                terms.append(TheoryTerm(s.activeWhenTrue == phase ? .reluAboveOperand(s.relu) : .reluNonnegative(s.relu), y))
            }
        }
        for (k, b) in branch.twinsDropped { terms.append(TheoryTerm(.twinDifference(k), -sign * b)) }
        return terms
    }

    /// Adds `literal` with each side's comparison (`asserted`) or its
    /// negation, the clause unit propagation derives from the two hinted
    /// lemmas; nothing when a hint is missing, or a constant side makes
    /// the clause true.
    private mutating func addUnfoldingResolvent(
        _ literal: Literal, _ first: AtomUnfolding.Side, _ second: AtomUnfolding.Side?, asserted: Bool, hints: (Int?, Int?)
    ) {
        guard let a = hints.0, let b = hints.1 else { return }
        var clause = [literal]
        for side in [first, second] {
            switch side {
            case nil: break
            case .constant(let truth):
                if truth == asserted { return }
            case .literal(let literal, _):
                clause.append(asserted ? literal : !literal)
            }
        }
        proof?.append(.derived(clause, hints: [a, b]))
        _ = clauses.append(clause)
    }
}
