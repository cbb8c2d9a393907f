/// The Gaussian measure of a simplicial cone in R^n, n ≤ 5, estimated by
/// whichever of two methods suits its shape: cubature over its rays'
/// simplex (``SimplicialConeCubature``), exact in the limit of a thin cone
/// and cheap, first; Plackett's orthant integral (``GaussianOrthant``),
/// indifferent to width but ill-conditioned on a nearly flat cone, when
/// the cubature's two rules disagree by more than ``tolerance``. The
/// smaller of the two error estimates wins.
package enum SimplicialConeMeasure {
    /// The absolute error each cone aims at: a million cones then add up
    /// to at most 1e-7.
    package static let tolerance = 1e-13

    /// The error each cone aims at relative to its measure, when that is
    /// above ``tolerance``.
    package static let relativeTolerance = 1e-7

    /// The measure and its estimated error, nil when n > 5.
    package static func measure(rays: [[Double]]) -> (value: Double, error: Double)? {
        guard let quick = SimplicialConeCubature.measure(rays: rays, tolerance: tolerance, maximumPieces: 1) else { return nil }
        if quick.error <= tolerance { return quick }
        let goal = max(tolerance, relativeTolerance * quick.value)
        var best = quick
        if let halved = SimplicialConeCubature.measure(rays: rays, tolerance: goal / 8, maximumPieces: 8), halved.error < best.error { best = halved }
        if best.error <= goal { return best }
        if let orthant = GaussianOrthant.cone(rays: rays, tolerance: goal), orthant.value.isFinite, orthant.error < best.error { best = orthant }
        return best
    }
}
