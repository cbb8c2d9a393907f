package import Claims
package import Encoding
package import Sampling
package import ExactArithmetic
package import PiecewiseLinear
package import Simplex

extension ConflictDrivenSearch {
    /// What to do when the assignment is consistent so far.
    enum Decision {
        /// The simplex's point satisfies the query, evaluated exactly.
        case solution([Rational])
        /// The next literal to assume.
        case decision(Literal)
        /// The exact simplex found the bounds infeasible after all: the lemma's clause id.
        case conflict(Int)
    }

    /// Picks what to assume next from the simplex's point. First the phase
    /// of a ReLU whose h the relaxation bends there (h above max(z, 0)),
    /// taking the phase the network itself has at that input; when no ReLU
    /// bends, the point is an input of the network, evaluated exactly: a
    /// solution, or a required disjunction none of whose options holds
    /// there, one of which is assumed. Among candidates, the most active
    /// variable (VSIDS), then the earliest ReLU.
    ///
    /// The floating simplex's point steers; when it cannot (its point and
    /// the exact evaluation disagree), the exact simplex decides.
    mutating func decide() throws(Stop) -> Decision {
        if !theory.lastCheckWasExact {
            if let decision = steeredDecision() { return decision }
            switch theory.exactCheck(deadline: deadline) {
            case .infeasible(let multipliers): return .conflict(addLemma(multipliers))
            case .interrupted: throw timedOut
            case .feasible: break
            }
        }
        return exactDecision()
    }

    /// A decision from the floating simplex's point, or nil when that
    /// point looks like a solution that exact evaluation does not confirm.
    private mutating func steeredDecision() -> Decision? {
        let lp = (0..<theory.simplex.structuralCount).map { theory.steering.value(of: $0) }
        let x = theory.inputVariable.map { lp[$0] }
        let network = floatValues(at: x)
        if regionPoint == nil, regionPointTries < Self.regionPointTries {
            regionPointTries += 1
            if premise.mayHold(network) { regionPoint = x }
        }
        var truth = floatTruthValues(at: network)
        if let option = openInputSplit(&truth) { return .decision(option) }
        // Locals, so the closures do not capture (and copy) the whole search.
        let (reluVariable, relus, operands, variableOfNode, operandNode) = (theory.reluVariable, encoding.relus, floatOperands, variableOfNode, floatOperandNode)
        let bent = bentReLU(
            isBent: { k in
                let h = lp[reluVariable[k]]
                var z = relus[k].operand.constant.doubleApproximation
                for (node, c) in operands[k] { z += c * lp[variableOfNode[node]] }
                return h - max(z, 0) > 1e-12 * max(1, abs(h), abs(z))
            },
            networkOperand: { k in network[operandNode[k]] })
        if let bent { return .decision(bent) }
        // No ReLU bends: the point is (nearly) an input of the network.
        // Doubles say which disjunction fails there; exact evaluation
        // confirms a solution.
        if let option = violatedOption(&truth), !rootHolds(&truth) { return .decision(option) }
        let point = rationalized(x)
        for candidate in point {
            let values = query.program.evaluate(at: candidate, only: needed)
            var truth = truthValues(at: values)
            if rootHolds(&truth) { return .solution(candidate) }
            if let option = violatedOption(&truth) { return .decision(option) }
        }
        return nil
    }

    /// A decision from the exact simplex's point.
    private mutating func exactDecision() -> Decision {
        let lp = theory.simplex.structuralPoint()
        let x = theory.inputVariable.map { lp[$0] }
        let values = query.program.evaluate(at: x, only: needed)
        let (reluVariable, relus, variableOfNode, operandNode) = (theory.reluVariable, encoding.relus, variableOfNode, floatOperandNode)
        let bent = bentReLU(
            isBent: { k in
                let operand = relus[k].operand
                var z = operand.constant
                for term in operand.terms { z += term.coefficient * lp[variableOfNode[term.node.index]] }
                return lp[reluVariable[k]] != Rational.maximum(z, .zero)
            },
            networkOperand: { k in values[operandNode[k]].doubleApproximation })
        if let bent { return .decision(bent) }
        var truth = truthValues(at: values)
        if rootHolds(&truth) { return .solution(x) }
        if let option = violatedOption(&truth) { return .decision(option) }
        // Every ReLU agrees with the network and every required disjunction
        // holds, so the formula holds: only an open variable can be left.
        guard let open = core.value.firstIndex(of: 0) else {
            preconditionFailure("every variable is assigned and consistent, but the point is not a solution")
        }
        return .decision(Literal(variable: open, negative: core.savedPhase[open] == -1))
    }

