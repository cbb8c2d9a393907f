internal import CGMP

extension Rational {
    /// The sign, and the magnitudes of the reduced numerator and the
    /// denominator as big-endian bytes without leading zeros (zero's
    /// numerator has none): a compact, exact serialization.
    package var bigEndianParts: (isNegative: Bool, numerator: [UInt8], denominator: [UInt8]) {
        switch storage {
        case .small(let n, let d):
            return (n < 0, Self.bigEndianBytes(n.magnitude), Self.bigEndianBytes(d.magnitude))
        case .big(let value):
            return (
                signum < 0, Self.bigEndianBytes(cgmp_mpq_numref_const(value.q)),
                Self.bigEndianBytes(cgmp_mpq_denref_const(value.q))
            )
        }
    }

    /// The rational `±numerator / denominator` from big-endian magnitudes
    /// (reduced here if they are not coprime), or nil for a zero denominator.
    package init?(isNegative: Bool, numerator: [UInt8], denominator: [UInt8]) {
        guard denominator.contains(where: { $0 != 0 }) else { return nil }
        if numerator.count <= 7, denominator.count <= 7 {
            let n = Int64(Self.integer(bigEndian: numerator))
            self = Rational.reduced(isNegative ? -n : n, Int64(Self.integer(bigEndian: denominator)))
            return
        }
        let value = GMPRational()
        Self.setInteger(cgmp_mpq_numref(value.q), bigEndian: numerator)
        Self.setInteger(cgmp_mpq_denref(value.q), bigEndian: denominator)
        if isNegative { __gmpz_neg(cgmp_mpq_numref(value.q), cgmp_mpq_numref(value.q)) }
        __gmpq_canonicalize(value.q)
        self.init(canonicalGMP: value)
    }

    private static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var v = value
        while v > 0 {
            bytes.append(UInt8(v & 0xFF))
            v >>= 8
        }
        return bytes.reversed()
    }

    private static func bigEndianBytes(_ z: UnsafePointer<__mpz_struct>) -> [UInt8] {
        guard cgmp_mpz_sgn(z) != 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: (__gmpz_sizeinbase(z, 2) + 7) / 8)
        var written = 0
        // Most significant byte first, one byte per word, no nails.
        bytes.withUnsafeMutableBytes { _ = __gmpz_export($0.baseAddress, &written, 1, 1, 1, 0, z) }
        return Array(bytes.prefix(written))
    }

    private static func integer(bigEndian bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func setInteger(_ z: UnsafeMutablePointer<__mpz_struct>, bigEndian bytes: [UInt8]) {
        bytes.withUnsafeBytes { __gmpz_import(z, bytes.count, 1, 1, 1, 0, $0.baseAddress) }
    }
}
