public import ExactArithmetic
public import PiecewiseLinear

/// A query as clauses over boolean variables, plus the linear meaning of
/// some of them: what the search decides and what the certificate checker
/// re-derives, so both speak of the same variables and clauses.
///
/// Every linear comparison becomes an *atom* variable meaning
/// `form <= bound` (or `<`) over input and ReLU nodes (``AtomBound``); equal
/// comparisons share one variable. Every ReLU `h = max(z, 0)` the query
/// depends on has a *phase* variable: true means `h = z` (so `z >= 0`),
/// false means `h = 0` (so `z <= 0`); at `z = 0` both hold.
/// The formula's `and`, `or`, `cases` and `!=` parts get *structure*
/// variables, with one-directional clauses (a part implies what it needs):
/// a solution of the query makes every clause true when each variable takes
/// the truth value of what it stands for, so clauses and linear meanings
/// with no common solution prove the query has none.
///
/// The linear relaxation every search region shares (the *root
/// constraints*): each ReLU's `h >= 0` and `h >= z`, and the input box
/// when there is one. A positively homogeneous query on `R^n` is searched
/// in `[-1, 1]^n`; when 0 is not a solution, it also gets the *face
/// clause*: some `x[i]` lies on a face of the box, since any solution
/// scales onto one.
public struct ClausalEncoding: Sendable {
    /// What a variable stands for.
    public enum Variable: Sendable, Equatable {
        /// The linear comparison.
        case atom(AtomBound)
        /// The phase of the k-th ReLU: active (`h = z`) when true, `h = 0` when false.
        case phase(Int)
        /// A part of the formula (`and`, `or`, a case, `!=`, `=`): the
        /// variable implies it.
        case structure(Formula)
    }

    /// How a ReLU's phase is expressed.
    public enum Phase: Sendable, Equatable {
        /// The literal that means the ReLU is active.
        case literal(Literal)
        /// The operand is a constant: always active (`true`) or inactive.
        case fixed(Bool)
    }

    /// A ReLU node the query depends on.
    public struct ReLU: Sendable, Equatable {
        /// The ReLU's node index.
        public let node: Int
        /// Its operand z, unfolded into input and ReLU nodes.
        public let operand: LinearForm
        /// Its phase: active (`h = z`) or inactive (`h = 0`).
        public let phase: Phase
        /// The earlier ReLU whose operand is this one's negated, when there
        /// is one: `relu(-z) = relu(z) - z`, so this ReLU's phase is the
        /// negation of that one's, and `h - h' + z' = 0` holds everywhere
        /// (a root constraint).
        public let twin: Int?
    }

    /// Every variable, atoms and structure in order of creation.
    public private(set) var variables: [Variable] = []
    /// The clauses; clause ids in proofs count from 0 in this order.
    public private(set) var clauses: [[Literal]] = []
    /// The ReLUs the query depends on, by node index.
    public private(set) var relus: [ReLU] = []
    /// The input nodes, in order.
    public let inputs: [Int]
    /// Bounds every input lies in, when the search has a box.
    public let box: (low: Rational, high: Rational)?
    /// Whether the face clause is among the clauses (the last one).
    public private(set) var hasFaceClause = false
    /// The formula's own literal: none when it is the constant true, nil
    /// when it is the constant false.
    public private(set) var rootLiteral: [Literal?] = []
    /// How atoms read once a phase is known (``AtomUnfolding``): the
    /// search proves their clauses as lemmas before it starts.
    public private(set) var unfoldings: [AtomUnfolding] = []
    /// The extension atoms (``UnfoldingPlan``): the seeds, then the atoms
    /// that only unfolding introduced. No part of the formula is one.
    public private(set) var extensionAtoms: Range<Int> = 0..<0
    /// The extension atoms past the seeds: they carry bounds along chains
    /// by unit propagation, and the simplex need not hold them.
    public private(set) var unfoldedAtoms: Range<Int> = 0..<0

    private var atomVariable: [AtomBound: Int] = [:]
    /// The structure variable already made for a kind of formula and
    /// the clauses it implies: equal parts mean the same, so they share it.
    private var structureFor: [StructureKey: Literal] = [:]
    /// Each comparison's part, once worked out: a rank's conditions repeat
    /// the same comparisons of inputs hundreds of times.
    private var comparisonPart: [Atom: Part] = [:]

    private struct StructureKey: Hashable {
        /// `and`, `or` (or `!=`), `cases`, or an equality.
        var kind: Int
        var implied: [[Literal]]
    }

