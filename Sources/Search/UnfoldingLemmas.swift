import Claims
import ExactArithmetic

extension ConflictDrivenSearch {
    /// Proves the clauses of every ``AtomUnfolding`` of the encoding and
    /// adds them, in the encoding's order, before the search starts.
    ///
    /// With `A` the atom `F <= 0`, `v` the phase, and `T`, `E` the forms
    /// `F` takes with `v` true and false, the phase's bounds make `F` equal
    /// to the form, which proves `v ∧ A → T`, `v ∧ T → A`, `¬v ∧ A → E`
    /// and `¬v ∧ E → A`. For a maximum the root relaxation proves `A → T`
    /// and `A → E` (which subsume the first and third), and unit
    /// propagation derives `T ∧ E → A` from the second and fourth; for a
    /// minimum the converse; for one form on both sides, `A ↔ T`.
    mutating func addUnfoldingLemmas() {
        for unfolding in encoding.unfoldings {
            let branches = [unfolding.whenTrue, unfolding.whenFalse]
            let sides = branches.map(\.side)
            // For each branch (phase true, then false): the lemma id of
            // A → side (index 0) and of side → A (index 1).
            var conditional: [[Int?]] = [[nil, nil], [nil, nil]]
            for (index, branch) in branches.enumerated() {
                for (direction, atomHolds) in [true, false].enumerated() {
                    // What the root relaxation proves for a maximum or a minimum needs no phase.
                    if unfolding.shape == (atomHolds ? .maximum : .minimum) { continue }
                    conditional[index][direction] = addUnfoldingLemma(unfolding, atomHolds: atomHolds, branch: branch, phase: index == 0, rootOnly: false)
                }
            }
            switch unfolding.shape {
            case .maximum:
                addUnfoldingResolvent([unfolding.atom], sides: sides, asserted: false, hints: [conditional[0][1], conditional[1][1]])
                for (index, branch) in branches.enumerated() {
                    _ = addUnfoldingLemma(unfolding, atomHolds: true, branch: branch, phase: index == 0, rootOnly: true)
                }
            case .minimum:
                addUnfoldingResolvent([!unfolding.atom], sides: sides, asserted: true, hints: [conditional[0][0], conditional[1][0]])
                for (index, branch) in branches.enumerated() {
                    _ = addUnfoldingLemma(unfolding, atomHolds: false, branch: branch, phase: index == 0, rootOnly: true)
                }
            case .same:
                addUnfoldingResolvent([!unfolding.atom], sides: [sides[0]], asserted: true, hints: [conditional[0][0], conditional[1][0]])
                addUnfoldingResolvent([unfolding.atom], sides: [sides[0]], asserted: false, hints: [conditional[0][1], conditional[1][1]])
            case .conditional:
                break
            }
        }
    }

    /// Adds the lemma "the atom (`atomHolds`), or its negation, with the
    /// phase (`phase`: the branch it picks), implies the branch's
    /// comparison, or its negation", or, when `rootOnly`, the same without
    /// the phase, from the root relaxation; returns its clause id, or nil
    /// when the clause is true outright or the root relaxation does not
    /// prove it.
    private mutating func addUnfoldingLemma(_ u: AtomUnfolding, atomHolds: Bool, branch: AtomUnfolding.Branch, phase: Bool, rootOnly: Bool) -> Int? {
        // F - side = Σ a (h - z) over active substitutions + Σ a h over the
        // rest + Σ b (h - h' + z') over the twins dropped, so
        // with A (F <= 0) and ¬side (side > 0):  +F - side - Σ = 0,
        // with ¬A (F > 0) and side (side <= 0):  -F + side + Σ = 0.
        // F is the atom's normal form minus its bound: its scale is 1.
        let sign: Rational = atomHolds ? .one : -.one
        var clause: [Literal] = []
        var terms: [TheoryTerm] = []
        func assume(_ literal: Literal, _ coefficient: Rational) {
            clause.append(!literal)
            terms.append(TheoryTerm(.atom(clause.count - 1), coefficient))
        }
        assume(atomHolds ? u.atom : !u.atom, sign)
        switch branch.side {
        case .constant(let truth):
            // The side's comparison is what the lemma concludes (or
            // assumes, for ¬A): already true, the clause is too.
            if truth == atomHolds { return nil }
        case .literal(let literal, let scale):
            assume(atomHolds ? !literal : literal, -sign * scale)
        }
        var phaseLiteral: Int?
        if !rootOnly {
            clause.append(phase ? !u.phase : u.phase)
            phaseLiteral = clause.count - 1
        }
        for s in u.substitutions {
            let y = -sign * s.coefficient
            if y.signum > 0 {
                // h - z <= 0 or h <= 0: what the phase asserts.
                guard let k = phaseLiteral else { return nil }
                terms.append(TheoryTerm(.phase(k, relu: s.relu), y))
            } else {
                terms.append(TheoryTerm(s.activeWhenTrue == phase ? .reluAboveOperand(s.relu) : .reluNonnegative(s.relu), y))
            }
        }
        for (k, b) in branch.twinsDropped { terms.append(TheoryTerm(.twinDifference(k), -sign * b)) }
        proof?.append(.lemma(clause, terms))
        return clauses.append(clause)
    }

    /// Adds `literals` with each side's comparison (`asserted`) or its
    /// negation, the clause unit propagation derives from the two hinted
    /// lemmas; nothing when a hint is missing, or a constant side makes
    /// the clause true.
    private mutating func addUnfoldingResolvent(_ literals: [Literal], sides: [AtomUnfolding.Side], asserted: Bool, hints: [Int?]) {
        let ids = hints.compactMap { $0 }
        guard ids.count == hints.count else { return }
        var clause = literals
        for side in sides {
            switch side {
            case .constant(let truth):
                if truth == asserted { return }
            case .literal(let literal, _):
                clause.append(asserted ? literal : !literal)
            }
        }
        proof?.append(.derived(clause, hints: ids))
        _ = clauses.append(clause)
    }
}
