/// The Gaussian probability of a statement on `R^n` estimated from its
/// cones (``ConeCells``): each cone is triangulated on its rays
/// (``ConeTriangulation``) and each simplicial piece measured by cubature
/// or through its orthant probability (``SimplicialConeMeasure``). Every cone is measured, so the sum over
/// all of them, which is 1 in exact arithmetic, shows how far the cones
/// (cut in doubles) and the integration are off; that defect is added to
/// the integration's own error estimate.
package enum ConeMeasureEstimate {
    /// One cone's probability and estimated error.
    package static func cone(_ cell: ConeCells.Cell, dimension n: Int) -> (value: Double, error: Double) {
        let pieces = ConeTriangulation.simplices(rayCount: cell.rays.count, tight: cell.tight, dimension: n)
        var (value, error) = (0.0, 0.0)
        for piece in pieces {
            let m = SimplicialConeMeasure.measure(rays: piece.map { cell.rays[$0] }) ?? (.nan, .infinity)
            value += m.value
            error += m.error
        }
        return (value, error)
    }

    /// The share of the premise's probability where the event holds, and
    /// its estimated error, from each cone's measure.
    package static func share(_ cells: [ConeCells.Cell], _ measures: [(value: Double, error: Double)]) -> (value: Double, error: Double, defect: Double) {
        var (event, premise, total, error) = (0.0, 0.0, 0.0, 0.0)
        for (cell, m) in zip(cells, measures) {
            total += m.value
            error += m.error
            guard cell.premise else { continue }
            premise += m.value
            if cell.event { event += m.value }
        }
        let defect = abs(total - 1)
        guard premise > 0 else { return (0, 0, defect) }
        // Each cone's error moves the event and the premise alike at most.
        return (event / premise, (error + defect) / premise, defect)
    }
}
