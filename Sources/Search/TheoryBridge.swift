package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear
package import Simplex

/// The linear meaning of an encoding's literals as simplex bounds, and the
/// way back from a simplex conflict to a lemma.
///
/// The simplex's structural variables are one per ReLU of the encoding
/// (its output h), latest first, then the inputs: Bland's rule, which
/// prefers small indices, then repairs a row `h - z >= c` by raising h
/// itself rather than an earlier ReLU or an input. Each atom is a bound on the slack of its
/// form (or on the variable itself for a single-variable form); a phase
/// is `h - z <= c` (active, with the root's `h - z >= c` making it an
/// equality) or `h <= 0` (inactive, with the root's `h >= 0`).
struct TheoryBridge {
    /// One bound to assert when a literal becomes true.
    struct Assertion {
        var variable: Int
        var isUpper: Bool
        var value: DeltaRational
        var reason: Int
    }

    /// Where a bound came from.
    enum Reason {
        /// A root constraint, always asserted.
        case root(TheoryConstraint)
        /// Part of a true literal's meaning: its atom (relu nil), or a ReLU's phase.
        case literal(Literal, relu: Int?)
    }

    /// The exact simplex: it holds the bounds, certifies conflicts, and
    /// decides when the floating one cannot.
    private(set) var simplex: SparseSimplex
    /// The floating twin that does the everyday pivoting.
    private(set) var steering: FloatSimplex
    /// A floating simplex over the inputs alone, with the bounds of atoms
    /// over inputs only: it finds inputs from which the network's own
    /// values give the steering simplex a fresh start when it stalls.
    private var inputSteering: FloatSimplex
    /// For each literal code, the bounds it sets in ``inputSteering``.
    private var inputAssertions: [[Assertion]]
    /// Each ReLU's operand over simplex variables, and its constant.
    private let operands: [(terms: [(variable: Int, coefficient: Double)], constant: Double)]
    /// Each ReLU's phase variable (-1 when fixed); its positive literal is active.
    private let phaseOf: [Int]
    /// How the last check was decided.
    private(set) var lastCheckWasExact = false
    /// Checks the floating simplex could not settle or certify.
    private(set) var exactChecks = 0
    private(set) var reasons: [Reason] = []
    /// For each literal code, the bounds its truth asserts.
    private(set) var assertions: [[Assertion]]
    /// Each ReLU's simplex variable, by index into the encoding's ReLUs.
    let reluVariable: [Int]
    /// Each input's simplex variable.
    let inputVariable: [Int]
    /// Each ReLU's `h - z` slack and the operand's constant c (`h - z`
    /// here is h minus z's linear part; the root bound is `>= c`).
    let reluDefinition: [(slack: Int, constant: Rational)]
    /// Root bounds that contradict each other (a lemma with no literal).
    private(set) var rootConflict: [(reason: Int, multiplier: Rational)]?

    /// The simplex variable of each input and ReLU node, indexed by node
    /// (-1 for other nodes).
    let variableOfNode: [Int]

    init(_ encoding: ClausalEncoding, _ extensions: ExtensionAtoms) {
        var builder = Builder(encoding)
        builder.defineReLUs()
        builder.addAtoms(extensions)
        builder.addPhases()
        builder.addRootConstraints()
        simplex = builder.simplex
        steering = builder.steering
        inputSteering = builder.inputSteering
        inputAssertions = builder.inputAssertions
        reasons = builder.reasons
        assertions = builder.assertions
        reluVariable = builder.reluVariable
        inputVariable = builder.inputVariable
        variableOfNode = builder.variableOfNode
        reluDefinition = builder.definitions
        rootConflict = builder.conflict
        operands = encoding.relus.map { relu in
            let terms = relu.operand.terms.compactMap { term in
                let v = builder.variableOfNode[term.node.index]
                return v < 0 ? nil : (variable: v, coefficient: term.coefficient.doubleApproximation)
            }
            return (terms, relu.operand.constant.doubleApproximation)
        }
        phaseOf = encoding.phaseVariables
    }

    /// Opens a decision level.
    mutating func pushLevel() {
        simplex.pushLevel()
        steering.pushLevel()
        inputSteering.pushLevel()
    }

    /// Returns to decision level `level`.
    mutating func backtrack(to level: Int) {
        simplex.popLevels(to: level)
        steering.popLevels(to: level)
        inputSteering.popLevels(to: level)
    }

