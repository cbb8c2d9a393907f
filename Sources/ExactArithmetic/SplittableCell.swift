/// A convex cell that a region is cut into for a measure: a cone of R^3
/// (``SphericalPolygon``) or a polygon of the plane (``PlanePolygon``).
/// Splitting one by a form gives two cells that tile it.
package protocol SplittableCell: Sendable {
    /// The corners (rays of a cone, vertices of a polygon).
    var points: [[Rational]] { get }
    /// A point inside.
    var interior: [Rational] { get }
    /// The parts where the form is >= 0 and <= 0.
    func split(by form: [Rational]) -> (positive: Self, negative: Self)
}

extension SphericalPolygon: SplittableCell {
    package var points: [[Rational]] { rays }
}

extension PlanePolygon: SplittableCell {
    package var points: [[Rational]] { corners }
}
