import ExactArithmetic
import PiecewiseLinear

/// Which extension atoms a query gets, and how each unfolds
/// (``AtomUnfolding``), worked out over atom bounds before any variable
/// exists, so that a closure too large to pay is dropped whole.
///
/// The seeds bound the *carried value* of each ReLU the formula's atoms
/// read by each input: `h` plus the inputs its operand subtracts, so for
/// `h = relu(v - x[t])` the value `x[t] + h = max(v, x[t])` that a chain of
/// maxima hands on. Each atom unfolds on its latest ReLU with a phase
/// literal, breadth first, and every form sheds its twin pairs first (the
/// later twin `h` becomes `h' - z'`, which is exact everywhere), until no
/// atom has a ReLU left. On a model whose chains share their links (a
/// running maximum, leave-one-out maxima) the closure is a few atoms per
/// link and input; on a dense trained model every unfolding brings new
/// forms, the atoms waiting to unfold soon outnumber twice the seeds (or
/// the budget runs out), and the query gets no extension atoms: atoms that
/// share nothing would only add rows to the simplex.
struct UnfoldingPlan {
    /// What `F <= 0` becomes on one side of the phase.
    enum Side {
        /// The atom `atom` (or its negation, when `positive` is false), with
        /// `form = scale * (atom form - atom bound)`.
        case atom(AtomBound, positive: Bool, scale: Rational)
        /// A comparison of a constant with 0.
        case constant(Bool)
    }

    /// One side, with the twins its form shed.
    struct Branch {
        var side: Side
        var twinsDropped: [(relu: Int, coefficient: Rational)]
    }

    /// One atom's unfolding: on the phase of ReLU `relu` (an index into the
    /// encoding's ReLUs), whose literal every substituted ReLU shares.
    struct Step {
        var atom: AtomBound
        var relu: Int
        var whenTrue: Branch
        var whenFalse: Branch
        var shape: AtomUnfolding.Shape
        var substitutions: [AtomUnfolding.Substitution]
    }

    /// At most this many unfoldings per query.
    static let budget = 2048

    /// The seed atoms, in order.
    private(set) var seeds: [AtomBound] = []
    /// The unfoldings, breadth first from the seeds.
    private(set) var steps: [Step] = []

    /// The plan for these ReLUs (the encoding's), inputs (their nodes) and
    /// the nodes the formula's atoms read; nil when there is nothing to
    /// unfold or the closure exceeds the budget.
    init?(relus: [ClausalEncoding.ReLU], inputs: [Int], read: Set<Int>) {
        var reluOfNode: [Int: Int] = [:]
        for (k, relu) in relus.enumerated() { reluOfNode[relu.node] = k }
        /// The ReLU with a phase literal that each node is, if any.
        func unfoldable(_ node: Int) -> Int? {
            guard let k = reluOfNode[node], case .literal = relus[k].phase else { return nil }
            return k
        }
        var queue: [AtomBound] = []
        var queued: Set<AtomBound> = []

        /// The form without twin pairs, and the twins dropped.
        func shedTwins(_ form: NodeCombination) -> (NodeCombination, [(relu: Int, coefficient: Rational)]) {
            var form = form
            var dropped: [(relu: Int, coefficient: Rational)] = []
            while let (node, c) = form.sortedTerms.last(where: { node, _ in
                guard let k = reluOfNode[node], let twin = relus[k].twin else { return false }
                return form.terms[relus[twin].node] != nil
            }), let k = reluOfNode[node], let j = relus[k].twin {
                // form - c (h - h' + z')
                form.terms[node] = nil
                form.add(c, NodeCombination(terms: [relus[j].node: .one]))
                form.add(-c, relus[j].operand)
                dropped.append((k, c))
            }
            return (form, dropped)
        }
        func enqueue(_ combination: NodeCombination, strict: Bool) -> Branch {
            let (combination, dropped) = shedTwins(combination)
            guard case .literal(let atom, let positive) = AtomBound.normalizing(combination, strict ? .less : .lessOrEqual) else {
                return Branch(side: .constant(combination.constant.signum < 0 || (!strict && combination.constant.isZero)), twinsDropped: dropped)
            }
            if queued.insert(atom).inserted { queue.append(atom) }
            return Branch(side: .atom(atom, positive: positive, scale: combination.sortedTerms[0].coefficient), twinsDropped: dropped)
        }

        for relu in relus where read.contains(relu.node) {
            guard case .literal = relu.phase else { continue }
            var carried = NodeCombination(terms: [relu.node: .one])
            for (node, c) in relu.operand.sortedTerms where c.signum < 0 && reluOfNode[node] == nil {
                carried.add(-c, NodeCombination(terms: [node: .one]))
            }
            for input in inputs {
                var bound = carried
                bound.add(-.one, NodeCombination(terms: [input: .one]))
                _ = enqueue(bound, strict: false)
                _ = enqueue(bound, strict: true)
            }
        }
        seeds = queue
        var next = 0
        while next < queue.count {
            let atom = queue[next]
            next += 1
            var form = NodeCombination(constant: -atom.bound)
            for (node, c) in zip(atom.form.nodes, atom.form.coefficients) { form.terms[node] = c }
            guard let latest = form.terms.keys.filter({ unfoldable($0) != nil }).max(), let k = unfoldable(latest),
                case .literal(let active) = relus[k].phase
            else { continue }
            // Shared links hand on one new atom per unfolding; forms that
            // share nothing double the atoms waiting at every step.
            guard steps.count < Self.budget, queue.count - next <= 2 * seeds.count + 16 else { return nil }
            var whenTrue = form
            var whenFalse = form
            var substitutions: [AtomUnfolding.Substitution] = []
            for (node, c) in form.sortedTerms {
                guard let j = unfoldable(node), case .literal(let l) = relus[j].phase, l.variable == active.variable else { continue }
                let activeWhenTrue = !l.isNegative
                substitutions.append(AtomUnfolding.Substitution(relu: j, coefficient: c, activeWhenTrue: activeWhenTrue))
                whenTrue.terms[node] = nil
                whenFalse.terms[node] = nil
                if activeWhenTrue { whenTrue.add(c, relus[j].operand) } else { whenFalse.add(c, relus[j].operand) }
            }
            let trueBranch = enqueue(whenTrue, strict: atom.strict)
            let falseBranch = enqueue(whenFalse, strict: atom.strict)
            let shape: AtomUnfolding.Shape
            if trueBranch.side.sameComparison(as: falseBranch.side) {
                shape = .same
            } else if substitutions.allSatisfy({ $0.coefficient.signum > 0 }) {
                shape = .maximum
            } else if substitutions.allSatisfy({ $0.coefficient.signum < 0 }) {
                shape = .minimum
            } else {
                shape = .conditional
            }
            steps.append(Step(atom: atom, relu: k, whenTrue: trueBranch, whenFalse: falseBranch, shape: shape, substitutions: substitutions))
        }
        if steps.isEmpty { return nil }
    }
}

extension UnfoldingPlan.Side {
    /// Whether both sides are the same comparison (the same atom with the
    /// same sign, or the same constant).
    func sameComparison(as other: Self) -> Bool {
        switch (self, other) {
        case (.constant(let a), .constant(let b)): return a == b
        case (.atom(let a, let p, _), .atom(let b, let q, _)): return a == b && p == q
        default: return false
        }
    }
}
