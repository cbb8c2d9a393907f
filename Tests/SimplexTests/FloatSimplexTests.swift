import ExactArithmetic
import Simplex
import Testing
import _TestSupport

/// The floating simplex only steers: its conflicts must certify exactly or
/// be rejected, and what certifies must be a true refutation.
@Suite struct FloatSimplexTests {
    @Test("certified floating conflicts are exact refutations", arguments: [(UInt64(81), 200), (82, 200), (83, 200), (84, 0), (85, 0), (86, 1)])
    func certifiedConflictsRefute(seed: UInt64, rowByRowPivots: Int) {
        var rng = SplitMix64(seed: seed)
        var certified = 0
        var certifiedCombinations = 0
        var feasible = 0
        for _ in 0..<300 {
            let n = Int.random(in: 1...4, using: &rng)
            let constraints = Constraint.random(2...10, over: n, using: &rng)
            var system = LinearSystem(width: n)
            system.steering.rowByRowPivots = rowByRowPivots
            var crossed = false
            for constraint in constraints where system.assert(constraint) != nil { crossed = true }
            if crossed { continue }
            let exact: Bool
            switch system.exact.check() {
            case .feasible: exact = true
            case .infeasible: exact = false
            case .interrupted: continue
            }
            switch system.steering.check() {
            case .feasible:
                feasible += 1
                // "Feasible" only steers; on small integer systems it is right.
                #expect(exact, "the floating simplex finds \(constraints) feasible, the exact one does not")
            case .infeasible(let conflict):
                if let multipliers = system.exact.certify(conflict) {
                    certified += 1
                    if conflict.rows.count > 1 { certifiedCombinations += 1 }
                    #expect(LinearSystem.refutes(multipliers, constraints), "certified a non-refutation of \(constraints)")
                    let scaled = multipliers.allSatisfy { $0.multiplier.isInteger }
                    #expect(scaled, "multipliers \(multipliers) are not scaled to integers")
                    #expect(!exact)
                }
            case .undecided, .interrupted:
                break
            }
        }
        #expect(certified > 30)
        #expect(feasible > 30)
        // Phase one from the start reports combinations of violated rows.
        #expect(rowByRowPivots > 0 || certifiedCombinations > 5)
    }

    @Test("a check with relaxed bounds certifies only refutations and restores the bounds", arguments: [UInt64(87), 88])
    func relaxedBoundsCheck(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var certified = 0
        var feasible = 0
        // Far wider than the search's 1e-8, so that a bound left relaxed shows.
        let relative = 1e-3
        for _ in 0..<300 {
            let n = Int.random(in: 1...4, using: &rng)
            let constraints = Constraint.random(2...10, over: n, using: &rng)
            var system = LinearSystem(width: n)
            var crossed = false
            for constraint in constraints where system.assert(constraint) != nil { crossed = true }
            if crossed { continue }
            switch system.exact.check() {
            case .interrupted:
                continue
            case .infeasible:
                // A conflict of the relaxed bounds that certifies refutes the true ones.
                if case .infeasible(let conflict) = system.steering.checkWithRelaxedBounds(relative: relative),
                    let multipliers = system.exact.certify(conflict)
                {
                    certified += 1
                    #expect(LinearSystem.refutes(multipliers, constraints), "certified a non-refutation of \(constraints)")
                }
            case .feasible:
                // Relaxing only widens the bounds; once they are restored, a
                // plain check finds a point within the true ones.
                guard case .feasible = system.steering.checkWithRelaxedBounds(relative: relative) else {
                    Issue.record("relaxed bounds lost the feasible \(constraints)")
                    continue
                }
                guard case .feasible = system.steering.check() else {
                    Issue.record("the restored bounds lost the feasible \(constraints)")
                    continue
                }
                feasible += 1
                let x = (0..<n).map { system.steering.value(of: $0) }
                for c in constraints {
                    let value = zip(c.coefficients, x).reduce(0.0) { $0 + $1.0.doubleApproximation * $1.1 }
                    let bound = c.constant.doubleApproximation
                    let slack = 1e-7 * max(1, abs(bound))
                    switch c.relation {
                    case .less, .lessOrEqual: #expect(value <= bound + slack, "\(c) at \(x)")
                    case .greater, .greaterOrEqual: #expect(value >= bound - slack, "\(c) at \(x)")
                    case .equal: #expect(abs(value - bound) <= slack, "\(c) at \(x)")
                    }
                }
            }
        }
        #expect(certified > 30)
        #expect(feasible > 30)
    }

    @Test func certifyRejectsAConflictThatIsNotOne() {
        // 0 <= x <= 1: a claim that x is stuck below its lower bound cannot certify.
        var system = LinearSystem(width: 1)
        _ = system.assert(Constraint([1], .greaterOrEqual, 0))
        _ = system.assert(Constraint([1], .lessOrEqual, 1))
        #expect(system.exact.certify(FloatSimplex.Conflict(rows: [(0, true)], entries: [])) == nil)
    }

    @Test func refreshKeepsAFeasiblePoint() {
        var system = LinearSystem(width: 2)
        _ = system.assert(Constraint([1, 1], .lessOrEqual, 1))
        _ = system.assert(Constraint([1, -1], .greater, 0))
        _ = system.assert(Constraint([0, 1], .greaterOrEqual, Rational(1, 4)))
        guard case .feasible = system.steering.check() else { Issue.record("feasible"); return }
        system.steering.refresh()
        guard case .feasible = system.steering.check() else { Issue.record("still feasible"); return }
        let x = (0..<2).map { system.steering.value(of: $0) }
        #expect(x[0] + x[1] <= 1 + 1e-9 && x[0] > x[1] && x[1] >= 0.25 - 1e-9)
    }

    @Test("rows of slacks without bounds, skipped by pivots, catch up once bounded", arguments: [UInt64(91), 92])
    func laggingRowsCatchUp(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var checkedPoints = 0
        for _ in 0..<200 {
            let n = Int.random(in: 2...4, using: &rng)
            var simplex = FloatSimplex(structuralCount: n)
            for v in 0..<n {
                simplex.assertBound(v, -10, isUpper: false)
                simplex.assertBound(v, 10, isUpper: true)
            }
            let forms = (0..<6).map { _ in (0..<n).map { (variable: $0, coefficient: Double(Int.random(in: -3...3, using: &rng))) } }
            let slacks = forms.map { simplex.addSlack($0) }
            let bounds = slacks.map { ($0, Double(Int.random(in: -4...4, using: &rng)), Bool.random(using: &rng)) }
            // Half the slacks bounded first: the pivots of that check skip
            // the others' rows, which must catch up when bounded in turn.
            for (k, b) in bounds.enumerated() where k % 2 == 0 { simplex.assertBound(b.0, b.1, isUpper: b.2) }
            _ = simplex.check()
            for (k, b) in bounds.enumerated() where k % 2 == 1 { simplex.assertBound(b.0, b.1, isUpper: b.2) }
            guard case .feasible = simplex.check() else { continue }
            checkedPoints += 1
            let x = (0..<n).map { simplex.value(of: $0) }
            for (k, s) in slacks.enumerated() {
                let value = forms[k].reduce(0) { $0 + $1.coefficient * x[$1.variable] }
                #expect(abs(simplex.value(of: s) - value) <= 1e-9 * max(1, abs(value)))
                let (_, bound, isUpper) = bounds[k]
                #expect(isUpper ? value <= bound + 1e-7 : value >= bound - 1e-7, "slack \(k) misses its bound at \(x)")
            }
        }
        #expect(checkedPoints > 50)
    }
}
