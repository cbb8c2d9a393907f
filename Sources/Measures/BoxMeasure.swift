package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// The uniform measure of a statement's region in a box of the plane: the
/// region is a finite union of polygons (the statement need not be
/// homogeneous), whose areas are exact rationals, so the share is an exact
/// fraction.
///
/// The box is split, recursively, by the first watched form (ReLU operands
/// the statement reads in program order, then comparisons) that takes
/// strictly opposite signs at a polygon's corners: earlier ones keep their
/// signs, so the form is affine there and its line exact. A polygon with no
/// such form has one truth value, read at its interior. The split tree is
/// the certificate: the checker replays it.
package enum BoxMeasure {
    /// A polygon and whether the event and the premise hold inside it.
    package typealias Cell = CellSubdivision.Leaf<PlanePolygon>

    /// The cells of `query`'s box, and the split tree that made them.
    ///
    /// - Precondition: two inputs and a box domain.
    package static func cells(_ query: Query) -> (cells: [Cell], steps: [CellSplit]) {
        guard case .box(let low, let high) = query.domain, query.inputs.count == 2 else { preconditionFailure("a box measure has two inputs and a box") }
        let (leaves, steps) = CellSubdivision.leaves(query, from: [PlanePolygon.box(low: low, high: high)]) { $0.coefficients + [$0.constant] }
        return (leaves, steps)
    }

    /// The exact share of the premise's area where the event holds, and
    /// the two areas (0 for an empty premise).
    package static func share(_ cells: [Cell]) -> (share: Rational, event: Rational, region: Rational) {
        var (event, region) = (Rational.zero, Rational.zero)
        for cell in cells where cell.premise {
            let area = cell.cell.area
            region += area
            if cell.event { event += area }
        }
        return (region.isZero ? .zero : event / region, event, region)
    }
}
