import ExactArithmetic

extension SplitMix64 {
    /// A small dyadic weight in [-2, 2] with a few fraction bits, like a
    /// coarsely quantised float32.
    package mutating func nextSmallWeight() -> Rational {
        Rational(Int.random(in: -32...32, using: &self), 16)
    }

    /// A rational input in [-4, 4] with a small denominator.
    package mutating func nextSmallInput() -> Rational {
        Rational(Int.random(in: -400...400, using: &self), Int.random(in: 1...100, using: &self))
    }
}
