package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// Re-checks a uniform measure on a box of the plane from its split tree:
/// replaying the line splits from the box gives polygons that tile it
/// whatever the lines; at each leaf no ReLU operand the statement reads and
/// no comparison may take strictly opposite signs at its corners; the truth
/// values are read at its interior, the areas (exact) added up, and the
/// verdict recomputed from the exact share.
enum BoxMeasureCheck {
    static func check(steps: [CellSplit], verdict: Certificate.Verdict, for query: Query) -> CertificateStatus {
        guard case .box(let low, let high) = query.domain, query.inputs.count == 2 else { return .invalid("a box split tree measures only statements on a box of the plane") }
        var (event, region) = (Rational.zero, Rational.zero)
        let failure = CellReplay.replay(steps, from: [PlanePolygon.box(low: low, high: high)], query: query) { polygon, holds in
            region += polygon.area
            if holds { event += polygon.area }
        }
        if let failure { return failure }
        let share = region.isZero ? Rational.zero : event / region
        return PlaneMeasureCheck.verdictStatus(share, share, verdict: verdict, for: query)
    }
}
