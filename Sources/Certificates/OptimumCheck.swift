package import Claims
package import ExactArithmetic
package import Encoding
package import PiecewiseLinear

/// The checks of an optimization's evidence: each half of an optimum, a
/// ray of an unbounded one, the proof of an infeasible one, and the
/// verdict each makes with the statement's expectation.
enum OptimumCheck {
    /// An optimum: the bound's proof, then the point (attaining the value,
    /// or, with a proof that nothing attains it, in the premise).
    static func check(value: Rational, point: [Rational], bound: QueryProof, attainment: QueryProof?, verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        if let failure = refutes(bound, query.boundQuery(value), "the bound") { return failure }
        guard point.count == query.inputs.count, query.domain.contains(point) else { return .invalid("the optimum's point lies outside the input domain") }
        let values = query.program.evaluate(at: point)
        guard query.premise.holds(values) else { return .invalid("the optimum's point does not satisfy the assumptions and the where part") }
        if let attainment {
            if let failure = refutes(attainment, query.attainmentQuery(value), "that no input attains the optimum") { return failure }
        } else if query.objective?.value(values) != value {
            return .invalid("the objective at the optimum's point is not \(value)")
        }
        return expected(query.expectationHolds(optimum: value), otherwise: .optimal, verdict)
    }

    /// An unbounded objective: the point is in the premise, and the ray
    /// from it stays in its linear region (every side's value moves away
    /// from the boundary or along it) while the objective strictly improves.
    static func check(point: [Rational], direction: [Rational], verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        let n = query.inputs.count
        guard point.count == n, direction.count == n, case .reals = query.domain else { return .invalid("a ray needs a point and a direction of the input's dimension on R^n") }
        guard query.premise.holds(query.program.evaluate(at: point)) else { return .invalid("the ray's point does not satisfy the assumptions and the where part") }
        guard let (region, goal) = query.objectiveRegion(at: point) else { return .invalid("no piece of the objective applies at the ray's point") }
        for side in region.constraints {
            let slope = side.slope(along: direction).signum
            let stays: Bool
            switch side.relation {
            case .less, .lessOrEqual: stays = slope <= 0
            case .greater, .greaterOrEqual: stays = slope >= 0
            case .equal: stays = slope == 0
            }
            guard stays else { return .invalid("the ray leaves the point's linear region") }
        }
        guard goal.slope(along: direction).signum > 0 else { return .invalid("the objective does not improve along the ray") }
        return expected(query.expectationHoldsWhenUnbounded, otherwise: .unbounded, verdict)
    }

    /// An empty premise: the proof that its witness has no input.
    static func check(infeasible proof: QueryProof, verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        if let failure = refutes(proof, query.premiseWitness, "infeasibility") { return failure }
        return expected(query.expectationHoldsWhenInfeasible, otherwise: .infeasible, verdict)
    }

    /// Nil when `proof` refutes `query`, else why not.
    private static func refutes(_ proof: QueryProof, _ query: Query, _ what: String) -> CertificateStatus? {
        do throws(ProofChecker.Failure) {
            try ProofChecker(query: query).check(proof)
            return nil
        } catch {
            return .invalid("the proof of \(what) fails: \(error.reason)")
        }
    }

    /// Valid when the verdict is the one the optimum makes.
    private static func expected(_ holds: Bool?, otherwise: Certificate.Verdict, _ verdict: Certificate.Verdict) -> CertificateStatus {
        let made = holds.map { $0 ? Certificate.Verdict.proved : .refuted } ?? otherwise
        return made == verdict ? .valid : .invalid("the optimum makes the verdict '\(made.rawValue)', not '\(verdict.rawValue)'")
    }
}
