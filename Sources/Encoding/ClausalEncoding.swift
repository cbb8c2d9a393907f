package import Claims
package import ExactArithmetic
package import PiecewiseLinear

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
/// a solution of the query makes each of these clauses true when each
/// variable takes the truth value of what it stands for.
///
/// The linear relaxation every search region shares (the *root
/// constraints*): each ReLU's `h >= 0` and `h >= z`, and the input box
/// when there is one. A positively homogeneous query on `R^n` is searched
/// in `[-1, 1]^n`; when 0 is not a solution, it also gets the *face
/// clause*: some `x[i]` lies on a face of the box. That clause is false at
/// solutions inside the box; it is sound because every solution `x`
/// scales to the solution `x / max|x|`, which lies on a face. So the
/// clauses and linear meanings have a common solution exactly when the
/// query has one, and a refutation of them proves it has none.
///
/// A search may add *extension atoms* (``declare(_:)``): variables that
/// mean a comparison and come with no clause. A proof lists the ones it
/// declared, so the checker numbers the variables as the search did
/// without knowing why they were chosen.
package struct ClausalEncoding: Sendable {
    /// What a variable stands for.
    package enum Variable: Sendable, Equatable {
        /// The linear comparison.
        case atom(AtomBound)
        /// The phase of the k-th ReLU: active (`h = z`) when true, `h = 0` when false.
        case phase(Int)
        /// A part of the formula (`and`, `or`, a case, `!=`, `=`): the
        /// variable implies it.
        case structure(Formula)
    }

    /// How a ReLU's phase is expressed.
    package enum Phase: Sendable, Equatable {
        /// The literal that means the ReLU is active.
        case literal(Literal)
        /// The operand is a constant: always active (`true`) or inactive.
        case fixed(Bool)
    }

    /// A ReLU node the query depends on.
    package struct ReLU: Sendable, Equatable {
        /// The ReLU's node index.
        package let node: Int
        /// Its operand z, unfolded into input and ReLU nodes.
        package let operand: LinearForm
        /// Its phase: active (`h = z`) or inactive (`h = 0`).
        package let phase: Phase
        /// The earlier ReLU whose operand is this one's negated, when there
        /// is one: `relu(-z) = relu(z) - z`, so this ReLU's phase is the
        /// negation of that one's, and `h - h' + z' = 0` holds everywhere
        /// (a root constraint).
        package let twin: Int?
    }

    /// Every variable, atoms and structure in order of creation.
    package private(set) var variables: [Variable] = []
    /// The clauses; clause ids in proofs count from 0 in this order.
    package private(set) var clauses: [[Literal]] = []
    /// The ReLUs the query depends on, by node index.
    package private(set) var relus: [ReLU] = []
    /// The input nodes, in order.
    package let inputs: [Int]
    /// Bounds every input lies in, when the search has a box.
    package let box: (low: Rational, high: Rational)?
    /// Whether the face clause is among the clauses (the last one).
    package private(set) var hasFaceClause = false
    /// The formula's own literal: none when it is the constant true, nil
    /// when it is the constant false.
    package private(set) var rootLiteral: [Literal?] = []
    /// The phase variable of each ReLU, or -1 when its operand is a
    /// constant (its phase is fixed).
    package var phaseVariables: [Int] {
        relus.map { relu in
            if case .literal(let l) = relu.phase { return l.variable }
            return -1
        }
    }
    /// The atoms declared past the formula's own (``declare(_:)``), in the
    /// order they were declared: a proof lists them, so the checker can
    /// number the variables as the search did.
    package private(set) var declaredAtoms: [AtomBound] = []

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
    package init(_ query: Query) {
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
        case .integers, .points:
            preconditionFailure("finite domains are enumerated, not encoded")
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
        comparisonPart = [:]
    }

    /// The literal meaning `atom`: the variable the encoding already has
    /// for it, or a new one. An *extension atom* a search adds this way
    /// changes no clause, so it is sound whatever it says; a proof that
    /// uses one declares it (``ClausalProof/extensionAtoms``).
    package mutating func declare(_ atom: AtomBound) -> Literal {
        declaredAtoms.append(atom)
        return literal(atom, true)
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
