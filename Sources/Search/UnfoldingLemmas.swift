package import Claims
package import Encoding
package import ExactArithmetic

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
    /// +1 when the lemma assumes the atom, -1 when its negation.
    static func sign(_ lemma: UnfoldingLemma) -> Rational { lemma.atomHolds ? .one : -.one }

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
}
