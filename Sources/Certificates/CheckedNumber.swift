package import ExactArithmetic

/// The checker's own enclosures of a transformer's values (no code shared
/// with the search's evaluator beyond `ExactArithmetic`): doubles rounded
/// outward, or rational brackets rounded to a number of bits.
protocol CheckedNumber: Sendable {
    init(_ r: Rational, bits: Int)
    static func + (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    var negated: Self { get }
    /// e^self.
    var exp: Self { get }
    /// 1 / self, or nil when the bracket holds 0.
    var inverse: Self? { get }
    func join(_ other: Self) -> Self
    var low: Rational { get }
    var high: Rational { get }
    /// -1, 0 or 1 when the enclosures decide how the values compare.
    func order(_ other: Self) -> Int?
    /// Whether the enclosure is a single point.
    var isPoint: Bool { get }
}

extension CheckedNumber {
    static func - (a: Self, b: Self) -> Self { a + b.negated }

    func order(_ other: Self) -> Int? {
        let (a, b) = ((low, high), (other.low, other.high))
        if a.1 < b.0 { return -1 }
        if a.0 > b.1 { return 1 }
        if a.0 == a.1, b.0 == b.1, a.0 == b.0 { return 0 }
        return nil
    }

    var isPoint: Bool { low == high }
}

/// Doubles with outward rounding (``Enclosure``'s sum and product).
struct CheckedDouble: CheckedNumber {
    let e: Enclosure

    init(_ e: Enclosure) { self.e = e }
    init(_ r: Rational, bits: Int) { e = Enclosure(r) }

    static func + (a: CheckedDouble, b: CheckedDouble) -> CheckedDouble { CheckedDouble(a.e + b.e) }
    static func * (a: CheckedDouble, b: CheckedDouble) -> CheckedDouble { CheckedDouble(a.e * b.e) }
    var negated: CheckedDouble { CheckedDouble(Enclosure(-e.upper, -e.lower)) }

    var inverse: CheckedDouble? {
        guard e.lower > 0 || e.upper < 0 else { return nil }
        return CheckedDouble(Enclosure((1 / e.upper).nextDown, (1 / e.lower).nextUp))
    }

    /// 1/k! for k = 0...11, each enclosed (tightest doubles around the exact fraction).
    private static let taylor: [Enclosure] = (0...11).map { k in
        Enclosure(Rational.one / Rational((1...max(k, 1)).reduce(1, *)))
    }

    /// e^x at both ends: x = m/2^j with |x/2^j| <= 1/8 (halving is exact),
    /// the Taylor polynomial of degree 11 in Horner's form with enclosed
    /// coefficients, plus the remainder bound |y|^12/12! e^|y| < 1e-19,
    /// then squared j times, every step rounded outward.
    var exp: CheckedDouble {
        func bound(_ x: Double, up: Bool) -> Double {
            if x < -700 { return up ? 1e-300 : 0 }
            if x > 700 { return up ? .infinity : .greatestFiniteMagnitude }
            var halvings = 0
            var y = x
            while abs(y) > 0.125 { y /= 2; halvings += 1 }
            let point = Enclosure(exactly: y)
            var value = Self.taylor[11]
            for k in stride(from: 10, through: 0, by: -1) { value = value * point + Self.taylor[k] }
            value = value + Enclosure(-1e-19, 1e-19)
            for _ in 0..<halvings { value = value * value }
            return up ? value.upper : max(0, value.lower)
        }
        return CheckedDouble(Enclosure(bound(e.lower, up: false), bound(e.upper, up: true)))
    }

    /// Doubles compare exactly: no rationals needed.
    func order(_ other: CheckedDouble) -> Int? {
        if e.upper < other.e.lower { return -1 }
        if e.lower > other.e.upper { return 1 }
        if e.lower == e.upper, other.e.lower == other.e.upper, e.lower == other.e.lower { return 0 }
        return nil
    }

    var isPoint: Bool { e.lower == e.upper }

    func join(_ other: CheckedDouble) -> CheckedDouble { CheckedDouble(Enclosure(min(e.lower, other.e.lower), max(e.upper, other.e.upper))) }
    var low: Rational { (try? Rational(exactly: e.lower)) ?? Rational(-1_000_000_000_000) }
    var high: Rational { (try? Rational(exactly: e.upper)) ?? Rational(1_000_000_000_000) }
}

/// Rational brackets whose ends are rounded outward to 2^-bits.
struct CheckedBracket: CheckedNumber {
    let low: Rational
    let high: Rational
    let bits: Int

    init(_ low: Rational, _ high: Rational, bits: Int) {
        (self.low, self.high, self.bits) = (low.rounded(bits: bits + 8, up: false), high.rounded(bits: bits + 8, up: true), bits)
    }

    init(_ r: Rational, bits: Int) { (low, high, self.bits) = (r, r, bits) }

    static func + (a: CheckedBracket, b: CheckedBracket) -> CheckedBracket {
        CheckedBracket(a.low + b.low, a.high + b.high, bits: max(a.bits, b.bits))
    }

    static func * (a: CheckedBracket, b: CheckedBracket) -> CheckedBracket {
        let p = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
        return CheckedBracket(p.min() ?? .zero, p.max() ?? .zero, bits: max(a.bits, b.bits))
    }

    var negated: CheckedBracket { CheckedBracket(-1 * high, -1 * low, bits: bits) }

    var inverse: CheckedBracket? {
        guard low.signum * high.signum > 0 else { return nil }
        return CheckedBracket(.one / high, .one / low, bits: bits)
    }

    /// e^x at both ends by the Taylor series of e^(x/2^j), |x/2^j| <= 1/4,
    /// summed exactly until a term is below 2^-(bits + j + 16), the rest
    /// bounded by twice the last term times |y|, then squared j times with
    /// outward rounding (the values are positive, squaring is monotone).
    var exp: CheckedBracket {
        func bound(_ x: Rational, up: Bool) -> Rational {
            var j = 0
            var y = x
            while y.magnitude > Rational(1, 4) { y = y.timesPowerOfTwo(-1); j += 1 }
            let precision = bits + j + 16
            var (sum, term, k) = (Rational.one, Rational.one, 1)
            let small = Rational.one.timesPowerOfTwo(-precision)
            while term.magnitude > small {
                term = term * y / Rational(k)
                sum = sum + term
                k += 1
            }
            let tail = 2 * term.magnitude * y.magnitude
            var value = (up ? sum + tail : sum - tail).rounded(bits: precision, up: up)
            for _ in 0..<j { value = (value * value).rounded(bits: precision, up: up) }
            return up ? value : Rational.maximum(value, .zero)
        }
        return CheckedBracket(bound(low, up: false), bound(high, up: true), bits: bits)
    }

    func join(_ other: CheckedBracket) -> CheckedBracket {
        CheckedBracket(Rational.minimum(low, other.low), Rational.maximum(high, other.high), bits: max(bits, other.bits))
    }
}
