extension Rational {
    /// The prime ``residue`` reduces modulo: 2^31 - 1, so a product of two
    /// residues fits in 64 bits.
    package static let residuePrime: UInt64 = 2_147_483_647

    /// The number modulo ``residuePrime`` (its numerator times the inverse
    /// of its denominator), or nil when it is not held inline or its
    /// denominator is a multiple of the prime. Reduction modulo a prime
    /// keeps sums and products, so sums of products whose residues do not
    /// cancel are not zero: a cheap test before exact arithmetic.
    package var residue: UInt64? {
        guard let (n, d) = smallParts else { return nil }
        let p = Self.residuePrime
        let denominator = d.magnitude % p
        guard denominator != 0 else { return nil }
        let magnitude = n.magnitude % p
        let numerator = n < 0 ? (p - magnitude) % p : magnitude
        return denominator == 1 ? numerator : numerator * Self.inverseResidue(denominator) % p
    }

    /// The inverse of a nonzero residue, by Fermat's little theorem.
    private static func inverseResidue(_ x: UInt64) -> UInt64 {
        var result: UInt64 = 1
        var base = x
        var exponent = residuePrime - 2
        while exponent > 0 {
            if exponent & 1 == 1 { result = result * base % residuePrime }
            base = base * base % residuePrime
            exponent >>= 1
        }
        return result
    }
}
