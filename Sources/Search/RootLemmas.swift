package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// The clauses a search adds before it starts, in proof order, worked out
/// from the encoding alone (so they can be beside the rest of the set-up):
/// the ordering lemmas between atoms on one form, then every
/// ``AtomUnfolding``'s lemmas with the clauses unit propagation derives
/// from them.
///
/// An ordering lemma says `form <= a` implies `form <= b` for a < b (as
/// delta-rationals), one per neighbouring pair. For an unfolding, with `A`
/// the atom `F <= 0`, `v` the phase, and `T`, `E` the forms `F` takes with
/// `v` true and false, the phase's bounds make `F` equal to the form,
/// which proves `v ∧ A → T`, `v ∧ T → A`, `¬v ∧ A → E` and `¬v ∧ E → A`.
/// For a maximum the root relaxation proves `A → T` and `A → E` (which
/// subsume the first and third), and unit propagation derives
/// `T ∧ E → A` from the second and fourth; for a minimum the converse;
/// for one form on both sides, `A ↔ T`.
struct RootLemmas: Sendable {
    enum Step: Sendable {
        /// An ordering lemma `¬(form <= a) ∨ (form <= b)`.
        case ordering([Literal])
        /// An unfolding lemma, whose terms are built only if the finished
        /// proof keeps it (``ConflictDrivenSearch/unfoldingTerms(_:_:)``).
        case unfolding([Literal], UnfoldingLemma)
        /// A clause unit propagation derives from earlier steps (their indices here).
        case derived([Literal], hints: [Int])
    }

    /// The steps, in the order the search adds them; each adds one clause.
    private(set) var steps: [Step] = []

    /// The root lemmas of `encoding`.
    init(_ encoding: ClausalEncoding, _ extensions: ExtensionAtoms) {
        addOrderingLemmas(encoding)
        addUnfoldingLemmas(extensions)
    }

    private mutating func addOrderingLemmas(_ encoding: ClausalEncoding) {
        var byForm: [LinearForm: [(bound: DeltaRational, variable: Int)]] = [:]
        byForm.reserveCapacity(encoding.variables.count)
        for (v, variable) in encoding.variables.enumerated() {
            guard case .atom(let atom) = variable else { continue }
            byForm[atom.form, default: []].append((DeltaRational(atom.bound, delta: atom.strict ? -1 : 0), v))
        }
        for atoms in byForm.values.sorted(by: { $0[0].variable < $1[0].variable }) where atoms.count > 1 {
            let sorted = atoms.sorted { $0.bound < $1.bound }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                // ¬(form <= a) ∨ (form <= b): its negation asserts form <= a and form > b.
                steps.append(.ordering([Literal(variable: a.variable, negative: true), Literal(variable: b.variable)]))
            }
        }
    }

    private mutating func addUnfoldingLemmas(_ extensions: ExtensionAtoms) {
        for index in extensions.unfoldings.indices {
            let u = extensions.unfoldings[index]
            func lemma(atomHolds: Bool, branch: Int, rootOnly: Bool) -> Int? {
                addUnfoldingLemma(u, UnfoldingLemma(unfolding: index, atomHolds: atomHolds, branch: branch, rootOnly: rootOnly))
            }
            // What the root relaxation proves for a maximum or a minimum needs no phase.
            func conditional(atomHolds: Bool, branch: Int) -> Int? {
                u.shape == (atomHolds ? .maximum : .minimum) ? nil : lemma(atomHolds: atomHolds, branch: branch, rootOnly: false)
            }
            // For each branch (phase true, then false): the steps of A → side and of side → A.
            let toTrue = conditional(atomHolds: true, branch: 0)
            let fromTrue = conditional(atomHolds: false, branch: 0)
            let toFalse = conditional(atomHolds: true, branch: 1)
            let fromFalse = conditional(atomHolds: false, branch: 1)
            let (toSide, fromSide) = ((toTrue, toFalse), (fromTrue, fromFalse))
            let (whenTrue, whenFalse) = (u.whenTrue.side, u.whenFalse.side)
            switch u.shape {
            case .maximum:
                addResolvent(u.atom, whenTrue, whenFalse, asserted: false, hints: fromSide)
                for branch in 0..<2 { _ = lemma(atomHolds: true, branch: branch, rootOnly: true) }
            case .minimum:
                addResolvent(!u.atom, whenTrue, whenFalse, asserted: true, hints: toSide)
                for branch in 0..<2 { _ = lemma(atomHolds: false, branch: branch, rootOnly: true) }
            case .same:
                addResolvent(!u.atom, whenTrue, nil, asserted: true, hints: toSide)
                addResolvent(u.atom, whenTrue, nil, asserted: false, hints: fromSide)
            case .conditional:
                break
            }
        }
    }

    /// Adds an unfolding lemma; returns its step, or nil when its clause is
    /// true outright or the root relaxation does not prove it.
    private mutating func addUnfoldingLemma(_ u: AtomUnfolding, _ lemma: UnfoldingLemma) -> Int? {
        // Without the phase, every substitution's term must be a root
        // constraint: a multiplier of the sign `h - z >= 0` and `h >= 0` take.
        if lemma.rootOnly, u.substitutions.contains(where: { ConflictDrivenSearch.sign(lemma) * $0.coefficient < .zero }) { return nil }
        guard let clause = ConflictDrivenSearch.unfoldingClause(u, lemma) else { return nil }
        steps.append(.unfolding(clause, lemma))
        return steps.count - 1
    }

    /// Adds `literal` with each side's comparison (`asserted`) or its
    /// negation, the clause unit propagation derives from the two hinted
    /// lemmas; nothing when a hint is missing, or a constant side makes
    /// the clause true.
    private mutating func addResolvent(_ literal: Literal, _ first: AtomUnfolding.Side, _ second: AtomUnfolding.Side?, asserted: Bool, hints: (Int?, Int?)) {
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
        steps.append(.derived(clause, hints: [a, b]))
    }
}

extension ConflictDrivenSearch {
    /// Adds the root lemmas' clauses and proof steps; the terms of
    /// unfolding lemmas are left for ``completedProof(_:)``, which builds
    /// them for the steps the finished proof keeps.
    mutating func addRootLemmas(_ lemmas: RootLemmas) {
        let first = core.clauses.count
        for step in lemmas.steps {
            switch step {
            case .ordering(let clause):
                _ = core.addLemma(clause, terms: [TheoryTerm(.atom(0), 1), TheoryTerm(.atom(1), -1)])
            case .unfolding(let clause, let lemma):
                // A placeholder without arrays: the clause and terms are
                // built again for the steps the finished proof keeps.
                core.addDeferredLemma(clause, lemma)
            case .derived(let clause, let hints):
                core.addDerived(clause, hints: hints.map { first + $0 })
            }
        }
    }
}
