import ExactArithmetic
import Simplex
import Testing
import _TestSupport

@Suite struct RationalSimplexTests {
    private func c(_ a: [Int], _ r: Relation, _ k: Int) -> LinearConstraint {
        LinearConstraint(a.map { Rational($0) }, r, Rational(k))
    }

    @Test func strictOppositesAreInfeasible() {
        var simplex = RationalSimplex(variableCount: 1)
        simplex.assert(c([1], .greater, 0))
        simplex.assert(c([1], .less, 0))
        guard case .infeasible(let certificate) = simplex.check() else { Issue.record("expected infeasible"); return }
        #expect(certificate.refutes(simplex.constraints))
    }

    @Test func strictBoundsGiveAnInteriorPoint() {
        var simplex = RationalSimplex(variableCount: 2)
        simplex.assert(c([1, 0], .greater, 0))
        simplex.assert(c([0, 1], .greater, 0))
        simplex.assert(c([1, 1], .less, 1))
        guard case .feasible(let x) = simplex.check() else { Issue.record("expected feasible"); return }
        #expect(x[0] > 0 && x[1] > 0 && x[0] + x[1] < 1)
    }

    @Test func nonStrictTouchingIsFeasibleButStrictIsNot() {
        var simplex = RationalSimplex(variableCount: 2)
        simplex.assert(c([1, -1], .greaterOrEqual, 0))
        simplex.assert(c([1, -1], .lessOrEqual, 0))
        simplex.assert(c([1, 1], .equal, 4))
        guard case .feasible(let x) = simplex.check() else { Issue.record("expected feasible"); return }
        #expect(x == [2, 2])
        simplex.assert(c([1, 0], .greater, 2))
        guard case .infeasible(let certificate) = simplex.check() else { Issue.record("expected infeasible"); return }
        #expect(certificate.refutes(simplex.constraints))
    }

    @Test func trivialConstraints() {
        var simplex = RationalSimplex(variableCount: 2)
        simplex.assert(c([0, 0], .lessOrEqual, 0))
        #expect(simplex.check() == .feasible([0, 0]))
        simplex.assert(c([0, 0], .less, 0))
        guard case .infeasible(let certificate) = simplex.check() else { Issue.record("expected infeasible"); return }
        #expect(certificate.refutes(simplex.constraints))
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
            let constraints = (0..<Int.random(in: 1...9, using: &rng)).map { _ in
                LinearConstraint(
                    (0..<n).map { _ in Rational(Int.random(in: -3...3, using: &rng)) },
                    Relation.allCases.randomElement(using: &rng) ?? .less,
                    Rational(Int.random(in: -4...4, using: &rng), Int.random(in: 1...3, using: &rng)))
            }
            var simplex = RationalSimplex(variableCount: n)
            for constraint in constraints { simplex.assert(constraint) }
            switch simplex.check() {
            case .feasible(let x):
                feasible += 1
                #expect(constraints.allSatisfy { $0.isSatisfied(by: x) })
            case .infeasible(let certificate):
                infeasible += 1
                #expect(certificate.refutes(constraints), "bad certificate for \(constraints)")
                if n <= 2 {
                    let grid = (-24...24).map { Rational($0, 4) }
                    for a in grid {
                        for b in (n == 2 ? grid : [Rational.zero]) {
                            let point = n == 2 ? [a, b] : [a]
                            #expect(!constraints.allSatisfy { $0.isSatisfied(by: point) }, "grid point \(point) satisfies \(constraints)")
                        }
                    }
                }
            }
        }
        // Both verdicts must be exercised for the test to mean anything.
        #expect(feasible > 50)
        #expect(infeasible > 50)
    }

    @Test("push and pop give the same verdicts as fresh solvers", arguments: [UInt64(61), 62])
    func pushPopMatchesFreshSolvers(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<60 {
            let n = Int.random(in: 1...3, using: &rng)
            var incremental = RationalSimplex(variableCount: n)
            var stack: [[LinearConstraint]] = [[]]
            for _ in 0..<25 {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0:
                    incremental.push()
                    stack.append([])
                case 1 where stack.count > 1:
                    incremental.pop()
                    stack.removeLast()
                default:
                    let constraint = LinearConstraint(
                        (0..<n).map { _ in Rational(Int.random(in: -2...2, using: &rng)) },
                        Relation.allCases.randomElement(using: &rng) ?? .less, Rational(Int.random(in: -3...3, using: &rng)))
                    incremental.assert(constraint)
                    stack[stack.count - 1].append(constraint)
                }
                let all = stack.flatMap { $0 }
                #expect(incremental.constraints == all)
                var fresh = RationalSimplex(variableCount: n)
                for constraint in all { fresh.assert(constraint) }
                let (a, b) = (incremental.check(), fresh.check())
                switch (a, b) {
                case (.feasible, .feasible), (.infeasible, .infeasible): break
                default: Issue.record("incremental \(a) vs fresh \(b) on \(all)")
                }
                if case .infeasible(let certificate) = a { #expect(certificate.refutes(all)) }
            }
        }
    }

    @Test("heavily degenerate systems terminate (Bland's rule)")
    func degenerateSystemsTerminate() {
        var rng = SplitMix64(seed: 71)
        for _ in 0..<100 {
            var simplex = RationalSimplex(variableCount: 4)
            var constraints: [LinearConstraint] = []
            for _ in 0..<12 {
                let constraint = LinearConstraint((0..<4).map { _ in Rational(Int.random(in: -2...2, using: &rng)) }, .lessOrEqual, .zero)
                constraints.append(constraint)
                simplex.assert(constraint)
            }
            let anchor = LinearConstraint([1, 1, 1, 1], .greaterOrEqual, 1)
            constraints.append(anchor)
            simplex.assert(anchor)
            switch simplex.check() {
            case .feasible(let x): #expect(constraints.allSatisfy { $0.isSatisfied(by: x) })
            case .infeasible(let certificate): #expect(certificate.refutes(constraints))
            }
        }
    }
}
