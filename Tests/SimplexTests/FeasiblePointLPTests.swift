import ExactArithmetic
import Simplex
import Testing
import _TestSupport

/// The exact LP against brute force: on bounded random programs its
/// optimum is the best vertex (every n constraints made tight, solved,
/// kept when feasible); on unbounded ones its ray is checked.
@Suite struct FeasiblePointLPTests {
    typealias Constraint = FeasiblePointLP.Constraint

    static func value(_ c: Constraint, _ x: [Rational]) -> Rational {
        zip(c.coefficients, x).reduce(c.constant) { $0 + $1.0 * $1.1 }
    }

    static func holdsClosed(_ c: Constraint, _ x: [Rational]) -> Bool {
        let v = value(c, x)
        switch c.relation {
        case .less, .lessOrEqual: return v.signum <= 0
        case .greater, .greaterOrEqual: return v.signum >= 0
        case .equal: return v.isZero
        }
    }

    /// Random constraints through or around a random point that satisfies
    /// them (each is oriented so that it holds there).
    static func program(_ n: Int, boxed: Bool, _ rng: inout SplitMix64) -> (objective: [Rational], constraints: [Constraint], point: [Rational]) {
        func small() -> Rational { Rational(Int.random(in: -4...4, using: &rng)) / Rational(Int.random(in: 1...3, using: &rng)) }
        let point = (0..<n).map { _ in small() }
        var constraints: [Constraint] = []
        for _ in 0..<Int.random(in: 1...(3 * n), using: &rng) {
            let a = (0..<n).map { _ in small() }
            let slack = Int.random(in: 0..<3, using: &rng) == 0 ? Rational.zero : Rational(Int.random(in: 1...3, using: &rng))
            // a · (x - point) - slack <= 0 holds at the point.
            let constant = -zip(a, point).reduce(Rational.zero) { $0 + $1.0 * $1.1 } - slack
            let relation: Relation = slack.isZero && Bool.random(using: &rng) ? .equal : (Bool.random(using: &rng) ? .lessOrEqual : .less)
            constraints.append(Constraint(coefficients: a, constant: constant, relation: relation))
        }
        if boxed {
            for k in 0..<n {
                var unit = Array(repeating: Rational.zero, count: n)
                unit[k] = .one
                constraints.append(Constraint(coefficients: unit, constant: Rational(-5), relation: .lessOrEqual))
                constraints.append(Constraint(coefficients: unit, constant: Rational(5), relation: .greaterOrEqual))
            }
        }
        return ((0..<n).map { _ in small() }, constraints, point)
    }

    /// The solution of the square system `rows · x = rhs`, or nil when singular.
    static func solve(_ rows: [[Rational]], _ rhs: [Rational]) -> [Rational]? {
        var m = zip(rows, rhs).map { $0 + [$1] }
        let n = rows.count
        for column in 0..<n {
            guard let pivot = (column..<n).first(where: { !m[$0][column].isZero }) else { return nil }
            m.swapAt(column, pivot)
            for r in 0..<n where r != column && !m[r][column].isZero {
                let factor = m[r][column] / m[column][column]
                for k in column...n { m[r][k] -= factor * m[column][k] }
            }
        }
        return (0..<n).map { m[$0][n] / m[$0][$0] }
    }

    /// The best objective over the vertices of the closed region.
    static func bestVertex(_ objective: [Rational], _ constraints: [Constraint], n: Int) -> Rational? {
        var best: Rational?
        func choose(_ start: Int, _ chosen: [Int]) {
            if chosen.count == n {
                let rows = chosen.map { constraints[$0].coefficients }
                guard let x = solve(rows, chosen.map { -constraints[$0].constant }), constraints.allSatisfy({ holdsClosed($0, x) }) else { return }
                let v = zip(objective, x).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
                if best.map({ v > $0 }) ?? true { best = v }
                return
            }
            for i in start..<constraints.count { choose(i + 1, chosen + [i]) }
        }
        choose(0, [])
        return best
    }

    @Test("the optimum of a bounded program is its best vertex, attained at the point returned")
    func boundedProgramsMatchTheBestVertex() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let n = Int.random(in: 1...3, using: &rng)
            let (objective, constraints, point) = Self.program(n, boxed: true, &rng)
            var lp = FeasiblePointLP(maximizing: objective, constant: .zero, constraints: constraints, from: point)
            guard case .optimal(let value, let x) = lp.solve() else {
                Issue.record("a boxed program is bounded")
                continue
            }
            #expect(constraints.allSatisfy { Self.holdsClosed($0, x) }, "the optimum's point is infeasible")
            #expect(zip(objective, x).reduce(Rational.zero) { $0 + $1.0 * $1.1 } == value)
            #expect(Self.bestVertex(objective, constraints, n: n) == value)
        }
    }

    @Test("an unbounded program's ray stays feasible and improves the objective; a bounded one beats every sampled point")
    func unboundedRaysAreRays() {
        var rng = SplitMix64(seed: 12)
        var unbounded = 0
        for _ in 0..<300 {
            let n = Int.random(in: 1...4, using: &rng)
            let (objective, constraints, point) = Self.program(n, boxed: false, &rng)
            var lp = FeasiblePointLP(maximizing: objective, constant: .zero, constraints: constraints, from: point)
            switch lp.solve() {
            case .unbounded(let start, let direction):
                unbounded += 1
                #expect(zip(objective, direction).reduce(Rational.zero) { $0 + $1.0 * $1.1 } > .zero)
                for t in [Rational(0), Rational(1), Rational(10_000)] {
                    let x = zip(start, direction).map { $0 + t * $1 }
                    #expect(constraints.allSatisfy { Self.holdsClosed($0, x) }, "the ray leaves the region at t = \(t)")
                }
            case .optimal(let value, _):
                // Points along random directions from the start stay below it.
                for _ in 0..<20 {
                    let direction = (0..<n).map { _ in Rational(Int.random(in: -3...3, using: &rng)) }
                    for t in [Rational(1, 8), Rational(1), Rational(8)] {
                        let x = zip(point, direction).map { $0 + t * $1 }
                        guard constraints.allSatisfy({ Self.holdsClosed($0, x) }) else { continue }
                        #expect(zip(objective, x).reduce(Rational.zero) { $0 + $1.0 * $1.1 } <= value)
                    }
                }
            }
        }
        #expect(unbounded >= 30, "only \(unbounded) unbounded programs")
    }
}
