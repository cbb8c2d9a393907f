package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// Re-checks a Gaussian measure on `R^2` from its rays, without the
/// sweep that found them: the rays must turn once counterclockwise from
/// (1, 0), each step less than a half-turn; in each sector no ReLU operand
/// and no comparison of the statement may take strictly opposite signs at
/// its two rays (then, phase after phase, every one keeps its sign inside);
/// the truth values are read at each sector's middle ray, the angles
/// bracketed again, and the verdict recomputed from the bracket.
enum PlaneMeasureCheck {
    static func check(rays: [[Rational]], bits: Int, verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        guard case .reals = query.domain, query.inputs.count == 2 else { return .invalid("sectors measure only statements on R^2") }
        guard let first = rays.first, first == [1, 0], rays.allSatisfy({ $0.count == 2 }) else {
            return .invalid("the rays must start at (1, 0) and be plane vectors")
        }
        for k in rays.indices {
            let (u, v) = (rays[k], rays[(k + 1) % rays.count])
            guard cross(u, v).signum > 0 else { return .invalid("rays \(k) and \((k + 1) % rays.count) do not turn counterclockwise by less than a half-turn") }
            if k + 1 < rays.count, !precedes(u, v) { return .invalid("ray \(k + 1) turns past a full turn") }
        }
        let forms = watched(query)
        var (event, region) = ((low: Rational.zero, high: Rational.zero), (low: Rational.zero, high: Rational.zero))
        let pi = AngleBracket.pi(bits: bits)
        for k in rays.indices {
            let (u, v) = (rays[k], rays[(k + 1) % rays.count])
            let (at, next) = (query.program.evaluate(at: u), query.program.evaluate(at: v))
            if forms.contains(where: { $0.evaluate(at).signum * $0.evaluate(next).signum < 0 }) {
                return .invalid("a sign changes inside the sector from ray \(k)")
            }
            let middle = query.program.evaluate(at: zip(u, v).map { $0 + $1 })
            guard query.premise.holds(middle) else { continue }
            let a = AngleBracket.angle(x: u[0], y: u[1], bits: bits, pi: pi)
            var b = AngleBracket.angle(x: v[0], y: v[1], bits: bits, pi: pi)
            if k + 1 == rays.count { b = (b.low + 2 * pi.low, b.high + 2 * pi.high) }
            let width = (low: Rational.maximum(.zero, b.low - a.high), high: b.high - a.low)
            region = (region.low + width.low, region.high + width.high)
            if query.formula.holds(middle) { event = (event.low + width.low, event.high + width.high) }
        }
        let low = region.high.signum > 0 ? event.low / region.high : .zero
        let high = region.low.signum > 0 ? Rational.minimum(.one, event.high / region.low) : (region.high.signum > 0 ? .one : .zero)
        return verdictStatus(low, high, verdict: verdict, for: query)
    }

    /// Valid when the bracket [low, high] makes the certificate's verdict:
    /// measured without an expectation, proved or refuted when the bracket
    /// lies on one side of the expected number.
    static func verdictStatus(_ low: Rational, _ high: Rational, verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        var expected = Certificate.Verdict.measured
        if let (relation, value) = query.expectation {
            switch (relation.holds(low, value), relation.holds(high, value)) {
            case (true, true): expected = .proved
            case (false, false): expected = .refuted
            default: return .invalid("the bracket of the probability does not decide the expectation")
            }
        }
        guard verdict == expected else { return .invalid("the bracket makes the verdict '\(expected.rawValue)', not '\(verdict.rawValue)'") }
        return .valid
    }

    static func cross(_ u: [Rational], _ v: [Rational]) -> Rational { u[0] * v[1] - u[1] * v[0] }

    /// Whether `u` comes before `v` counterclockwise from (1, 0).
    static func precedes(_ u: [Rational], _ v: [Rational]) -> Bool {
        func half(_ d: [Rational]) -> Int { d[1].signum > 0 || (d[1].isZero && d[0].signum > 0) ? 0 : 1 }
        return half(u) < half(v) || (half(u) == half(v) && cross(u, v).signum > 0)
    }

    /// Every ReLU operand the statement depends on, in program order, and
    /// every comparison of the statement.
    static func watched(_ query: Query) -> [LinearForm] {
        let read = query.program.dependencies(of: query.formula.nodes.union(query.premise.nodes))
        var forms = query.program.nodes.indices.compactMap { i -> LinearForm? in
            if read[i], case .relu(let operand) = query.program.nodes[i] { return LinearForm(node: operand) }
            return nil
        }
        var stack = [query.formula, query.premise]
        while let f = stack.popLast() {
            switch f {
            case .constant: continue
            case .atom(let atom): forms.append(atom.expression)
            case .notZero(let e): forms.append(e)
            case .and(let parts), .or(let parts): stack += parts
            case .cases(let cases): stack += cases.flatMap { [$0.condition, $0.body] }
            }
        }
        return forms
    }
}
