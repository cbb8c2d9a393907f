import ExactArithmetic
import Simplex
import Testing
import _TestSupport

@Suite struct SparseSimplexTests {
    private func c(_ a: [Int], _ r: Relation, _ k: Int) -> Constraint { Constraint(a, r, Rational(k)) }

    /// Asserts and checks exactly: nil for feasible, else multipliers that refute.
    private func decide(_ system: inout LinearSystem, _ constraints: [Constraint]) -> SparseSimplex.Explanation? {
        for constraint in constraints { if let crossing = system.assert(constraint) { return crossing } }
        switch system.exact.check() {
        case .feasible: return nil
        case .infeasible(let multipliers): return multipliers
        case .interrupted: preconditionFailure("no deadline was set")
        }
    }

    @Test func strictOppositesAreInfeasible() throws {
        var system = LinearSystem(width: 1)
        let refutation = try #require(decide(&system, [c([1], .greater, 0), c([1], .less, 0)]))
        #expect(LinearSystem.refutes(refutation, system.constraints))
    }

    @Test func strictBoundsGiveAnInteriorPoint() {
        var system = LinearSystem(width: 2)
        #expect(decide(&system, [c([1, 0], .greater, 0), c([0, 1], .greater, 0), c([1, 1], .less, 1)]) == nil)
        let x = system.exact.structuralPoint()
        #expect(x[0] > 0 && x[1] > 0 && x[0] + x[1] < 1)
    }

    @Test func nonStrictTouchingIsFeasibleButStrictIsNot() throws {
        var system = LinearSystem(width: 2)
        #expect(decide(&system, [c([1, -1], .greaterOrEqual, 0), c([1, -1], .lessOrEqual, 0), c([1, 1], .equal, 4)]) == nil)
        #expect(system.exact.structuralPoint() == [2, 2])
        let refutation = try #require(decide(&system, [c([1, 0], .greater, 2)]))
        #expect(LinearSystem.refutes(refutation, system.constraints))
    }

    /// Random constraints; each verdict must carry its own proof, and a grid
    /// point satisfying everything rules out "infeasible".
    @Test("random systems: every verdict is certified", arguments: [UInt64(51), 52, 53, 54])
    func randomSystems(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var feasible = 0
        var infeasible = 0
        for _ in 0..<400 {
            let n = Int.random(in: 1...4, using: &rng)
            let constraints = Constraint.random(1...9, over: n, using: &rng)
            var system = LinearSystem(width: n)
            if let refutation = decide(&system, constraints) {
                infeasible += 1
                #expect(LinearSystem.refutes(refutation, constraints), "bad certificate for \(constraints)")
                if n <= 2 {
                    let grid = (-24...24).map { Rational($0, 4) }
                    for a in grid {
                        for b in (n == 2 ? grid : [Rational.zero]) {
                            let point = n == 2 ? [a, b] : [a]
                            #expect(!constraints.allSatisfy { $0.isSatisfied(by: point) }, "grid point \(point) satisfies \(constraints)")
                        }
                    }
                }
            } else {
                feasible += 1
                let x = system.exact.structuralPoint()
                #expect(constraints.allSatisfy { $0.isSatisfied(by: x) }, "point \(x) violates \(constraints)")
            }
        }
        // Both verdicts must be exercised for the test to mean anything.
        #expect(feasible > 50)
        #expect(infeasible > 50)
    }

    @Test("levels give the same verdicts as fresh solvers", arguments: [UInt64(61), 62])
    func levelsMatchFreshSolvers(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<60 {
            let n = Int.random(in: 1...3, using: &rng)
            var incremental = LinearSystem(width: n)
            var stack: [[Constraint]] = [[]]
            // The level whose assertions crossed bounds, if any is open.
            var crossed: Int?
            for _ in 0..<25 {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0:
                    incremental.push()
                    stack.append([])
                case 1 where stack.count > 1:
                    stack.removeLast()
                    incremental.pop(to: stack.count - 1)
                    if let level = crossed, level >= stack.count { crossed = nil }
                default:
                    let constraint = Constraint(
                        (0..<n).map { _ in Int.random(in: -2...2, using: &rng) }, Relation.allCases.randomElement(using: &rng) ?? .less,
                        Rational(Int.random(in: -3...3, using: &rng)))
                    if incremental.assert(constraint) != nil, crossed == nil { crossed = stack.count - 1 }
                    stack[stack.count - 1].append(constraint)
                }
                let all = stack.flatMap { $0 }
                var fresh = LinearSystem(width: n)
                let freshVerdict = decide(&fresh, all)
                if crossed != nil {
                    #expect(freshVerdict != nil, "bounds crossed, yet a fresh solver finds \(all) feasible")
                    continue
                }
                switch incremental.exact.check() {
                case .feasible: #expect(freshVerdict == nil, "incremental feasible, fresh infeasible on \(all)")
                case .infeasible(let multipliers):
                    #expect(freshVerdict != nil, "incremental infeasible, fresh feasible on \(all)")
                    #expect(LinearSystem.refutes(multipliers, incremental.constraints))
                case .interrupted: Issue.record("no deadline was set")
                }
            }
        }
    }

    @Test("heavily degenerate systems terminate (Bland's rule)")
    func degenerateSystemsTerminate() {
        var rng = SplitMix64(seed: 71)
        for _ in 0..<100 {
            var system = LinearSystem(width: 4)
            var constraints = (0..<12).map { _ in Constraint((0..<4).map { _ in Int.random(in: -2...2, using: &rng) }, .lessOrEqual, .zero) }
            constraints.append(c([1, 1, 1, 1], .greaterOrEqual, 1))
            if let refutation = decide(&system, constraints) {
                #expect(LinearSystem.refutes(refutation, constraints))
            } else {
                let x = system.exact.structuralPoint()
                #expect(constraints.allSatisfy { $0.isSatisfied(by: x) })
            }
        }
    }

    @Test func aPassedDeadlineInterruptsALongCheck() {
        // A chain x0 < x1 < ... < x39 inside [0, 1] needs many pivots; with
        // a deadline already behind it, the check stops instead.
        let n = 40
        var system = LinearSystem(width: n)
        for i in 0..<(n - 1) {
            var a = Array(repeating: 0, count: n)
            a[i] = 1
            a[i + 1] = -1
            _ = system.assert(Constraint(a, .less, .zero))
        }
        var first = Array(repeating: 0, count: n)
        first[0] = 1
        _ = system.assert(Constraint(first, .greaterOrEqual, .zero))
        var last = Array(repeating: 0, count: n)
        last[n - 1] = 1
        _ = system.assert(Constraint(last, .lessOrEqual, .one))
        guard case .interrupted = system.exact.check(deadline: .now - .seconds(1)) else {
            Issue.record("a check past its deadline must stop")
            return
        }
        guard case .feasible = system.exact.check() else {
            Issue.record("without a deadline the same check finishes: the chain is feasible")
            return
        }
    }
}
