internal import CGMP

// MARK: - Field operations

extension Rational {
    /// The exact sum.
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if case .small(let a, let b) = lhs.storage, case .small(let c, let d) = rhs.storage,
            let sum = smallSum(a, b, c, d)
        {
            return sum
        }
        return gmp(lhs, rhs, __gmpq_add)
    }

    /// The exact difference.
    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        lhs + (-rhs)
    }

    /// The exact product.
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if case .small(let a, let b) = lhs.storage, case .small(let c, let d) = rhs.storage,
            let product = smallProduct(a, b, c, d)
        {
            return product
        }
        return gmp(lhs, rhs, __gmpq_mul)
    }

    /// The exact quotient.
    ///
    /// - Precondition: `rhs` is not zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        lhs * rhs.reciprocal
    }

    /// The negation.
    public static prefix func - (operand: Rational) -> Rational {
        switch operand.storage {
        case .small(let n, let d):
            return Rational(storage: .small(-n, d))  // n is never Int64.min
        case .big(let b):
            let result = GMPRational()
            __gmpq_neg(result.q, b.q)
            return Rational(canonicalGMP: result)
        }
    }

    /// `1 / self`.
    ///
    /// - Precondition: the value is not zero.
    public var reciprocal: Rational {
        precondition(!isZero, "Rational division by zero")
        switch storage {
        case .small(let n, let d):
            return n < 0 ? Rational(storage: .small(-d, -n)) : Rational(storage: .small(d, n))
        case .big(let b):
            let result = GMPRational()
            __gmpq_inv(result.q, b.q)
            return Rational(canonicalGMP: result)
        }
    }

    /// The absolute value.
    public var magnitude: Rational { signum < 0 ? -self : self }

    /// Adds `rhs` to the value.
    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    /// Subtracts `rhs` from the value.
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }
    /// Multiplies the value by `rhs`.
    public static func *= (lhs: inout Rational, rhs: Rational) { lhs = lhs * rhs }
    /// Divides the value by `rhs`.
    ///
    /// - Precondition: `rhs` is not zero.
    public static func /= (lhs: inout Rational, rhs: Rational) { lhs = lhs / rhs }

    /// The value times `2^exponent` (exponent of either sign).
    package func timesPowerOfTwo(_ exponent: Int) -> Rational {
        if exponent == 0 || isZero { return self }
        if case .small(let n, let d) = storage, exponent.magnitude < 63 {
            let shift = Int64(exponent.magnitude)
            if exponent > 0 {
                let scale = Int64(1) << shift
                let (m, overflow) = n.multipliedReportingOverflow(by: scale)
                if !overflow, m != Int64.min { return Rational.reduced(m, d) }
            } else {
                let scale = Int64(1) << shift
                let (m, overflow) = d.multipliedReportingOverflow(by: scale)
                if !overflow, m != Int64.min { return Rational.reduced(n, m) }
            }
        }
        let result = GMPRational()
        withMPQ { q in
            if exponent > 0 {
                __gmpq_mul_2exp(result.q, q, UInt(exponent))
            } else {
                __gmpq_div_2exp(result.q, q, UInt(exponent.magnitude))
            }
        }
        return Rational(canonicalGMP: result)
    }

    // MARK: Inline fast paths

    /// a/b + c/d in machine integers, or nil on overflow.
    private static func smallSum(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Rational? {
        if b == d {
            let (n, o) = a.addingReportingOverflow(c)
            return o ? nil : reduced(n, b)
        }
        let g = Int64(greatestCommonDivisor(b.magnitude, d.magnitude))
        let b1 = b / g
        let d1 = d / g
        let (t1, o1) = a.multipliedReportingOverflow(by: d1)
        let (t2, o2) = c.multipliedReportingOverflow(by: b1)
        let (n, o3) = t1.addingReportingOverflow(t2)
        let (den, o4) = b.multipliedReportingOverflow(by: d1)
        if o1 || o2 || o3 || o4 { return nil }
        return reduced(n, den)
    }

    /// a/b * c/d in machine integers, or nil on overflow.
    private static func smallProduct(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Rational? {
        if a == 0 || c == 0 { return .zero }
        if b == 1, d == 1 {
            let (n, overflow) = a.multipliedReportingOverflow(by: c)
            return overflow || n == Int64.min ? nil : Rational(storage: .small(n, 1))
        }
        let g1 = Int64(greatestCommonDivisor(a.magnitude, d.magnitude))
        let g2 = Int64(greatestCommonDivisor(c.magnitude, b.magnitude))
        let (n, o1) = (a / g1).multipliedReportingOverflow(by: c / g2)
        let (den, o2) = (b / g2).multipliedReportingOverflow(by: d / g1)
        if o1 || o2 || n == Int64.min || den == Int64.min { return nil }
        return Rational(storage: .small(n, den))
    }

    /// Applies a GMP binary operation to two values.
    private static func gmp(
        _ lhs: Rational, _ rhs: Rational,
        _ operation: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
    ) -> Rational {
        let result = GMPRational()
        lhs.withMPQ { x in rhs.withMPQ { y in operation(result.q, x, y) } }
        return Rational(canonicalGMP: result)
    }
}

// MARK: - Numeric conformances

extension Rational: SignedNumeric {
    /// The value of `source`, which is always exact.
    public init?<T: BinaryInteger>(exactly source: T) {
        if let small = Int64(exactly: source), small != Int64.min {
            self.init(storage: .small(small, 1))
        } else {
            guard let parsed = try? Rational(parsing: String(source)) else { return nil }
            self = parsed
        }
    }
}

extension Rational {
    /// The smaller of two values.
    public static func minimum(_ a: Rational, _ b: Rational) -> Rational { a < b ? a : b }
    /// The larger of two values.
    public static func maximum(_ a: Rational, _ b: Rational) -> Rational { a < b ? b : a }
}
