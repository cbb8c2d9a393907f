/// A triangulation of a pointed polyhedral cone into simplicial cones on
/// its own extreme rays, from which constraints each ray meets (the face
/// lattice, combinatorially): the pulling triangulation, which joins the
/// lowest ray to a triangulation of every facet that does not hold it.
/// A facet of a face is a maximal proper subset among the face's rays
/// that also meet one more constraint.
package enum ConeTriangulation {
    /// Simplices, each `n` ray indices, covering the cone spanned by
    /// `rayCount` rays in R^n whose met constraints are `tight`; empty when
    /// the description is not that of a full-dimensional pointed cone.
    package static func simplices(rayCount: Int, tight: [Set<Int>], dimension n: Int) -> [[Int]] {
        var raysOfRow: [Int: Set<Int>] = [:]
        for (ray, rows) in tight.enumerated() {
            for row in rows { raysOfRow[row, default: []].insert(ray) }
        }
        let rowSets = raysOfRow.keys.sorted().compactMap { raysOfRow[$0] }
        return triangulate(Set(0..<rayCount), dimension: n, rowSets)
    }

    private static func triangulate(_ face: Set<Int>, dimension d: Int, _ rowSets: [Set<Int>]) -> [[Int]] {
        if face.count == d { return [face.sorted()] }
        guard d > 1, face.count > d, let apex = face.min() else { return [] }
        var candidates: [Set<Int>] = []
        for rows in rowSets {
            let part = face.intersection(rows)
            if part.count >= d - 1, part.count < face.count, !candidates.contains(part) { candidates.append(part) }
        }
        let facets = candidates.filter { c in !candidates.contains { $0.count > c.count && $0.isSuperset(of: c) } }
        return facets.filter { !$0.contains(apex) }.flatMap { facet in
            triangulate(facet, dimension: d - 1, rowSets).map { $0 + [apex] }
        }
    }
}
