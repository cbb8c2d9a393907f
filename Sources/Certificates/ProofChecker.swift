package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// Re-verifies a ``QueryProof`` against a ``Query`` without any search. For
/// a clausal proof it rebuilds the query's ``ClausalEncoding`` and checks
/// every step in order: a lemma's multipliers must combine the linear
/// meanings of its negated literals and the root constraints into a
/// contradiction (Farkas' lemma); a derived clause must follow from its
/// hinted clauses by unit propagation; the proof must end with the empty
/// clause. An integer domain's proof is re-done by evaluating every point.
/// It trusts only exact arithmetic and the lowering and encoding of claims.
package struct ProofChecker {
    /// Why a proof does not prove its query.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, and at which step.
        package let reason: String

        /// A one-line explanation.
        package var description: String { reason }
    }

    private let query: Query

    /// A checker for proofs about `query`.
    package init(query: Query) {
        self.query = query
    }

    /// Checks `proof`.
    ///
    /// - Throws: ``Failure`` naming the first thing that does not check.
    package func check(_ proof: QueryProof) throws(Failure) {
        let finite = query.domain.finitePoints(dimension: query.inputs.count)
        switch (proof, finite) {
        case (.enumerated, let (points, _)?):
            // Only the nodes the formula reads: the program holds the whole file's.
            let needed = query.program.dependencies(of: query.formula.nodes)
            for x in points where query.formula.holds(query.program.evaluate(at: x, only: needed)) {
                throw Failure(reason: "x = \(x.map(\.description)) satisfies the query")
            }
        case (.enumerated, nil):
            throw Failure(reason: "enumeration proves only finite domains")
        case (.clausal, _?):
            throw Failure(reason: "a finite domain is proved by enumeration")
        case (.clausal(let clausal), nil):
            var checker = ClausalChecker(try Self.encoding(of: query, extendedWith: clausal.extensionAtoms))
            try checker.check(clausal)
        }
    }
}

extension ProofChecker {
    /// The query's encoding with a proof's extension atoms declared on it.
    /// A declared atom adds a variable and no clause, so it is sound
    /// whatever comparison it names; it must only name nodes the encoding's
    /// linear meanings speak of (inputs and ReLUs of the query).
    static func encoding(of query: Query, extendedWith atoms: [AtomBound]) throws(Failure) -> ClausalEncoding {
        var encoding = ClausalEncoding(query)
        let known = Set(encoding.inputs + encoding.relus.map(\.node))
        for (k, atom) in atoms.enumerated() {
            if let node = atom.form.terms.first(where: { !known.contains($0.node.index) })?.node {
                throw Failure(reason: "extension atom \(k) reads node \(node.index), which is neither an input nor a ReLU of the query")
            }
            _ = encoding.declare(atom)
        }
        return encoding
    }
}

/// The checks of one clausal proof.
private struct ClausalChecker {
    typealias Failure = ProofChecker.Failure

    let encoding: ClausalEncoding
    var clauses: [[Literal]]
    /// Scratch assignment for unit propagation: 0 open, 1 true, -1 false.
    var value: [Int8]

    init(_ encoding: ClausalEncoding) {
        self.encoding = encoding
        clauses = encoding.clauses
        value = Array(repeating: 0, count: encoding.variables.count)
    }

    mutating func check(_ proof: ClausalProof) throws(Failure) {
        for (k, step) in proof.steps.enumerated() {
            let id = clauses.count
            switch step {
            case .lemma(let clause, let terms):
                try checkLiterals(clause, step: k)
                try checkLemma(clause, terms, step: k)
                clauses.append(clause)
            case .derived(let clause, let hints):
                try checkLiterals(clause, step: k)
                try checkPropagation(clause, hints, step: k)
                clauses.append(clause)
            }
            if clauses[id].isEmpty {
                guard k == proof.steps.count - 1 else { throw Failure(reason: "step \(k): steps after the empty clause") }
                return
            }
        }
        throw Failure(reason: "the proof does not derive the empty clause")
    }

    private func checkLiterals(_ clause: [Literal], step: Int) throws(Failure) {
        for l in clause where l.code < 0 || l.variable >= encoding.variables.count {
            throw Failure(reason: "step \(step): literal \(l) names no variable of the encoding")
        }
    }

    // MARK: - Lemmas

    /// `combination relation 0`.
    private struct Inequality {
        var combination: LinearForm
        var relation: Relation
    }

    private func checkLemma(_ clause: [Literal], _ terms: [TheoryTerm], step: Int) throws(Failure) {
        var sum = LinearForm()
        var strict = false
        for term in terms {
            let c = try inequality(term.constraint, clause, step: step)
            let y = term.multiplier
            guard !y.isZero else { throw Failure(reason: "step \(step): a zero multiplier") }
            switch c.relation {
            case .less, .lessOrEqual: guard y.signum > 0 else { throw Failure(reason: "step \(step): multiplier \(y) of \(term.constraint) has the wrong sign") }
            case .greater, .greaterOrEqual: guard y.signum < 0 else { throw Failure(reason: "step \(step): multiplier \(y) of \(term.constraint) has the wrong sign") }
            case .equal: break
            }
            if c.relation.isStrict { strict = true }
            sum.add(y, c.combination)
        }
        // Each y · (combination) is <= 0 (< 0 if strict); the nodes cancel,
        // so the constant left must be > 0, or 0 with a strict constraint.
        if let first = sum.terms.first {
            throw Failure(reason: "step \(step): the combination leaves \(first.coefficient) times node \(first.node.index)")
        }
        guard sum.constant.signum > 0 || (sum.constant.isZero && strict) else {
            throw Failure(reason: "step \(step): the combination gives \(sum.constant) \(strict ? "<" : "<=") 0, no contradiction")
        }
    }