    /// Among the ReLUs with an open phase that `isBent` says the simplex's
    /// point bends, the most active (the earliest on ties), with its saved
    /// phase, else the phase the network has there (its operand's sign).
    private func bentReLU(isBent: (Int) -> Bool, networkOperand: (Int) -> Double) -> Literal? {
        var best: Literal?
        var bestScore = -Double.infinity
        for (k, relu) in encoding.relus.enumerated() {
            let v = phaseVariable[k]
            guard v >= 0, core.value[v] == 0, case .literal(let active) = relu.phase else { continue }
            let score = activity[v] + 0.1 * (1 - Double(k) / Double(encoding.relus.count + 1))
            guard score > bestScore, isBent(k) else { continue }
            bestScore = score
            let isActive = core.savedPhase[v] != 0 ? (core.savedPhase[v] == 1) != active.isNegative : networkOperand(k) >= 0
            best = isActive ? active : !active
        }
        return best
    }

    /// An option of a required split of the input space (``inputSplits``)
    /// none of whose options is assigned true: one that holds at the
    /// point, the most active of those, else the most active open option.
    private func openInputSplit(_ truth: inout PointTruth) -> Literal? {
        var best: Literal?
        var bestScore = -Double.infinity
        for choice in inputSplits {
            let (guardLiteral, options, _) = choices[choice]
            if let guardLiteral, core.literalValue(guardLiteral) != -1 { continue }
            if options.contains(where: { core.literalValue($0) == 1 }) { continue }
            for option in options where core.literalValue(option) == 0 {
                let score = activity[option.variable] + (truth.holds(option) ? 1e100 : 0)
                if score > bestScore {
                    best = option
                    bestScore = score
                }
            }
        }
        return best
    }

    /// The most active open option of a required disjunction none of whose
    /// options is true, assigned or at the point.
    private func violatedOption(_ truth: inout PointTruth) -> Literal? {
        var best: Literal?
        var bestScore = -Double.infinity
        for (guardLiteral, options, _) in choices {
            if let guardLiteral, core.literalValue(guardLiteral) != -1 { continue }
            if options.contains(where: { core.literalValue($0) == 1 }) { continue }
            var holdsAtPoint = false
            for option in options where truth.holds(option) {
                holdsAtPoint = true
                break
            }
            if holdsAtPoint { continue }
            for option in options where core.literalValue(option) == 0 && activity[option.variable] > bestScore {
                best = option
                bestScore = activity[option.variable]
            }
        }
        return best
    }

    /// Exact inputs near a floating point: simple fractions first (they
    /// read better in a counterexample), then the doubles' exact values;
    /// clamped to the domain's box.
    private func rationalized(_ x: [Double]) -> [[Rational]] {
        var candidates: [[Rational]] = []
        let simple = x.compactMap { Rational.simplestFraction(near: $0) }
        if simple.count == x.count { candidates.append(simple) }
        let exact = x.compactMap { try? Rational(exactly: $0) }
        if exact.count == x.count, exact != simple { candidates.append(exact) }
        guard case .box(let low, let high) = query.domain else { return candidates }
        return candidates.map { $0.map { Rational.minimum(high, Rational.maximum(low, $0)) } }
    }

    /// Every needed node's value at `x`, in doubles (for choosing phases).
    func floatValues(at x: [Double]) -> [Double] { floatProgram.evaluate(at: x) }

    /// The truth of every variable's meaning at the given node values,
    /// worked out as it is asked for.
    func truthValues(at values: [Rational]) -> PointTruth {
        // Locals, so the evaluator does not capture (and copy) the whole search.
        let (variables, relus) = (encoding.variables, encoding.relus)
        return PointTruth(parts: structureParts, isStructure: isStructure) { v in
            switch variables[v] {
            case .atom(let atom): return atom.holds(true, values)
            case .phase(let k):
                var z = relus[k].operand.constant
                for term in relus[k].operand.terms { z += term.coefficient * values[term.node.index] }
                return z.signum >= 0
            case .structure: preconditionFailure("a structure variable is worked out from its parts")
            }
        }
    }

    /// The same in doubles (for heuristics).
    func floatTruthValues(at values: [Double]) -> PointTruth {
        let (meanings, operandNode) = (floatMeanings, floatOperandNode)
        return PointTruth(parts: structureParts, isStructure: isStructure) { v in
            let k = meanings.relu[v]
            return k >= 0 ? values[operandNode[k]] >= 0 : meanings.atomHolds(v, at: values)
        }
    }

    /// Whether what `literal` says of inputs alone holds, given every
    /// variable's truth: its parts over inputs when it is a conjunction
    /// (a case's condition, say), itself when it is over inputs, and true
    /// when it says nothing of inputs alone.
    func holdsOnInputs(_ literal: Literal, _ truth: inout PointTruth) -> Bool {
        let v = literal.variable
        if overInputs[v] { return truth.holds(literal) }
        let (parts, isDisjunction) = structureParts[v]
        guard !literal.isNegative, !parts.isEmpty, !isDisjunction else { return true }
        for part in parts where overInputs[part.variable] && !truth.holds(part) { return false }
        return true
    }

    /// Whether the query's formula holds, given every variable's truth.
    func rootHolds(_ truth: inout PointTruth) -> Bool {
        for root in originalRoot {
            guard let root, truth.holds(root) else { return false }
        }
        return true
    }
}