    /// The query's encoding.
    ///
    /// - Precondition: the domain is not an integer grid (those are enumerated).
    public init(_ query: Query) {
        let program = query.program
        inputs = query.inputs.map(\.index)
        let homogeneous = query.isPositivelyHomogeneous
        let needed = program.dependencies(of: query.formula.nodes)
        let origin = Array(repeating: Rational.zero, count: query.inputs.count)
        let originSolves = { query.formula.holds(program.evaluate(at: origin, only: needed)) }
        var faces = false
        switch query.domain {
        case .reals:
            box = homogeneous ? (-1, 1) : nil
            faces = homogeneous && !originSolves()
        case .box(let low, let high):
            box = (low, high)
            faces = homogeneous && low.signum <= 0 && high.signum >= 0 && !originSolves()
        case .integers:
            preconditionFailure("integer domains are enumerated, not encoded")
        }
        let unfolded = program.unfoldedNodes
        var reluOfOperand: [LinearForm: Int] = [:]
        for (i, node) in program.nodes.enumerated() where needed[i] {
            guard case .relu(let operand) = node else { continue }
            let z = unfolded[operand.index]
            let negated = -1 * z
            let twin = reluOfOperand[negated]
            let phase: Phase
            if z.terms.isEmpty {
                phase = .fixed(z.constant.signum >= 0)
            } else if let twin, case .literal(let opposite) = relus[twin].phase {
                phase = .literal(!opposite)
            } else {
                variables.append(.phase(relus.count))
                phase = .literal(Literal(variable: variables.count - 1))
            }
            if twin == nil { reluOfOperand[z] = relus.count }
            relus.append(ReLU(node: i, operand: z, phase: phase, twin: z.terms.isEmpty ? nil : twin))
        }
        switch encode(query.formula, unfolded: unfolded) {
        case .constant(true): break
        case .constant(false):
            clauses.append([])
            rootLiteral = [nil]
        case .literal(let root):
            clauses.append([root])
            rootLiteral = [root]
        }
        if faces, let (low, high) = box {
            var clause: [Literal] = []
            for node in inputs {
                for (value, relation) in [(high, Relation.greaterOrEqual), (low, .lessOrEqual)] where !value.isZero {
                    // x[i] - value relation 0
                    let side = LinearForm(sortedTerms: [LinearTerm(.one, NodeID(node))], constant: -value)
                    guard case .literal(let atom, let positive) = AtomBound.normalizing(side, relation) else { continue }
                    clause.append(literal(atom, positive))
                }
            }
            clauses.append(clause)
            hasFaceClause = true
        }
        unfoldAtoms()
        comparisonPart = [:]
    }

