package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// Which extension atoms a query gets, and how each unfolds
/// (``AtomUnfolding``), worked out over forms before any variable exists,
/// so that a closure too large to pay is dropped whole.
///
/// The seeds bound the *carried value* of each ReLU the formula's atoms
/// read by each input, both `<=` and `<`: `h` plus the inputs its operand
/// subtracts, so for `h = relu(v - x[t])` the value `x[t] + h = max(v,
/// x[t])` that a chain of maxima hands on. Each form unfolds on its latest
/// ReLU with a phase literal, breadth first, and every form sheds its twin
/// pairs first (the later twin `h` becomes `h' - z'`, which is exact
/// everywhere), until no form has a ReLU left. A form and its two
/// comparisons (`<= 0`, `< 0`) unfold alike, so the plan works on forms.
/// On a model whose chains share their links (a running maximum,
/// leave-one-out maxima) the closure is a few forms per link and input; on
/// a dense trained model every unfolding brings new forms, the forms
/// waiting to unfold soon outnumber twice the seeds (or the budget runs
/// out), and the query gets no extension atoms: atoms that share nothing
/// would only add rows to the simplex.
struct UnfoldingPlan {
    typealias Form = LinearForm

    /// A form's normal form and bound: `form = lead · (normal - bound)`.
    struct Normal: Hashable {
        var form: LinearForm
        var bound: Rational

        /// The atom of the comparison `form - bound <= 0` (`< 0` when strict).
        func atom(strict: Bool) -> AtomBound { AtomBound(form: form, bound: bound, strict: strict) }
    }

    /// What `F <= 0` (or `< 0`) becomes on one side of the phase.
    enum Side {
        /// The form `lead · (normal - bound)` of ``forms``[index].
        case form(Int, lead: Rational)
        /// A constant.
        case constant(Rational)
    }

    /// One side, with the twins its form shed.
    struct Branch {
        var side: Side
        var twinsDropped: [(relu: Int, coefficient: Rational)]
    }

    /// One form's unfolding: on the phase of ReLU `relu` (an index into the
    /// encoding's ReLUs), whose literal every substituted ReLU shares.
    struct Step {
        /// Its index in ``forms``.
        var form: Int
        var relu: Int
        var whenTrue: Branch
        var whenFalse: Branch
        var shape: AtomUnfolding.Shape
        var substitutions: [AtomUnfolding.Substitution]
    }

    /// At most this many unfoldings (of forms) per query.
    static let budget = 2048

    /// Every form, seeds first, in the order they were reached: each is
    /// compared with 0 both ways, `<=` and `<`.
    private(set) var forms: [Normal] = []
    /// How many of ``forms`` are seeds.
    private(set) var seedCount = 0
    /// The unfoldings, breadth first from the seeds.
    private(set) var steps: [Step] = []

    /// The encoding's ReLUs.
    private let relus: [ClausalEncoding.ReLU]
    /// Each node's ReLU (an index into `relus`), or -1.
    private let reluOfNode: [Int]
    /// Each form's index in ``forms``.
    private var index: [Normal: Int] = [:]

    /// The plan for these ReLUs (the encoding's), inputs (their nodes) and
    /// the nodes the formula's atoms read; nil when there is nothing to
    /// unfold or the closure exceeds the budget.
    init?(relus: [ClausalEncoding.ReLU], inputs: [Int], read: Set<Int>) {
        self.relus = relus
        let nodeCount = (relus.map(\.node) + inputs).max().map { $0 + 1 } ?? 0
        var reluOfNode = Array(repeating: -1, count: nodeCount)
        for (k, relu) in relus.enumerated() { reluOfNode[relu.node] = k }
        self.reluOfNode = reluOfNode
        addSeeds(inputs: inputs, read: read)
        seedCount = forms.count
        var next = 0
        while next < forms.count {
            let normal = forms[next]
            next += 1
            let form = normal.form.adding(-normal.bound, Form(constant: .one))
            guard let (k, active) = unfoldingPhase(of: form) else { continue }
            // Shared links hand on one new form per unfolding; forms that
            // share nothing double the forms waiting at every step.
            guard steps.count < Self.budget, forms.count - next <= 2 * seedCount + 16 else { return nil }
            steps.append(unfold(form, at: next - 1, relu: k, phase: active))
        }
        if steps.isEmpty { return nil }
    }

