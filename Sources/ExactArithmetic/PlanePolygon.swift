/// A convex polygon of the plane with exact rational corners, counter-
/// clockwise: what uniform measures of regions of a box in R^2 cut the box
/// into. Cutting one by a line gives two that tile it, and its area is an
/// exact rational.
package struct PlanePolygon: Sendable, Equatable {
    /// The corners, counterclockwise.
    package let corners: [[Rational]]

    /// A polygon with these corners.
    package init(corners: [[Rational]]) {
        self.corners = corners
    }

    /// The square `[low, high]^2`.
    package static func box(low: Rational, high: Rational) -> PlanePolygon {
        PlanePolygon(corners: [[low, low], [high, low], [high, high], [low, high]])
    }

    /// A point inside: the mean of the corners.
    package var interior: [Rational] {
        let n = Rational(corners.count)
        return corners.reduce([Rational.zero, .zero]) { sum, p in [sum[0] + p[0], sum[1] + p[1]] }.map { $0 / n }
    }

    /// The value of the affine form `f[0] x0 + f[1] x1 + f[2]` at `p`.
    package static func value(_ f: [Rational], _ p: [Rational]) -> Rational {
        f[0] * p[0] + f[1] * p[1] + f[2]
    }

    /// The two parts where the affine form `f` is >= 0 and <= 0 (a crossing
    /// edge gains the point where f vanishes). A side the polygon does not
    /// reach has fewer than three corners.
    package func split(by f: [Rational]) -> (positive: PlanePolygon, negative: PlanePolygon) {
        var (positive, negative): ([[Rational]], [[Rational]]) = ([], [])
        for k in corners.indices {
            let (u, v) = (corners[k], corners[(k + 1) % corners.count])
            let (a, b) = (Self.value(f, u), Self.value(f, v))
            if a.signum >= 0 { positive.append(u) }
            if a.signum <= 0 { negative.append(u) }
            if a.signum * b.signum < 0 {
                // (|b| u + |a| v) / (|a| + |b|): on the segment, where f is 0.
                let total = a.magnitude + b.magnitude
                let crossing = zip(u, v).map { (b.magnitude * $0 + a.magnitude * $1) / total }
                positive.append(crossing)
                negative.append(crossing)
            }
        }
        return (PlanePolygon(corners: positive), PlanePolygon(corners: negative))
    }

    /// The exact area (the shoelace formula); 0 with fewer than three corners.
    package var area: Rational {
        guard corners.count >= 3 else { return .zero }
        var twice = Rational.zero
        for k in corners.indices {
            let (u, v) = (corners[k], corners[(k + 1) % corners.count])
            twice += u[0] * v[1] - u[1] * v[0]
        }
        return twice.magnitude / 2
    }
}
