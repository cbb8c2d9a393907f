package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// Re-checks a Gaussian measure on `R^3` from its split tree, without the
/// search for the splits: replaying the splits from the eight octants
/// gives cells that tile the sphere whatever the planes are; at each leaf
/// no ReLU operand and no comparison of the statement may take strictly
/// opposite signs at its rays (then, phase after phase, every one keeps
/// its sign inside); the truth values are read at its interior, the solid
/// angles bracketed again, and the verdict recomputed from the bracket.
enum SphereMeasureCheck {
    static func check(steps: [SphereSplit], bits: Int, verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        guard case .reals = query.domain, query.inputs.count == 3 else { return .invalid("a sphere split tree measures only statements on R^3") }
        let forms = PlaneMeasureCheck.watched(query)
        let pi = AngleBracket.pi(bits: bits)
        var (event, region) = ((low: Rational.zero, high: Rational.zero), (low: Rational.zero, high: Rational.zero))
        var pending = SphericalPolygon.octants.reversed() as [SphericalPolygon]
        var position = 0
        while let polygon = pending.popLast() {
            guard position < steps.count else { return .invalid("the split tree ends before every cell is closed") }
            let step = steps[position]
            position += 1
            if case .split(let normal) = step {
                let (positive, negative) = polygon.split(by: normal)
                pending.append(negative)
                pending.append(positive)
                continue
            }
            guard polygon.rays.count >= 3 else { continue }
            let values = polygon.rays.map { query.program.evaluate(at: $0) }
            if forms.contains(where: { form in
                let signs = values.map { form.evaluate($0).signum }
                return signs.contains(1) && signs.contains(-1)
            }) {
                return .invalid("a sign changes inside the cell of step \(position - 1)")
            }
            let inside = query.program.evaluate(at: polygon.interior)
            guard query.premise.holds(inside) else { continue }
            let area = polygon.solidAngle(bits: bits, pi: pi)
            region = (region.low + area.low, region.high + area.high)
            if query.formula.holds(inside) { event = (event.low + area.low, event.high + area.high) }
        }
        guard position == steps.count else { return .invalid("\(steps.count - position) split steps after the last cell") }
        let low = region.high.signum > 0 ? event.low / region.high : .zero
        let high = region.low.signum > 0 ? Rational.minimum(.one, event.high / region.low) : (region.high.signum > 0 ? .one : .zero)
        return PlaneMeasureCheck.verdictStatus(low, high, verdict: verdict, for: query)
    }
}
