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
    static func check(steps: [CellSplit], bits: Int, verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        guard case .reals = query.domain, query.inputs.count == 3 else { return .invalid("a sphere split tree measures only statements on R^3") }
        let pi = AngleBracket.pi(bits: bits)
        var (event, region) = ((low: Rational.zero, high: Rational.zero), (low: Rational.zero, high: Rational.zero))
        let failure = CellReplay.replay(steps, from: SphericalPolygon.octants, query: query) { cone, holds in
            let area = cone.solidAngle(bits: bits, pi: pi)
            region = (region.low + area.low, region.high + area.high)
            if holds { event = (event.low + area.low, event.high + area.high) }
        }
        if let failure { return failure }
        let low = region.high.signum > 0 ? event.low / region.high : .zero
        let high = region.low.signum > 0 ? Rational.minimum(.one, event.high / region.low) : (region.high.signum > 0 ? .one : .zero)
        return PlaneMeasureCheck.verdictStatus(low, high, verdict: verdict, for: query)
    }
}
