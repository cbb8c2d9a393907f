package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear
package import Simplex

/// What an optimization established.
package enum OptimizationOutcome: Sendable {
    /// No input satisfies the premise, as the proof shows.
    case infeasible(proof: QueryProof, statistics: SearchStatistics)
    /// The exact optimum.
    case optimum(Optimum, statistics: SearchStatistics)
    /// The objective grows without bound (shrinks, for `minimize`) from
    /// `point` along `direction`, inside one linear region of the premise.
    case unbounded(point: [Rational], direction: [Rational], statistics: SearchStatistics)
    /// The budget ran out; `best` is the best value found so far, and
    /// `bestPoint` an input with it.
    case unknown(reason: String, best: Rational?, bestPoint: [Rational]?, statistics: SearchStatistics)
}

/// The optimum of an objective over a premise's inputs.
package struct Optimum: Sendable {
    /// The maximum or minimum (the supremum or infimum when not attained),
    /// of the objective as written.
    package let value: Rational
    /// Whether some input attains it; nil when the budget ran out before
    /// that was decided.
    package let attained: Bool?
    /// An input attaining it, or else one of the premise within
    /// ``gap`` of it.
    package let point: [Rational]
    /// How far the objective at ``point`` is from the value (0 when attained).
    package let gap: Rational
    /// The proof that the objective never passes the value on the premise.
    package let boundProof: QueryProof
    /// When not attained: the proof that no input of the premise reaches it.
    package let attainmentProof: QueryProof?
    /// How many linear regions improved the best value.
    package let rounds: Int
}