    /// Whether the formula requires a split of the input space: a
    /// disjunction each of whose options is a conjunction of comparisons
    /// of inputs alone, as "k has rank r" is (which entries come before
    /// it). The search decides such splits first, and a cone of the input
    /// space is what extension atoms need to propagate a bound; without
    /// one they cost more to set up than they save.
    private var splitsInputs: Bool {
        let inputNodes = Set(inputs)
        func overInputs(_ l: Literal) -> Bool {
            guard case .atom(let atom) = variables[l.variable] else { return false }
            return atom.form.nodeIndices.allSatisfy(inputNodes.contains)
        }
        // Each structure's clauses: its conjunction's parts are unit clauses after ¬S.
        var parts: [Int: [[Literal]]] = [:]
        for clause in clauses where clause.count >= 2 {
            guard case .structure = variables[clause[0].variable], clause[0].isNegative else { continue }
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

    /// Extension atoms: bounds on what the ReLUs the formula compares
    /// carry, and the unfoldings that connect them down to atoms over
    /// inputs alone (``UnfoldingPlan``), when the formula splits the input
    /// space and that closure is small.
    private mutating func unfoldAtoms() {
        var read: Set<Int> = []
        for case .atom(let atom) in variables { read.formUnion(atom.form.nodeIndices) }
        let firstExtension = variables.count
        extensionAtoms = firstExtension..<firstExtension
        unfoldedAtoms = extensionAtoms
        guard splitsInputs, let plan = UnfoldingPlan(relus: relus, inputs: inputs, read: read) else { return }
        // Each form's atoms, `<= 0` then `< 0` (seeds first).
        var atoms: [(Literal, Literal)] = []
        atoms.reserveCapacity(plan.forms.count)
        var firstUnfolded = variables.count
        for (k, normal) in plan.forms.enumerated() {
            if k == plan.seedCount { firstUnfolded = variables.count }
            atoms.append((literal(normal.atom(strict: false), true), literal(normal.atom(strict: true), true)))
        }
        if plan.seedCount == plan.forms.count { firstUnfolded = variables.count }
        /// The branch's comparison with 0, `<` when `strict`: a form
        /// `lead · (normal - bound)` with a negative lead reverses it.
        func branch(_ b: UnfoldingPlan.Branch, strict: Bool) -> AtomUnfolding.Branch {
            switch b.side {
            case .constant(let c):
                return AtomUnfolding.Branch(side: .constant(c.signum < 0 || (!strict && c.isZero)), twinsDropped: b.twinsDropped)
            case .form(let k, let lead):
                let positive = lead.signum > 0
                let atom = strict == positive ? atoms[k].1 : atoms[k].0
                return AtomUnfolding.Branch(side: .literal(positive ? atom : !atom, scale: lead), twinsDropped: b.twinsDropped)
            }
        }
        for step in plan.steps {
            guard case .literal(let active) = relus[step.relu].phase else { continue }
            for strict in [false, true] {
                unfoldings.append(AtomUnfolding(
                    atom: strict ? atoms[step.form].1 : atoms[step.form].0, phase: Literal(variable: active.variable),
                    whenTrue: branch(step.whenTrue, strict: strict), whenFalse: branch(step.whenFalse, strict: strict),
                    shape: step.shape, substitutions: step.substitutions))
            }
        }
        extensionAtoms = firstExtension..<variables.count
        unfoldedAtoms = firstUnfolded..<variables.count
    }

    /// The atom variable's literal (created on first use).
    private mutating func literal(_ atom: AtomBound, _ positive: Bool) -> Literal {
        if let v = atomVariable[atom] { return Literal(variable: v, negative: !positive) }
        variables.append(.atom(atom))
        atomVariable[atom] = variables.count - 1
        return Literal(variable: variables.count - 1, negative: !positive)
    }

    private mutating func structure(_ formula: Formula, implying parts: [[Literal]]) -> Literal {
        let kind: Int
        switch formula {
        case .and: kind = 0
        case .or, .notZero: kind = 1
        case .cases: kind = 2
        case .atom, .constant: kind = 3
        }
        let key = StructureKey(kind: kind, implied: parts)
        if let known = structureFor[key] { return known }
        variables.append(.structure(formula))
        let p = Literal(variable: variables.count - 1)
        for part in parts { clauses.append([!p] + part) }
        structureFor[key] = p
        return p
    }

    private enum Part: Equatable {
        case constant(Bool)
        case literal(Literal)
    }

    private mutating func comparison(_ e: LinearForm, _ relation: Relation, unfolded: [LinearForm]) -> Part {
        let key = Atom(e, relation)
        if let known = comparisonPart[key] { return known }
        var combination = LinearForm(constant: e.constant)
        for term in e.terms { combination.add(term.coefficient, unfolded[term.node.index]) }
        let part: Part
        switch AtomBound.normalizing(combination, relation) {
        case .constant(let b): part = .constant(b)
        case .literal(let atom, let positive): part = .literal(literal(atom, positive))
        case .equality(let atMost, let below):
            part = .literal(structure(.atom(key), implying: [[literal(atMost, true)], [literal(below, false)]]))
        }
        comparisonPart[key] = part
        return part
    }

    private mutating func conjunction(_ formula: Formula, _ parts: [Part]) -> Part {
        combination(formula, parts, absorbing: false)
    }

    private mutating func disjunction(_ formula: Formula, _ parts: [Part]) -> Part {
        combination(formula, parts, absorbing: true)
    }

    /// `and` (absorbing false) or `or` (absorbing true) of parts, with
    /// constants folded, repeats dropped, and `l` with `¬l` decided.
    private mutating func combination(_ formula: Formula, _ parts: [Part], absorbing: Bool) -> Part {
        var literals: [Literal] = []
        for part in parts {
            switch part {
            case .constant(let b) where b == absorbing: return .constant(absorbing)
            case .constant: continue
            case .literal(let l):
                if literals.contains(!l) { return .constant(absorbing) }
                if !literals.contains(l) { literals.append(l) }
            }
        }
        if literals.isEmpty { return .constant(!absorbing) }
        if literals.count == 1 { return .literal(literals[0]) }
        // An `or` implies one of its parts, an `and` each of them.
        return .literal(structure(formula, implying: absorbing ? [literals] : literals.map { [$0] }))
    }

    /// A formula's part: repeated parts share their atoms and structure
    /// variables (``structureFor``), so nothing is memoized by formula,
    /// whose hash would walk the whole subtree at every node.
    private mutating func encode(_ formula: Formula, unfolded: [LinearForm]) -> Part {
        let part: Part
        switch formula {
        case .constant(let b): part = .constant(b)
        case .atom(let atom): part = comparison(atom.expression, atom.relation, unfolded: unfolded)
        case .notZero(let e):
            let above = comparison(e, .greater, unfolded: unfolded)
            let below = comparison(e, .less, unfolded: unfolded)
            part = disjunction(formula, [above, below])
        case .and(let parts):
            var encoded: [Part] = []
            for p in parts { encoded.append(encode(p, unfolded: unfolded)) }
            part = conjunction(formula, encoded)
        case .or(let parts):
            var encoded: [Part] = []
            for p in parts { encoded.append(encode(p, unfolded: unfolded)) }
            part = disjunction(formula, encoded)
        case .cases(let cases):
            var encoded: [Part] = []
            for c in cases {
                let condition = encode(c.condition, unfolded: unfolded)
                let body = encode(c.body, unfolded: unfolded)
                encoded.append(conjunction(.and([c.condition, c.body]), [condition, body]))
            }
            part = disjunction(formula, encoded)
        }
        return part
    }
}