    /// Asserts what `literal` means; Farkas multipliers when a bound crosses another.
    mutating func assert(_ literal: Literal) -> [(reason: Int, multiplier: Rational)]? {
        for a in assertions[literal.code] {
            let crossing = a.isUpper
                ? simplex.assertUpper(a.variable, a.value, reason: a.reason)
                : simplex.assertLower(a.variable, a.value, reason: a.reason)
            if let crossing { return crossing }
            steering.assertBound(a.variable, Self.steeringValue(a.value), isUpper: a.isUpper)
        }
        for a in inputAssertions[literal.code] { inputSteering.assertBound(a.variable, Self.steeringValue(a.value), isUpper: a.isUpper) }
        return nil
    }

    /// A bound for the floating simplices: strict ones moved inward by a margin.
    private static func steeringValue(_ value: DeltaRational) -> Double {
        let c = value.real.doubleApproximation
        return c + value.delta.doubleApproximation * FloatSimplex.strictMargin(c)
    }

    /// Restarts the steering simplex from a point of the network: inputs
    /// that satisfy the asserted atoms over inputs (when the small simplex
    /// finds them), and every ReLU at its value there, or at its decided
    /// phase. Only the bounds such a point breaks then need pivots.
    private mutating func restartFromNetwork(_ assignment: [Int8]) {
        guard case .feasible = inputSteering.check(deadline: nil) else { return }
        var values = Array(repeating: 0.0, count: simplex.structuralCount)
        for (i, v) in inputVariable.enumerated() { values[v] = inputSteering.value(of: i) }
        for (k, operand) in operands.enumerated() {
            var z = operand.constant
            for (v, c) in operand.terms { z += c * values[v] }
            let phase = phaseOf[k] < 0 ? 0 : assignment[phaseOf[k]]
            values[reluVariable[k]] = phase == 1 ? z : (phase == -1 ? 0 : max(z, 0))
        }
        steering.refresh(at: values)
    }

    /// Checks the bounds: the floating simplex decides feasibility for
    /// steering; its conflicts are certified exactly. When it does not
    /// settle within a few pivots per row, or its conflict does not
    /// certify, it starts again from a point of the network, then from
    /// fresh rows with more patience, then with its bounds spread apart.
    /// If even that does not settle, or its conflict does not certify, the
    /// check reports no conflict: an unproved "feasible" only steers, and
    /// the search decides further (the exact simplex, whose pivots on dense
    /// rows take seconds, is left for the point at the end).
    mutating func check(deadline: ContinuousClock.Instant?, assignment: [Int8]) -> SparseSimplex.Outcome {
        lastCheckWasExact = false
        if steering.isStale { steering.refresh() }
        for attempt in 0..<4 {
            // The last try spreads the bounds apart: near-ties between them
            // make phase one crawl by tiny steps on the dense models. The
            // shift is a tenth of the strict margin, so no strict bound
            // moves past its exact value.
            let outcome = attempt == 3
                ? steering.checkWithRelaxedBounds(relative: 1e-8, deadline: deadline)
                : steering.check(deadline: deadline, patience: attempt == 0 ? 4 * (simplex.variableCount - simplex.structuralCount) + 40 : nil)
            switch outcome {
            case .interrupted:
                return .interrupted
            case .feasible:
                return .feasible
            case .infeasible(let conflict):
                if let explanation = simplex.certify(conflict, deadline: deadline) {
                    return .infeasible(explanation)
                }
                if let deadline, ContinuousClock.now > deadline { return .interrupted }
            case .undecided:
                break
            }
            if attempt == 0 { restartFromNetwork(assignment) } else if attempt == 1 { steering.refresh() }
        }
        // Nothing here is a verdict: the search decides further, and a
        // deeper check certifies a conflict or finds a point; the exact
        // simplex decides only when no decision is left.
        return .feasible
    }

    /// Checks with the exact simplex alone.
    mutating func exactCheck(deadline: ContinuousClock.Instant?) -> SparseSimplex.Outcome {
        lastCheckWasExact = true
        exactChecks += 1
        return simplex.check(deadline: deadline)
    }

