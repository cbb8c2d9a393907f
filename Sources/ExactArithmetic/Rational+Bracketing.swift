extension Rational {
    /// The value rounded down (or up) to a multiple of 2^-bits: how
    /// certified brackets keep their rationals small while staying outward.
    package func rounded(bits: Int, up: Bool) -> Rational {
        let scaled = timesPowerOfTwo(bits)
        var whole = scaled.floor
        if up, whole != scaled { whole += .one }
        return whole.timesPowerOfTwo(-bits)
    }

    /// Bounds of the square root of a value >= 0, about `bits` binary
    /// digits wide: Newton steps from a double's square root, rounded up.
    /// For r > 0, (r + q/r)/2 >= sqrt(q) (the mean of r and q/r is at
    /// least their geometric mean), and q divided by an upper bound is a
    /// lower bound.
    ///
    /// - Precondition: the value is not negative.
    package func squareRootBracket(bits: Int) -> (low: Rational, high: Rational) {
        precondition(signum >= 0, "a square root needs a value >= 0")
        guard signum > 0 else { return (.zero, .zero) }
        let q = self
        let guess = q.doubleApproximation.squareRoot()
        var upper = (try? Rational(exactly: guess)).flatMap { $0.signum > 0 ? $0 : nil } ?? q + .one
        let target = Rational.one.timesPowerOfTwo(-bits)
        for _ in 0..<64 {
            upper = ((upper + q / upper) / 2).rounded(bits: bits + 4, up: true)
            let lower = (q / upper).rounded(bits: bits + 4, up: false)
            if upper - lower <= target * Rational.maximum(.one, upper) { return (lower, upper) }
        }
        return ((q / upper).rounded(bits: bits + 4, up: false), upper)
    }
}
