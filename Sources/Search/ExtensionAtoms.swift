package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// The extension atoms a search adds to an encoding: bounds on what the
/// ReLUs the formula compares carry, and the unfoldings that connect them
/// down to atoms over inputs alone (``UnfoldingPlan``), when the formula
/// splits the input space and that closure is small.
///
/// This is a heuristic of the search, not part of the encoding's meaning:
/// the atoms are declared on the encoding (``ClausalEncoding/declare(_:)``)
/// and listed in the proof, and the unfoldings' clauses enter the proof as
/// lemmas the checker verifies like any other, so changing what is added
/// here leaves every stored certificate valid.
struct ExtensionAtoms: Sendable {
    /// How atoms read once a phase is known: the search proves their
    /// clauses as lemmas before it starts.
    private(set) var unfoldings: [AtomUnfolding] = []
    /// The extension atoms: the seeds, then the atoms that only unfolding
    /// introduced. No part of the formula is one.
    private(set) var atoms: Range<Int>
    /// The extension atoms past the seeds: they carry bounds along chains
    /// by unit propagation, and the simplex need not hold them.
    private(set) var unfoldedAtoms: Range<Int>

    /// Declares the extension atoms `encoding` gets, if any.
    init(extending encoding: inout ClausalEncoding) {
        var read: Set<Int> = []
        for case .atom(let atom) in encoding.variables { read.formUnion(atom.form.nodeIndices) }
        let firstExtension = encoding.variables.count
        atoms = firstExtension..<firstExtension
        unfoldedAtoms = atoms
        guard Self.splitsInputs(encoding), let plan = UnfoldingPlan(relus: encoding.relus, inputs: encoding.inputs, read: read) else { return }
        // Each form's atoms, `<= 0` then `< 0` (seeds first).
        var pairs: [(Literal, Literal)] = []
        pairs.reserveCapacity(plan.forms.count)
        var firstUnfolded = encoding.variables.count
        for (k, normal) in plan.forms.enumerated() {
            if k == plan.seedCount { firstUnfolded = encoding.variables.count }
            pairs.append((encoding.declare(normal.atom(strict: false)), encoding.declare(normal.atom(strict: true))))
        }
        if plan.seedCount == plan.forms.count { firstUnfolded = encoding.variables.count }
        /// The branch's comparison with 0, `<` when `strict`: a form
        /// `lead · (normal - bound)` with a negative lead reverses it.
        func branch(_ b: UnfoldingPlan.Branch, strict: Bool) -> AtomUnfolding.Branch {
            switch b.side {
            case .constant(let c):
                return AtomUnfolding.Branch(side: .constant(c.signum < 0 || (!strict && c.isZero)), twinsDropped: b.twinsDropped)
            case .form(let k, let lead):
                let positive = lead.signum > 0
                let atom = strict == positive ? pairs[k].1 : pairs[k].0
                return AtomUnfolding.Branch(side: .literal(positive ? atom : !atom, scale: lead), twinsDropped: b.twinsDropped)
            }
        }
        for step in plan.steps {
            guard case .literal(let active) = encoding.relus[step.relu].phase else { continue }
            for strict in [false, true] {
                unfoldings.append(AtomUnfolding(
                    atom: strict ? pairs[step.form].1 : pairs[step.form].0, phase: Literal(variable: active.variable),
                    whenTrue: branch(step.whenTrue, strict: strict), whenFalse: branch(step.whenFalse, strict: strict),
                    shape: step.shape, substitutions: step.substitutions))
            }
        }
        atoms = firstExtension..<encoding.variables.count
        unfoldedAtoms = firstUnfolded..<encoding.variables.count
    }

    /// Whether the formula requires a split of the input space: a
    /// disjunction each of whose options is a conjunction of comparisons
    /// of inputs alone, as "k has rank r" is (which entries come before
    /// it). The search decides such splits first, and a cone of the input
    /// space is what extension atoms need to propagate a bound; without
    /// one they cost more to set up than they save.
    static func splitsInputs(_ encoding: ClausalEncoding) -> Bool {
        let inputNodes = Set(encoding.inputs)
        func overInputs(_ l: Literal) -> Bool {
            guard case .atom(let atom) = encoding.variables[l.variable] else { return false }
            return atom.form.nodeIndices.allSatisfy(inputNodes.contains)
        }
        // Each structure's clauses: its conjunction's parts are unit clauses after ¬S.
        var parts: [Int: [[Literal]]] = [:]
        for clause in encoding.clauses where clause.count >= 2 {
            guard case .structure = encoding.variables[clause[0].variable], clause[0].isNegative else { continue }
            parts[clause[0].variable, default: []].append(Array(clause.dropFirst()))
        }
        func isInputConjunction(_ l: Literal) -> Bool {
            guard !l.isNegative, let implied = parts[l.variable], !implied.isEmpty else { return false }
            return implied.allSatisfy { $0.count == 1 && overInputs($0[0]) }
        }
        return parts.values.contains { implied in
            implied.contains { options in options.count >= 2 && options.allSatisfy(isInputConjunction) }
        }
    }
}
