internal import CGMP

/// An exact rational number.
///
/// Values are always in lowest terms with a positive denominator. Small
/// values (numerator and denominator within `Int64`) are stored inline and
/// computed with overflow-checked machine arithmetic; anything larger is held
/// in GMP (`mpq_t`) and demoted back to the inline form when it fits again.
/// Every finite `Float` and `Double` converts to a `Rational` exactly.
///
/// ```swift
/// let third = Rational(1, 3)
/// (third + third + third) == 1   // true, exactly
/// ```
public struct Rational: Sendable {
    enum Storage: Sendable {
        /// Numerator and a positive denominator, coprime; neither is `Int64.min`.
        case small(Int64, Int64)
        /// A canonical GMP value that does not fit `.small`.
        case big(GMPRational)
    }

    var storage: Storage

    init(storage: Storage) {
        self.storage = storage
    }

    /// Wraps a freshly computed GMP value, canonical and demoted when it fits.
    init(canonicalGMP value: GMPRational) {
        if let parts = value.smallParts {
            storage = .small(parts.numerator, parts.denominator)
        } else {
            storage = .big(value)
        }
    }

    /// The integer `value`.
    public init(_ value: Int) {
        if value == Int.min {
            let big = GMPRational()
            __gmpq_set_si(big.q, value, 1)
            storage = .big(big)
        } else {
            storage = .small(Int64(value), 1)
        }
    }

    /// The fraction `numerator / denominator`, reduced.
    ///
    /// - Precondition: `denominator != 0`.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational denominator must not be zero")
        self = Rational(numerator) / Rational(denominator)
    }

    /// Builds a reduced value from an inline fraction, promoting to GMP if the
    /// reduced parts still do not fit.
    static func reduced(_ numerator: Int64, _ denominator: Int64) -> Rational {
        precondition(denominator != 0, "Rational denominator must not be zero")
        if numerator == 0 { return .zero }
        if numerator == Int64.min || denominator == Int64.min {
            let big = GMPRational()
            __gmpq_set_si(big.q, Int(numerator), 1)
            let den = GMPRational()
            __gmpq_set_si(den.q, Int(denominator), 1)
            let result = GMPRational()
            __gmpq_div(result.q, big.q, den.q)
            return Rational(canonicalGMP: result)
        }
        var n = numerator
        var d = denominator
        if d == 1 { return Rational(storage: .small(n, 1)) }
        if d < 0 {
            n = -n
            d = -d
        }
        let g = greatestCommonDivisor(n.magnitude, d.magnitude)
        if g > 1 {
            n /= Int64(g)
            d /= Int64(g)
        }
        return Rational(storage: .small(n, d))
    }

    /// Zero.
    public static let zero = Rational(storage: .small(0, 1))
    /// One.
    public static let one = Rational(storage: .small(1, 1))

    /// -1, 0 or 1, the sign of the value.
    public var signum: Int {
        switch storage {
        case .small(let n, _): return n == 0 ? 0 : (n < 0 ? -1 : 1)
        case .big(let b): return Int(cgmp_mpq_sgn(b.q))
        }
    }

    /// Whether the value is zero.
    public var isZero: Bool { signum == 0 }

    /// Whether the value is an integer (its denominator is 1).
    public var isInteger: Bool {
        switch storage {
        case .small(_, let d): return d == 1
        case .big(let b): return __gmpz_cmp_ui(cgmp_mpq_denref_const(b.q), 1) == 0
        }
    }

    /// Whether the value is held inline rather than in GMP (for tests and
    /// profiling; it never changes what a value means).
    package var isInline: Bool {
        if case .small = storage { return true }
        return false
    }

    /// Numerator and positive denominator, coprime, when both fit 64 bits
    /// (values held inline); nil otherwise.
    package var smallParts: (numerator: Int64, denominator: Int64)? {
        if case .small(let n, let d) = storage { return (n, d) }
        return nil
    }

    /// The value as an `Int`, if it is an integer that fits.
    public var intValue: Int? {
        if case .small(let n, 1) = storage { return Int(n) }
        return nil
    }

    /// The denominator of the reduced fraction (1 for an integer).
    public var denominator: Rational {
        switch storage {
        case .small(_, let d): return Rational(Int(d))
        case .big(let b):
            let result = GMPRational()
            __gmpq_set_z(result.q, cgmp_mpq_denref_const(b.q))
            return Rational(canonicalGMP: result)
        }
    }

    /// Runs `body` with a read-only GMP view of the value (a temporary for
    /// inline values).
    func withMPQ<R>(_ body: (UnsafePointer<__mpq_struct>) -> R) -> R {
        switch storage {
        case .big(let b):
            return body(b.q)
        case .small(let n, let d):
            var temporary = __mpq_struct()
            __gmpq_init(&temporary)
            defer { __gmpq_clear(&temporary) }
            __gmpq_set_si(&temporary, Int(n), UInt(d))
            return body(&temporary)
        }
    }
}

/// The greatest common divisor of two unsigned integers (binary GCD).
func greatestCommonDivisor(_ a: UInt64, _ b: UInt64) -> UInt64 {
    if a == 0 { return b }
    if b == 0 { return a }
    // Integers (denominator 1) and dyadic values (float weights: power-of-two
    // denominators) are the common cases on the hot path.
    if a == 1 || b == 1 { return 1 }
    if a & (a - 1) == 0 || b & (b - 1) == 0 {
        return 1 << UInt64(min(a.trailingZeroBitCount, b.trailingZeroBitCount))
    }
    var u = a
    var v = b
    let shift = (u | v).trailingZeroBitCount
    u >>= u.trailingZeroBitCount
    repeat {
        v >>= v.trailingZeroBitCount
        if u > v { swap(&u, &v) }
        v -= u
    } while v != 0
    return u << shift
}

// MARK: - Equality, hashing, order

extension Rational: Equatable {
    /// Exact equality.
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.small(let a, let b), .small(let c, let d)):
            return a == c && b == d
        case (.small, .big), (.big, .small):
            // Canonical storage: a value that fits inline is never stored in GMP.
            return false
        case (.big(let x), .big(let y)):
            return __gmpq_equal(x.q, y.q) != 0
        }
    }
}

extension Rational: Hashable {
    /// Hashes the canonical numerator and denominator.
    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .small(let n, let d):
            hasher.combine(n)
            hasher.combine(d)
        case .big(let b):
            hasher.combine(cgmp_mpz_fold(cgmp_mpq_numref_const(b.q)))
            hasher.combine(cgmp_mpz_fold(cgmp_mpq_denref_const(b.q)))
        }
    }
}

extension Rational: Comparable {
    /// Exact order.
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs`.
    public static func compare(_ lhs: Rational, _ rhs: Rational) -> Int {
        if case .small(let a, let b) = lhs.storage, case .small(let c, let d) = rhs.storage {
            if b == d { return a < c ? -1 : (a == c ? 0 : 1) }
            let left = a.multipliedFullWidth(by: d)
            let right = c.multipliedFullWidth(by: b)
            if left.high != right.high { return left.high < right.high ? -1 : 1 }
            if left.low != right.low { return left.low < right.low ? -1 : 1 }
            return 0
        }
        let result = lhs.withMPQ { x in rhs.withMPQ { y in __gmpq_cmp(x, y) } }
        return result < 0 ? -1 : (result == 0 ? 0 : 1)
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    /// The integer `value`.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}