    /// The lemma a conflict proves: the negations of the true literals it
    /// used, and its multipliers as theory terms over that clause.
    func lemma(_ multipliers: [(reason: Int, multiplier: Rational)]) -> (clause: [Literal], terms: [TheoryTerm]) {
        var clause: [Literal] = []
        var position: [Literal: Int] = [:]
        var terms: [TheoryTerm] = []
        for (reason, y) in multipliers {
            switch reasons[reason] {
            case .root(let constraint):
                terms.append(TheoryTerm(constraint, y))
            case .literal(let literal, let relu):
                let negation = !literal
                let k: Int
                if let known = position[negation] {
                    k = known
                } else {
                    k = clause.count
                    clause.append(negation)
                    position[negation] = k
                }
                terms.append(TheoryTerm(relu.map { .phase(k, relu: $0) } ?? .atom(k), y))
            }
        }
        return (clause, terms)
    }
}

extension TheoryBridge {
    /// The bridge's set-up, step by step: the ReLUs' definitions, the
    /// atoms' and phases' bounds, and the root constraints.
    ///
    /// The simplex's structural variables are one per ReLU (latest first),
    /// then the inputs; both simplices number their slacks alike.
    fileprivate struct Builder {
        let encoding: ClausalEncoding
        let reluVariable: [Int]
        let inputVariable: [Int]
        var variableOfNode: [Int]
        var simplex: SparseSimplex
        var steering: FloatSimplex
        var inputSteering: FloatSimplex
        var reasons: [Reason] = []
        var assertions: [[Assertion]]
        var inputAssertions: [[Assertion]]
        var definitions: [(slack: Int, constant: Rational)] = []
        var conflict: [(reason: Int, multiplier: Rational)]?

        init(_ encoding: ClausalEncoding) {
            self.encoding = encoding
            let reluCount = encoding.relus.count
            reluVariable = encoding.relus.indices.map { reluCount - 1 - $0 }
            inputVariable = encoding.inputs.indices.map { reluCount + $0 }
            let nodeCount = (encoding.inputs + encoding.relus.map(\.node)).max().map { $0 + 1 } ?? 0
            variableOfNode = Array(repeating: -1, count: nodeCount)
            for (i, node) in encoding.inputs.enumerated() { variableOfNode[node] = inputVariable[i] }
            for (k, relu) in encoding.relus.enumerated() { variableOfNode[relu.node] = reluVariable[k] }
            let width = encoding.inputs.count
            simplex = SparseSimplex(structuralCount: width + reluCount)
            steering = FloatSimplex(structuralCount: width + reluCount)
            inputSteering = FloatSimplex(structuralCount: width)
            assertions = Array(repeating: [], count: 2 * encoding.variables.count)
            inputAssertions = Array(repeating: [], count: 2 * encoding.variables.count)
        }

        /// A slack in both simplices.
        mutating func slack(_ terms: [(variable: Int, coefficient: Rational)]) -> Int {
            let count = simplex.variableCount
            let v = simplex.slack(for: terms)
            if v == count { _ = steering.addSlack(terms.map { ($0.variable, $0.coefficient.doubleApproximation) }) }
            return v
        }

        /// The terms of a form over simplex variables, ascending; nodes
        /// that are neither inputs nor ReLUs are left out.
        func terms(_ form: LinearForm, scale: Rational = .one) -> [(variable: Int, coefficient: Rational)] {
            form.terms.compactMap { term in
                let v = term.node.index < variableOfNode.count ? variableOfNode[term.node.index] : -1
                return v < 0 ? nil : (v, scale * term.coefficient)
            }.sorted { $0.variable < $1.variable }
        }

        mutating func add(_ literal: Literal, _ variable: Int, isUpper: Bool, _ value: DeltaRational, relu: Int?) {
            reasons.append(.literal(literal, relu: relu))
            assertions[literal.code].append(Assertion(variable: variable, isUpper: isUpper, value: value, reason: reasons.count - 1))
        }

        /// Each ReLU's `h - z` slack, with its operand's constant.
        mutating func defineReLUs() {
            for (k, relu) in encoding.relus.enumerated() {
                var definition = terms(relu.operand, scale: -.one)
                definition.append((reluVariable[k], .one))
                definition.sort { $0.variable < $1.variable }
                definitions.append((slack(definition), relu.operand.constant))
            }
        }

        /// Atoms: a bound on the form's slack (or on its one variable). An
        /// extension atom bounds a maximum from above when true, or a
        /// minimum from below when false; its other truth value only says
        /// what the root relaxation does already, so it sets no bound.
        mutating func addAtoms(_ extensions: ExtensionAtoms) {
            let reluCount = encoding.relus.count
            var shapeOfSeed: [Int: AtomUnfolding.Shape] = [:]
            for u in extensions.unfoldings where extensions.atoms.contains(u.atom.variable) { shapeOfSeed[u.atom.variable] = u.shape }
            for (v, variable) in encoding.variables.enumerated() where !extensions.unfoldedAtoms.contains(v) {
                guard case .atom(let atom) = variable else { continue }
                let form = terms(atom.form)
                precondition(form.count == atom.form.terms.count, "an atom over a node that is neither an input nor a ReLU of the query")
                let target = form.count == 1 && form[0].coefficient == .one ? form[0].variable : slack(form)
                let positive = Literal(variable: v)
                // form <= bound (strict: bound - δ); negation: form >= bound (+ δ unless strict).
                let atMost = DeltaRational(atom.bound, delta: atom.strict ? -1 : 0)
                let above = DeltaRational(atom.bound, delta: atom.strict ? 0 : 1)
                if shapeOfSeed[v] != .minimum { add(positive, target, isUpper: true, atMost, relu: nil) }
                if shapeOfSeed[v] != .maximum { add(!positive, target, isUpper: false, above, relu: nil) }
                if form.allSatisfy({ $0.variable >= reluCount }) {
                    let inputForm = form.map { ($0.variable - reluCount, $0.coefficient.doubleApproximation) }
                    let inputTarget = inputForm.count == 1 && inputForm[0].1 == 1 ? inputForm[0].0 : inputSteering.addSlack(inputForm)
                    inputAssertions[positive.code].append(Assertion(variable: inputTarget, isUpper: true, value: atMost, reason: -1))
                    inputAssertions[(!positive).code].append(Assertion(variable: inputTarget, isUpper: false, value: above, reason: -1))
                }
            }
        }

        /// Phases: active makes h - z <= c (with the root's >= c, h = z); inactive h <= 0.
        mutating func addPhases() {
            for (k, relu) in encoding.relus.enumerated() {
                guard case .literal(let active) = relu.phase else { continue }
                add(active, definitions[k].slack, isUpper: true, DeltaRational(definitions[k].constant), relu: k)
                add(!active, reluVariable[k], isUpper: true, .zero, relu: k)
            }
        }

        mutating func root(_ constraint: TheoryConstraint, _ variable: Int, upper: Bool, _ value: Rational) {
            reasons.append(.root(constraint))
            let crossing = upper
                ? simplex.assertUpper(variable, DeltaRational(value), reason: reasons.count - 1)
                : simplex.assertLower(variable, DeltaRational(value), reason: reasons.count - 1)
            steering.assertBound(variable, value.doubleApproximation, isUpper: upper)
            if conflict == nil, let crossing { conflict = crossing }
        }

        /// The box, each ReLU's `h >= 0` and `h >= z`, twins' equalities,
        /// and the phases of ReLUs whose operand is a constant.
        mutating func addRootConstraints() {
            if let (low, high) = encoding.box {
                for i in encoding.inputs.indices {
                    root(.boxLower(i), inputVariable[i], upper: false, low)
                    root(.boxUpper(i), inputVariable[i], upper: true, high)
                    inputSteering.assertBound(i, low.doubleApproximation, isUpper: false)
                    inputSteering.assertBound(i, high.doubleApproximation, isUpper: true)
                }
            }
            for (k, relu) in encoding.relus.enumerated() {
                root(.reluNonnegative(k), reluVariable[k], upper: false, .zero)
                root(.reluAboveOperand(k), definitions[k].slack, upper: false, definitions[k].constant)
                if let twin = relu.twin {
                    // h - h' + z' = 0, with z' = terms + constant.
                    let z = encoding.relus[twin].operand
                    var difference = terms(z)
                    difference += [(reluVariable[k], .one), (reluVariable[twin], -.one)]
                    difference.sort { $0.variable < $1.variable }
                    let s = slack(difference)
                    root(.twinDifference(k), s, upper: false, -z.constant)
                    root(.twinDifference(k), s, upper: true, -z.constant)
                }
                if case .fixed(let active) = relu.phase {
                    if active {
                        root(.fixedPhase(k), definitions[k].slack, upper: true, definitions[k].constant)
                    } else {
                        root(.fixedPhase(k), reluVariable[k], upper: true, .zero)
                    }
                }
            }
        }
    }
}
