package import ExactArithmetic

/// A proof that a ``Query`` has no solution in its domain.
package enum QueryProof: Sendable, Equatable {
    /// A refutation of the query's ``ClausalEncoding``.
    case clausal(ClausalProof)
    /// An integer domain: every point is evaluated.
    case enumerated
}

/// A refutation of a ``ClausalEncoding``: steps that each add one clause,
/// ending with the empty clause. Clause ids number the encoding's clauses
/// from 0, then each step's clause in order.
///
/// A *lemma* is a clause that linear arithmetic proves: when all its
/// literals are false, the linear meanings of their negations, with the
/// root constraints, have no common solution, as Farkas multipliers show.
/// A *derived* clause follows by unit propagation (reverse unit
/// propagation, as in the LRAT format): setting its literals false, the
/// hinted clauses, taken in order, each become unit and set their last
/// literal, until one is false in full.
///
/// The encoding is the query's own (``ClausalEncoding/init(_:)``) with the
/// proof's *extension atoms* declared on it in order: variables that mean
/// a linear comparison and add no clause, which the search chose to reason
/// with. Steps may use them like any atom.
package struct ClausalProof: Sendable, Equatable {
    /// The atoms declared on the query's encoding before the steps, in order.
    package var extensionAtoms: [AtomBound]
    /// The steps, in order.
    package var steps: [ProofStep]

    /// A proof.
    package init(extensionAtoms: [AtomBound] = [], steps: [ProofStep]) {
        self.extensionAtoms = extensionAtoms
        self.steps = steps
    }
}

/// One step of a ``ClausalProof``.
package enum ProofStep: Sendable, Equatable {
    /// A clause refuted by linear arithmetic.
    case lemma([Literal], [TheoryTerm])
    /// A clause that unit propagation over the hinted clauses derives.
    case derived([Literal], hints: [Int])
}

/// A linear constraint a lemma's multipliers combine.
package enum TheoryConstraint: Sendable, Hashable {
    /// `x[i] >= low` of the encoding's box (`i` indexes the inputs).
    case boxLower(Int)
    /// `x[i] <= high` of the box.
    case boxUpper(Int)
    /// `h >= 0` for the k-th ReLU of the encoding.
    case reluNonnegative(Int)
    /// `h - z >= 0` for the k-th ReLU.
    case reluAboveOperand(Int)
    /// The k-th ReLU's operand is a constant, which fixes its phase:
    /// `h - z <= 0` when it is at least 0, `h <= 0` when negative.
    case fixedPhase(Int)
    /// `h - h' + z' = 0` for the k-th ReLU `h` and its twin `h' = relu(z')`
    /// (``ClausalEncoding/ReLU/twin``), whose operand is the negation of
    /// this one's: `relu(-z') = relu(z') - z'` everywhere.
    case twinDifference(Int)
    /// The atom meaning of the negation of the lemma's k-th literal.
    case atom(Int)
    /// The negation of the lemma's k-th literal is a phase of ReLU `relu`
    /// (an index into the encoding's ReLUs): active gives `h - z <= 0`,
    /// inactive `h <= 0`.
    case phase(Int, relu: Int)
}

/// One multiplier of a lemma: `>= 0` for a `<`/`<=` constraint, `<= 0`
/// for `>`/`>=`.
package struct TheoryTerm: Sendable, Hashable {
    /// The constraint.
    package var constraint: TheoryConstraint
    /// Its multiplier.
    package var multiplier: Rational

    /// A term.
    package init(_ constraint: TheoryConstraint, _ multiplier: Rational) {
        self.constraint = constraint
        self.multiplier = multiplier
    }
}
