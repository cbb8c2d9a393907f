import ExactArithmetic

extension SplitMix64 {
    /// A random rational: usually small, sometimes with numerator and
    /// denominator near or beyond 64 bits, so tests cross the inline/GMP
    /// boundary in both directions.
    package mutating func nextRational() -> Rational {
        switch Int.random(in: 0..<6, using: &self) {
        case 0:
            return Rational(Int.random(in: -10...10, using: &self))
        case 1, 2:
            return Rational(Int.random(in: -1000...1000, using: &self), Int.random(in: 1...1000, using: &self))
        case 3:
            let n = Int.random(in: Int(Int32.min)...Int(Int32.max), using: &self)
            return Rational(n, Int.random(in: 1...Int(Int32.max), using: &self))
        case 4:
            let n = Int.random(in: (Int.min + 1)...Int.max, using: &self)
            return Rational(n, Int.random(in: 1...Int.max, using: &self))
        default:
            let a = Rational(Int.random(in: (Int.min + 1)...Int.max, using: &self))
            let b = Rational(Int.random(in: (Int.min + 1)...Int.max, using: &self))
            let c = Rational(Int.random(in: 1...Int.max, using: &self))
            return a * b / c
        }
    }
}