/// Exact optimization by branch and bound on the conflict-driven search.
///
/// The best value so far is a bound: the claim "the objective never
/// passes it" either is proved (the value is the optimum, and the proof
/// its certificate) or refuted at an input that beats it. That input's
/// linear region is a polyhedron on which the objective is affine, so a
/// linear program takes the value to the region's best, and the next
/// round's bound prunes every region that cannot beat it. Each round visits
/// a region no earlier round did, and there are finitely many, so it ends.
/// The search's sample points give the early incumbents.
package enum BranchAndBound {
    /// The largest objective a refutation may offer before that many
    /// rounds stop the search as unknown (a guard against a bug, not a
    /// budget: every round is a new region).
    static let roundLimit = 100_000

    /// Optimizes `query`'s objective over its premise within `budget`.
    package static func solve(_ query: Query, budget: SearchBudget) -> OptimizationOutcome {
        if let (points, count) = query.domain.finitePoints(dimension: query.inputs.count) { return enumerate(query, points, count: count, budget: budget) }
        let start = ContinuousClock.now
        var total = SearchStatistics()
        var point: [Rational]
        switch ConflictDrivenSearch.solve(query.premiseWitness, budget: remaining(budget, since: start)) {
        case .unsatisfiable(let proof, let statistics): return .infeasible(proof: proof, statistics: statistics)
        case .unknown(let reason, let statistics): return .unknown(reason: reason, best: nil, bestPoint: nil, statistics: statistics)
        case .satisfiable(let p, let statistics):
            total.add(statistics)
            point = p
        }
        var best: Incumbent?
        var rounds = 0
        // Early incumbents: the witness and the best few sample points of the premise.
        var starts = [point] + sampledStarts(query)
        while true {
            for start in starts {
                if case .unbounded(let from, let direction) = climb(query, from: start, best: &best) {
                    return .unbounded(point: from, direction: direction, statistics: total)
                }
            }
            guard let incumbent = best else { return .unknown(reason: "no region was optimized", best: nil, bestPoint: nil, statistics: total) }
            rounds += 1
            let written = query.kind == .minimize ? -incumbent.value : incumbent.value
            switch ConflictDrivenSearch.solve(query.boundQuery(written), budget: remaining(budget, since: start)) {
            case .unsatisfiable(let proof, let statistics):
                total.add(statistics)
                return attainment(query, value: written, best: incumbent, boundProof: proof, rounds: rounds, statistics: total, budget: remaining(budget, since: start))
            case .unknown(let reason, let statistics):
                total.add(statistics)
                let spent = (ContinuousClock.now - start).components.seconds
                return .unknown(reason: "round \(rounds), \(spent) s in: \(reason)", best: written, bestPoint: incumbent.point, statistics: total)
            case .satisfiable(let better, let statistics):
                total.add(statistics)
                starts = [better]
                guard rounds < roundLimit else {
                    return .unknown(reason: "\(rounds) rounds without settling (a bug in Farkas; please report it)", best: written, bestPoint: incumbent.point, statistics: total)
                }
            }
        }
    }

    /// The best value so far: the region optimum, an input of the premise
    /// in that region, and the point of the region's closure attaining it.
    typealias Incumbent = (value: Rational, point: [Rational], limit: [Rational])

    /// The seeded sample points (the search's own) that satisfy the
    /// premise, best objective first, at most three.
    static func sampledStarts(_ query: Query) -> [[Rational]] {
        let sign = Rational(query.kind == .minimize ? -1 : 1)
        var scored: [(value: Rational, point: [Rational])] = []
        for x in SamplePoints.candidates(for: query) {
            let values = query.program.evaluate(at: x)
            guard query.premise.holds(values), let value = query.objective?.value(values) else { continue }
            scored.append((sign * value, x))
        }
        return scored.sorted { Rational.compare($0.value, $1.value) > 0 }.prefix(3).map(\.point)
    }

    /// Climbs from an input of the premise: its region's optimum, then a
    /// step past that optimum (away from the input) into the next region
    /// while the premise still holds there and the value improves, at most
    /// 16 regions. Updates `best`; an unbounded region ends the climb.
    static func climb(_ query: Query, from start: [Rational], best: inout Incumbent?) -> FeasiblePointLP.Outcome? {
        var point = start
        for _ in 0..<16 {
            guard let (region, goal) = query.objectiveRegion(at: point) else { return nil }
            let outcome = regionOptimum(region, goal: goal, from: point)
            guard case .optimal(let value, let limit) = outcome else { return .unbounded(point: point, direction: outcome.direction ?? []) }
            guard best.map({ Rational.compare(value, $0.value) > 0 }) ?? true else { return nil }
            best = (value, point, limit)
            let steps = [Rational(1, 16), Rational(1, 256), Rational(1, 4096)]
            let next = steps.lazy.map { step in zip(limit, point).map { $0 + step * ($0 - $1) } }.first { y in
                y != limit && query.domain.contains(y) && query.premise.holds(query.program.evaluate(at: y))
            }
            guard let next else { return nil }
            point = next
        }
        return nil
    }

    /// A finite domain: the objective evaluated exactly at every point of
    /// the premise; the first best point in the domain's order attains it,
    /// and the certificate's checker enumerates the points again.
    static func enumerate(_ query: Query, _ points: AnySequence<[Rational]>, count: Double, budget: SearchBudget) -> OptimizationOutcome {
        var statistics = SearchStatistics()
        guard count <= Double(FiniteEnumeration.maximumPoints) else {
            return .unknown(reason: "the finite domain has \(count) points; Farkas enumerates at most \(FiniteEnumeration.maximumPoints)", best: nil, bestPoint: nil, statistics: statistics)
        }
        let sign = Rational(query.kind == .minimize ? -1 : 1)
        var best: (value: Rational, point: [Rational])?
        for x in points {
            statistics.pointsEvaluated += 1
            let values = query.program.evaluate(at: x)
            guard query.premise.holds(values), let value = query.objective?.value(values) else { continue }
            statistics.regionPoints += 1
            if best.map({ (sign * (value - $0.value)).signum > 0 }) ?? true { best = (value, x) }
        }
        statistics.progress = 1
        guard let best else { return .infeasible(proof: .enumerated, statistics: statistics) }
        return .optimum(Optimum(value: best.value, attained: true, point: best.point, gap: .zero, boundProof: .enumerated, attainmentProof: nil, rounds: 0), statistics: statistics)
    }

    /// The best value of the objective over the region's closure.
    static func regionOptimum(_ region: LinearRegion, goal: InputConstraint, from point: [Rational]) -> FeasiblePointLP.Outcome {
        let constraints = region.constraints.map { FeasiblePointLP.Constraint(coefficients: $0.coefficients, constant: $0.constant, relation: $0.relation) }
        var program = FeasiblePointLP(maximizing: goal.coefficients, constant: goal.constant, constraints: constraints, from: point)
        return program.solve()
    }

    /// With the bound proved, whether some input attains it: the region's
    /// best point when it satisfies the premise, or else a witness of the
    /// premise at the value. When none exists, the inputs between the best
    /// region's input and its best point approach the value (the region is
    /// convex and its strict sides hold at the input), and one within
    /// 10^-12 of it (relative to the value's size) is reported.
    static func attainment(
        _ query: Query, value: Rational, best: (value: Rational, point: [Rational], limit: [Rational]), boundProof: QueryProof, rounds: Int,
        statistics: SearchStatistics, budget: SearchBudget
    ) -> OptimizationOutcome {
        var total = statistics
        total.progress = 1
        func optimum(_ attained: Bool?, _ point: [Rational], gap: Rational, proof: QueryProof? = nil) -> OptimizationOutcome {
            .optimum(Optimum(value: value, attained: attained, point: point, gap: gap, boundProof: boundProof, attainmentProof: proof, rounds: rounds), statistics: total)
        }
        if query.premise.holds(query.program.evaluate(at: best.limit)) { return optimum(true, best.limit, gap: .zero) }
        switch ConflictDrivenSearch.solve(query.attainmentQuery(value), budget: budget) {
        case .satisfiable(let point, let s):
            total.add(s)
            return optimum(true, point, gap: .zero)
        case .unknown(_, let s):
            total.add(s)
            return optimum(nil, best.point, gap: gap(query, best.point, value))
        case .unsatisfiable(let proof, let s):
            total.add(s)
            let close = approach(query, value: value, from: best.point, to: best.limit)
            return optimum(false, close, gap: gap(query, close, value), proof: proof)
        }
    }

    /// A point of the segment from `inside` toward `limit` whose objective is
    /// within 10^-12 · max(1, |value|) of the value, halving the step until
    /// it is; `inside` itself if exact replay finds a halfway point outside
    /// the premise (which convexity rules out).
    static func approach(_ query: Query, value: Rational, from inside: [Rational], to limit: [Rational]) -> [Rational] {
        let tolerance = Rational.maximum(.one, value.magnitude) / Rational.powerOfTen(12)
        var step = Rational.one
        var candidate = inside
        for _ in 0..<200 {
            let point = zip(limit, inside).map { $0 + step * ($1 - $0) }
            guard query.premise.holds(query.program.evaluate(at: point)) else { return candidate }
            candidate = point
            if Rational.compare(gap(query, point, value), tolerance) <= 0 { return point }
            step = step / Rational(2)
        }
        return candidate
    }

    /// |value - objective(x)|.
    static func gap(_ query: Query, _ x: [Rational], _ value: Rational) -> Rational {
        ((query.objective?.value(query.program.evaluate(at: x)) ?? value) - value).magnitude
    }

    /// The budget left of `budget` after the time since `start`.
    static func remaining(_ budget: SearchBudget, since start: ContinuousClock.Instant) -> SearchBudget {
        var left = budget
        if let timeout = budget.timeout {
            let spent = ContinuousClock.now - start
            left.timeout = max(0.001, timeout - (Double(spent.components.seconds) + Double(spent.components.attoseconds) * 1e-18))
        }
        return left
    }
}
