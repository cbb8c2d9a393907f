/// A convex polyhedral cone of R^3, given by its extreme rays in
/// counterclockwise order seen from outside (a convex spherical polygon,
/// inside an open hemisphere): what measures of regions of R^3 cut the
/// sphere into. Splitting one by a plane through the origin gives two that
/// tile it; its solid angle is enclosed, never approximated.
package struct SphericalPolygon: Sendable, Equatable {
    /// The rays, each scaled so that its largest coordinate has magnitude 1.
    package let rays: [[Rational]]

    /// A polygon with these rays (scaled).
    package init(rays: [[Rational]]) {
        self.rays = rays.map(Self.normalized)
    }

    /// The eight octants, each a triangle of signed unit vectors, in a fixed order.
    package static var octants: [SphericalPolygon] {
        var result: [SphericalPolygon] = []
        for signs in [(1, 1, 1), (-1, 1, 1), (-1, -1, 1), (1, -1, 1), (1, 1, -1), (-1, 1, -1), (-1, -1, -1), (1, -1, -1)] {
            let a: [Rational] = [Rational(signs.0), 0, 0]
            let b: [Rational] = [0, Rational(signs.1), 0]
            let c: [Rational] = [0, 0, Rational(signs.2)]
            // Counterclockwise from outside: a positive triple product.
            result.append(SphericalPolygon(rays: signs.0 * signs.1 * signs.2 > 0 ? [a, b, c] : [a, c, b]))
        }
        return result
    }

    /// A point inside (the sum of the rays).
    package var interior: [Rational] {
        rays.reduce([Rational.zero, .zero, .zero]) { sum, r in zip(sum, r).map { $0 + $1 } }
    }

    /// The two parts on either side of the plane `normal · x = 0`: where it
    /// is >= 0, then <= 0 (Sutherland-Hodgman: a crossing edge gains the
    /// ray where it meets the plane). A side the polygon does not reach is
    /// returned with fewer than three rays.
    package func split(by normal: [Rational]) -> (positive: SphericalPolygon, negative: SphericalPolygon) {
        var (positive, negative): ([[Rational]], [[Rational]]) = ([], [])
        for k in rays.indices {
            let (u, v) = (rays[k], rays[(k + 1) % rays.count])
            let (a, b) = (Self.dot(normal, u), Self.dot(normal, v))
            if a.signum >= 0 { positive.append(u) }
            if a.signum <= 0 { negative.append(u) }
            if a.signum * b.signum < 0 {
                // |b| u + |a| v: a positive combination of u and v on the plane.
                let crossing = zip(u, v).map { b.magnitude * $0 + a.magnitude * $1 }
                positive.append(crossing)
                negative.append(crossing)
            }
        }
        return (SphericalPolygon(rays: positive), SphericalPolygon(rays: negative))
    }

    /// Bounds of the solid angle (the area on the unit sphere), from a fan
    /// of triangles from the first ray.
    package func solidAngle(bits: Int, pi: (low: Rational, high: Rational)) -> (low: Rational, high: Rational) {
        var (low, high) = (Rational.zero, Rational.zero)
        guard rays.count >= 3 else { return (low, high) }
        for i in 1..<(rays.count - 1) {
            let t = Self.triangle(rays[0], rays[i], rays[i + 1], bits: bits, pi: pi)
            low += t.low
            high += t.high
        }
        return (low, high)
    }

    /// Bounds of the solid angle of the triangle (a, b, c), counterclockwise
    /// from outside (Van Oosterom and Strackee): tan(Ω/2) = N / D with
    /// N = a · (b × c) and D = |a||b||c| + (a·b)|c| + (a·c)|b| + (b·c)|a|.
    /// N is exact; the norms are enclosed; Ω/2 = atan2(N, D) falls as D grows.
    static func triangle(_ a: [Rational], _ b: [Rational], _ c: [Rational], bits: Int, pi: (low: Rational, high: Rational)) -> (low: Rational, high: Rational) {
        let n = dot(a, cross(b, c))
        guard n.signum > 0 else { return (.zero, .zero) }
        let (na, nb, nc) = (norm(a, bits: bits), norm(b, bits: bits), norm(c, bits: bits))
        let product = (low: na.low * nb.low * nc.low, high: na.high * nb.high * nc.high)
        let terms = [scaled(dot(a, b), nc), scaled(dot(a, c), nb), scaled(dot(b, c), na)]
        let d = terms.reduce(product) { (low: $0.low + $1.low, high: $0.high + $1.high) }
        let smallest = AngleBracket.angle(x: d.high, y: n, bits: bits, pi: pi)
        let largest = AngleBracket.angle(x: d.low, y: n, bits: bits, pi: pi)
        return (2 * smallest.low, 2 * largest.high)
    }

    /// Bounds of `c · [low, high]` for an exact `c`.
    static func scaled(_ c: Rational, _ x: (low: Rational, high: Rational)) -> (low: Rational, high: Rational) {
        c.signum >= 0 ? (c * x.low, c * x.high) : (c * x.high, c * x.low)
    }

    /// Bounds of |v| = sqrt(v · v).
    static func norm(_ v: [Rational], bits: Int) -> (low: Rational, high: Rational) {
        dot(v, v).squareRootBracket(bits: bits)
    }

    static func dot(_ u: [Rational], _ v: [Rational]) -> Rational {
        zip(u, v).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
    }

    static func cross(_ u: [Rational], _ v: [Rational]) -> [Rational] {
        [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
    }

    /// The ray scaled so that its largest coordinate has magnitude 1.
    static func normalized(_ v: [Rational]) -> [Rational] {
        guard let size = v.map(\.magnitude).max(), size.signum > 0, size != .one else { return v }
        return v.map { $0 / size }
    }
}

/// One node of a tree of splits that cuts a region into cells, in
/// preorder: a leaf (a cell), or a split by `normal` followed by the
/// subtrees of its two sides (where it is >= 0, then <= 0). On the sphere
/// the normal is a plane's through the origin, `n · x`; in a box of the
/// plane it is an affine form `n[0] x0 + n[1] x1 + n[2]`.
package enum CellSplit: Sendable, Equatable {
    case leaf
    case split(normal: [Rational])
}
