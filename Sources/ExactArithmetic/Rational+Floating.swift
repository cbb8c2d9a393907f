internal import CGMP

/// Why a floating-point value has no exact rational value.
public enum FloatConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value was NaN.
    case notANumber
    /// The value was positive or negative infinity.
    case infinite(negative: Bool)

    /// A one-line message.
    public var description: String {
        switch self {
        case .notANumber: return "NaN has no rational value"
        case .infinite(let negative): return "\(negative ? "-" : "+")infinity has no rational value"
        }
    }
}

extension Rational {
    /// The exact value of a finite `Double` (every finite binary float is a
    /// dyadic rational). `-0.0` becomes `0`.
    ///
    /// - Throws: ``FloatConversionError`` for NaN and infinities.
    public init(exactly value: Double) throws(FloatConversionError) {
        if value.isNaN { throw .notANumber }
        if value.isInfinite { throw .infinite(negative: value < 0) }
        if value == 0 {
            self = .zero
            return
        }
        var mantissa: UInt64
        var exponent: Int
        if value.exponentBitPattern == 0 {
            mantissa = value.significandBitPattern
            exponent = -1074
        } else {
            mantissa = (1 << 52) | value.significandBitPattern
            exponent = Int(value.exponentBitPattern) - 1075
        }
        let zeros = mantissa.trailingZeroBitCount
        mantissa >>= UInt64(zeros)
        exponent += zeros
        let signed = Rational(storage: .small(value < 0 ? -Int64(mantissa) : Int64(mantissa), 1))
        self = signed.timesPowerOfTwo(exponent)
    }

    /// The exact value of a finite `Float`. `-0.0` becomes `0`.
    ///
    /// - Throws: ``FloatConversionError`` for NaN and infinities.
    public init(exactly value: Float) throws(FloatConversionError) {
        try self.init(exactly: Double(value))
    }

    /// An approximation as `Double` (truncated toward zero, for heuristics
    /// and display only; never for decisions).
    ///
    /// The corresponding GMP function is `mpq_get_d`.
    public var doubleApproximation: Double {
        switch storage {
        case .small(let n, let d): return Double(n) / Double(d)
        case .big(let b): return __gmpq_get_d(b.q)
        }
    }

    /// The `Float` nearest to the value, ties to even, as IEEE 754 rounds;
    /// `±infinity` beyond the largest finite `Float`.
    ///
    /// This is how an exact input is handed to a float32 model: the result is
    /// exactly what `torch.tensor([x], dtype=torch.float32)` holds for the
    /// decimal `x`.
    public var nearestFloat: Float {
        let limit = Rational.floatOverflowThreshold
        if self >= limit { return .infinity }
        if self <= -limit { return -.infinity }
        let guess = Float(doubleApproximation)
        var best = guess
        var bestDistance = distance(to: guess)
        for candidate in [guess.nextDown, guess.nextUp] where candidate.isFinite {
            let d = distance(to: candidate)
            let c = Rational.compare(d, bestDistance)
            if c < 0 || (c == 0 && candidate.significandBitPattern & 1 == 0) {
                best = candidate
                bestDistance = d
            }
        }
        return best
    }

    private func distance(to value: Float) -> Rational {
        // Finite floats always convert; a non-finite candidate is never passed.
        guard let exact = try? Rational(exactly: value) else { return self.magnitude + 1 }
        return (self - exact).magnitude
    }

    /// Halfway between the largest finite `Float` and the next power of two:
    /// values at or beyond it round to infinity.
    private static let floatOverflowThreshold: Rational = {
        let largest = (try? Rational(exactly: Float.greatestFiniteMagnitude)) ?? .zero
        let ulp = Rational.one.timesPowerOfTwo(104)
        return largest + ulp / 2
    }()
}

extension Rational {
    /// The fraction with the smallest denominator (at most 2^31) within a
    /// relative 1e-12 of `x`, by continued fractions; nil when there is none
    /// or `x` is not finite. For recovering exact values that a floating
    /// computation approximates; callers must verify what they recover.
    package static func simplestFraction(near x: Double) -> Rational? {
        guard x.isFinite else { return nil }
        if x == 0 { return .zero }
        let tolerance = 1e-12 * max(1, abs(x))
        var (p0, q0, p1, q1): (Int64, Int64, Int64, Int64) = (0, 1, 1, 0)
        var remainder = x
        for _ in 0..<64 {
            let a = remainder.rounded(.down)
            guard abs(a) < 9e15 else { return nil }
            let ai = Int64(a)
            let (p2, o1) = ai.multipliedReportingOverflow(by: p1)
            let (q2, o2) = ai.multipliedReportingOverflow(by: q1)
            guard !o1, !o2 else { return nil }
            let (p, o3) = p2.addingReportingOverflow(p0)
            let (q, o4) = q2.addingReportingOverflow(q0)
            guard !o3, !o4, q > 0, q <= 1 << 31 else { return nil }
            (p0, q0, p1, q1) = (p1, q1, p, q)
            if abs(Double(p) / Double(q) - x) <= tolerance { return Rational(Int(p), Int(q)) }
            let fraction = remainder - a
            if fraction == 0 { return nil }
            remainder = 1 / fraction
        }
        return nil
    }
}