    /// The seeds: each carried value of a ReLU the formula reads, minus each input.
    private mutating func addSeeds(inputs: [Int], read: Set<Int>) {
        for (k, relu) in relus.enumerated() where read.contains(relu.node) {
            guard case .literal = relu.phase else { continue }
            var carried = Form(node: NodeID(relu.node))
            for term in relu.operand.terms where term.coefficient.signum < 0 && reluIndex(at: term.node.index) == nil {
                carried.add(-term.coefficient, Form(node: term.node))
            }
            for input in inputs { _ = enqueue(carried.adding(-.one, Form(node: NodeID(input)))) }
        }
    }

    /// The ReLU a node is, if any.
    private func reluIndex(at node: Int) -> Int? {
        guard node < reluOfNode.count, reluOfNode[node] >= 0 else { return nil }
        return reluOfNode[node]
    }

    /// The ReLU with a phase literal that a node is, if any.
    private func unfoldable(_ node: Int) -> Int? {
        guard let k = reluIndex(at: node), case .literal = relus[k].phase else { return nil }
        return k
    }

    /// The form's latest ReLU with a phase literal, and that literal.
    private func unfoldingPhase(of form: Form) -> (relu: Int, active: Literal)? {
        guard let latest = form.terms.last(where: { unfoldable($0.node.index) != nil }), let k = unfoldable(latest.node.index),
            case .literal(let active) = relus[k].phase
        else { return nil }
        return (k, active)
    }

    /// The form on both sides of the phase: every ReLU of the form that
    /// shares the phase variable takes its value there.
    private mutating func unfold(_ form: Form, at formIndex: Int, relu k: Int, phase active: Literal) -> Step {
        var whenTrue = form
        var whenFalse = form
        var substitutions: [AtomUnfolding.Substitution] = []
        for term in form.terms {
            let (node, c) = (term.node, term.coefficient)
            guard let j = unfoldable(node.index), case .literal(let l) = relus[j].phase, l.variable == active.variable else { continue }
            let activeWhenTrue = !l.isNegative
            substitutions.append(AtomUnfolding.Substitution(relu: j, coefficient: c, activeWhenTrue: activeWhenTrue))
            whenTrue = whenTrue.removing(node)
            whenFalse = whenFalse.removing(node)
            if activeWhenTrue { whenTrue = whenTrue.adding(c, relus[j].operand) } else { whenFalse = whenFalse.adding(c, relus[j].operand) }
        }
        let trueBranch = enqueue(whenTrue)
        let falseBranch = enqueue(whenFalse)
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
        return Step(form: formIndex, relu: k, whenTrue: trueBranch, whenFalse: falseBranch, shape: shape, substitutions: substitutions)
    }

    /// The form without twin pairs, and the twins dropped.
    private func shedTwins(_ form: Form) -> (Form, [(relu: Int, coefficient: Rational)]) {
        var form = form
        var dropped: [(relu: Int, coefficient: Rational)] = []
        while let term = form.terms.last(where: { term in
            guard let k = reluIndex(at: term.node.index), let twin = relus[k].twin else { return false }
            return form.coefficient(of: NodeID(relus[twin].node)) != nil
        }), let k = reluIndex(at: term.node.index), let j = relus[k].twin {
            let c = term.coefficient
            // form - c (h - h' + z')
            form = form.removing(term.node).adding(c, Form(node: NodeID(relus[j].node))).adding(-c, relus[j].operand)
            dropped.append((k, c))
        }
        return (form, dropped)
    }

    /// The branch of a form: a constant, or the form's index in ``forms``
    /// (added when new) with its lead.
    private mutating func enqueue(_ form: Form) -> Branch {
        let (form, dropped) = shedTwins(form)
        guard let (normal, bound, lead) = AtomBound.normalForm(form) else {
            return Branch(side: .constant(form.constant), twinsDropped: dropped)
        }
        let key = Normal(form: normal, bound: bound)
        let k = index[key] ?? forms.count
        if k == forms.count {
            index[key] = k
            forms.append(key)
        }
        return Branch(side: .form(k, lead: lead), twinsDropped: dropped)
    }
}

extension UnfoldingPlan.Side {
    /// Whether both sides compare the same with 0, whatever the
    /// strictness: the same form with leads of one sign (a positive
    /// multiple), or the same constant sign.
    func sameComparison(as other: Self) -> Bool {
        switch (self, other) {
        case (.constant(let a), .constant(let b)): return a.signum == b.signum
        case (.form(let a, let p), .form(let b, let q)): return a == b && p.signum == q.signum
        default: return false
        }
    }
}
