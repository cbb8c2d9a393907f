package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// The standard Gaussian measure of a statement's region in R^3, for a
/// positively homogeneous query: its solutions form a union of cones, whose
/// measure is their solid angles over 4π.
///
/// Each octant is split, recursively, by the first watched form (ReLU
/// operands in program order, then comparisons) that takes strictly
/// opposite signs at the polygon's rays: earlier ones keep their signs, so
/// the form is linear there, its plane is exact, and the split is a tiling.
/// A polygon with no such form has one truth value, read at its interior.
/// The split tree is the certificate: the checker replays it.
package enum SphereMeasure {
    /// A cone and whether the event and the premise hold inside it.
    package typealias Cell = CellSubdivision.Leaf<SphericalPolygon>

    /// The cells of `query`'s sphere, and the split tree that made them
    /// (for each octant in ``SphericalPolygon/octants`` order).
    ///
    /// - Precondition: three inputs, and a positively homogeneous query.
    package static func cells(_ query: Query) -> (cells: [Cell], steps: [CellSplit]) {
        precondition(query.inputs.count == 3, "a sphere measure has three inputs")
        let (leaves, steps) = CellSubdivision.leaves(query, from: SphericalPolygon.octants) { $0.coefficients }
        return (leaves, steps)
    }

    /// Bounds of the share of the premise's measure where the event holds
    /// (0 for an empty premise), with `bits` binary digits.
    package static func share(_ cells: [Cell], bits: Int) -> (low: Rational, high: Rational) {
        let pi = AngleBracket.pi(bits: bits)
        var (event, region) = ((low: Rational.zero, high: Rational.zero), (low: Rational.zero, high: Rational.zero))
        for cell in cells where cell.premise {
            let area = cell.cell.solidAngle(bits: bits, pi: pi)
            region = (region.low + area.low, region.high + area.high)
            if cell.event { event = (event.low + area.low, event.high + area.high) }
        }
        guard region.high.signum > 0 else { return (.zero, .zero) }
        return (event.low / region.high, region.low.signum > 0 ? Rational.minimum(.one, event.high / region.low) : .one)
    }
}
