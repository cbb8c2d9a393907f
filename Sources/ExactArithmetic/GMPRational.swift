internal import CGMP

/// Heap storage for one GMP rational (`mpq_t`).
///
/// The `mpq_t` lives behind a pointer allocated in `init`, never in a Swift
/// `var`, so passing it twice to GMP (`mpq_add(q, q, r)`) is not an
/// exclusivity violation. Storage is written only while it is being built,
/// before it is shared; after that it is immutable, which is why the class is
/// `@unchecked Sendable`.
final class GMPRational: @unchecked Sendable {
    /// The owned `mpq_t`.
    let q: UnsafeMutablePointer<__mpq_struct>

    /// A new storage holding zero.
    init() {
        q = .allocate(capacity: 1)
        __gmpq_init(q)
    }

    /// A new storage holding `numerator / denominator` (not yet canonical if
    /// the fraction is not reduced; callers canonicalize).
    convenience init(numerator: Int64, denominator: Int64) {
        self.init()
        __gmpq_set_si(q, Int(numerator), UInt(denominator))
    }

    deinit {
        __gmpq_clear(q)
        q.deallocate()
    }

    /// Whether numerator and denominator both fit the inline representation.
    var smallParts: (numerator: Int64, denominator: Int64)? {
        let num = cgmp_mpq_numref_const(q)
        let den = cgmp_mpq_denref_const(q)
        guard cgmp_mpz_fits_slong(num) != 0, cgmp_mpz_fits_slong(den) != 0 else { return nil }
        let n = Int64(cgmp_mpz_get_si(num))
        let d = Int64(cgmp_mpz_get_si(den))
        guard n != Int64.min, d != Int64.min else { return nil }
        return (n, d)
    }
}