    private func inequality(_ constraint: TheoryConstraint, _ clause: [Literal], step: Int) throws(Failure) -> Inequality {
        func relu(_ k: Int) throws(Failure) -> ClausalEncoding.ReLU {
            guard encoding.relus.indices.contains(k) else { throw Failure(reason: "step \(step): no ReLU \(k)") }
            return encoding.relus[k]
        }
        func negated(_ j: Int) throws(Failure) -> Literal {
            guard clause.indices.contains(j) else { throw Failure(reason: "step \(step): the clause has no literal \(j)") }
            return !clause[j]
        }
        func node(_ n: Int) -> LinearForm { LinearForm(node: NodeID(n)) }
        /// `h - z` and `h` of ReLU k, by phase.
        func phase(_ r: ClausalEncoding.ReLU, active: Bool) -> Inequality {
            var c = node(r.node)
            if active { c.add(-1, r.operand) }
            return Inequality(combination: c, relation: .lessOrEqual)
        }
        switch constraint {
        case .boxLower(let i), .boxUpper(let i):
            guard let (low, high) = encoding.box, encoding.inputs.indices.contains(i) else {
                throw Failure(reason: "step \(step): no box bound for input \(i)")
            }
            var c = node(encoding.inputs[i])
            if case .boxLower = constraint {
                c.constant = -low
                return Inequality(combination: c, relation: .greaterOrEqual)
            }
            c.constant = -high
            return Inequality(combination: c, relation: .lessOrEqual)
        case .reluNonnegative(let k):
            return Inequality(combination: node(try relu(k).node), relation: .greaterOrEqual)
        case .reluAboveOperand(let k):
            let r = try relu(k)
            var c = node(r.node)
            c.add(-1, r.operand)
            return Inequality(combination: c, relation: .greaterOrEqual)
        case .twinDifference(let k):
            let r = try relu(k)
            guard let j = r.twin, encoding.relus.indices.contains(j), j != k else { throw Failure(reason: "step \(step): ReLU \(k) has no twin") }
            let twin = encoding.relus[j]
            var sum = r.operand
            sum.add(.one, twin.operand)
            guard sum.terms.isEmpty, sum.constant.isZero else { throw Failure(reason: "step \(step): ReLU \(k)'s operand is not its twin's negated") }
            var c = node(r.node)
            c.add(-1, node(twin.node))
            c.add(1, twin.operand)
            return Inequality(combination: c, relation: .equal)
        case .fixedPhase(let k):
            let r = try relu(k)
            guard case .fixed(let active) = r.phase else { throw Failure(reason: "step \(step): ReLU \(k)'s phase is not fixed") }
            return phase(r, active: active)
        case .atom(let j):
            let l = try negated(j)
            guard case .atom(let atom) = encoding.variables[l.variable] else {
                throw Failure(reason: "step \(step): literal \(j) is not an atom")
            }
            var c = atom.form
            c.constant = -atom.bound
            if l.isNegative { return Inequality(combination: c, relation: atom.strict ? .greaterOrEqual : .greater) }
            return Inequality(combination: c, relation: atom.strict ? .less : .lessOrEqual)
        case .phase(let j, let k):
            let l = try negated(j)
            let r = try relu(k)
            guard case .literal(let active) = r.phase, active.variable == l.variable else {
                throw Failure(reason: "step \(step): literal \(j) is not the phase of ReLU \(k)")
            }
            return phase(r, active: active == l)
        }
    }

    // MARK: - Unit propagation

    private mutating func checkPropagation(_ clause: [Literal], _ hints: [Int], step: Int) throws(Failure) {
        var assigned: [Int] = []
        defer { for v in assigned { value[v] = 0 } }
        func set(_ l: Literal) {
            value[l.variable] = l.isNegative ? -1 : 1
            assigned.append(l.variable)
        }
        func literalValue(_ l: Literal) -> Int8 { l.isNegative ? -value[l.variable] : value[l.variable] }
        for l in clause {
            if literalValue(l) == 1 { return }  // contains both a literal and its negation
            if literalValue(l) == 0 { set(!l) }
        }
        for (position, id) in hints.enumerated() {
            guard id >= 0, id < clauses.count else { throw Failure(reason: "step \(step): hint \(id) names no earlier clause") }
            var open: Literal?
            var openCount = 0
            for l in clauses[id] {
                switch literalValue(l) {
                case 1: throw Failure(reason: "step \(step): hint \(id) \(clauses[id]) is already satisfied (by \(l)) while deriving \(clause) with hints \(hints)")
                case 0:
                    if open != l {
                        openCount += 1
                        open = l
                    }
                default: continue
                }
            }
            if openCount == 0 {
                // The conflict must come with the last hint: nothing unchecked follows it.
                guard position == hints.count - 1 else { throw Failure(reason: "step \(step): hints continue after the conflict") }
                return
            }
            guard openCount == 1, let unit = open else { throw Failure(reason: "step \(step): hint \(id) is not unit") }
            set(unit)
        }
        throw Failure(reason: "step \(step): the hints do not propagate to a conflict")
    }
}
