internal import CGMP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a string is not an exact number.
public struct RationalParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was rejected.
    public var text: String
    /// What was wrong with it.
    public var reason: String

    /// A one-line message.
    public var description: String { "'\(text)' is not a number: \(reason)" }
}

extension Rational: CustomStringConvertible, LosslessStringConvertible {
    /// The exact value as `n` or `n/d` in lowest terms, such as `-3/4`.
    public var description: String {
        switch storage {
        case .small(let n, 1): return String(n)
        case .small(let n, let d): return "\(n)/\(d)"
        case .big(let b):
            guard let text = __gmpq_get_str(nil, 10, b.q) else { return "?" }
            defer { free(text) }
            return String(cString: text)
        }
    }

    /// Parses a decimal (`0.1`, `-2.5E+2`, `1e-3`), an integer or a fraction
    /// of integers (`-2/3`); nil when the text is not one of these.
    public init?(_ description: String) {
        guard let value = try? Rational(parsing: description) else { return nil }
        self = value
    }

    /// The largest decimal exponent accepted by ``init(parsing:)``; beyond it
    /// a hostile input could request gigabytes of digits.
    public static let maximumDecimalExponent = 10_000

    /// Parses a number exactly: a decimal with optional exponent (`0.1` is
    /// 1/10, `1e-3` is 1/1000, `2.5E+2` is 250), or a fraction of integers
    /// (`-2/3`). Nothing is rounded.
    ///
    /// - Throws: ``RationalParseError`` naming what is wrong.
    public init(parsing text: String) throws(RationalParseError) {
        func fail(_ reason: String) -> RationalParseError {
            RationalParseError(text: text, reason: reason)
        }
        if let slash = text.firstIndex(of: "/") {
            let numerator = try Rational.parseInteger(text[..<slash], in: text)
            let denominator = try Rational.parseInteger(text[text.index(after: slash)...], in: text)
            if denominator.isZero { throw fail("zero denominator") }
            self = numerator / denominator
            return
        }
        let bytes = Array(text.utf8)
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var sawPoint = false
        while i < bytes.count {
            let b = bytes[i]
            if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                digits.append(b)
                if sawPoint { fractionDigits += 1 }
            } else if b == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        if digits.isEmpty { throw fail("expected digits") }
        var exponent = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                if exponent > Rational.maximumDecimalExponent { throw fail("exponent too large") }
                exponent = exponent * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            if i == start { throw fail("expected digits after the exponent marker") }
            if exponentNegative { exponent = -exponent }
        }
        if i != bytes.count { throw fail("unexpected character at offset \(i)") }
        let scale = exponent - fractionDigits
        if scale.magnitude > Rational.maximumDecimalExponent { throw fail("exponent too large") }
        let mantissa = Rational.integer(fromDigits: digits)
        let value = mantissa * Rational.powerOfTen(scale)
        self = negative ? -value : value
    }

    /// Parses an optionally signed integer.
    private static func parseInteger(_ part: Substring, in text: String) throws(RationalParseError) -> Rational {
        var bytes = Array(part.utf8)
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw RationalParseError(text: text, reason: "expected an integer on each side of '/'")
        }
        let value = integer(fromDigits: bytes)
        return negative ? -value : value
    }

    /// The non-negative integer written by ASCII decimal digits.
    static func integer(fromDigits digits: [UInt8]) -> Rational {
        if digits.count <= 18 {
            var n: Int64 = 0
            for d in digits { n = n * 10 + Int64(d - UInt8(ascii: "0")) }
            return Rational(storage: .small(n, 1))
        }
        let result = GMPRational()
        let text = String(decoding: digits, as: UTF8.self)
        _ = __gmpz_set_str(cgmp_mpq_numref(result.q), text, 10)
        return Rational(canonicalGMP: result)
    }

    /// `10^exponent`, for an exponent of either sign.
    package static func powerOfTen(_ exponent: Int) -> Rational {
        if exponent == 0 { return .one }
        if exponent.magnitude <= 18 {
            var p: Int64 = 1
            for _ in 0..<exponent.magnitude { p *= 10 }
            return exponent > 0 ? Rational(storage: .small(p, 1)) : Rational(storage: .small(1, p))
        }
        let result = GMPRational()
        __gmpz_ui_pow_ui(cgmp_mpq_numref(result.q), 10, UInt(exponent.magnitude))
        let power = Rational(canonicalGMP: result)
        return exponent > 0 ? power : power.reciprocal
    }

    /// The value in decimal with exactly `fractionDigits` digits after the
    /// point, rounded to nearest (halves away from zero): `2/3` with 4 digits
    /// is `0.6667`, `-1/8` with 2 is `-0.13`. With 0 digits, no point.
    ///
    /// - Precondition: `fractionDigits >= 0`.
    public func decimalString(fractionDigits: Int) -> String {
        precondition(fractionDigits >= 0, "fractionDigits must not be negative")
        let scaled = magnitude * Rational.powerOfTen(fractionDigits)
        // round(half away from zero) of a non-negative value = floor(v + 1/2)
        let rounded = (scaled + Rational(1, 2)).floor
        var digits = rounded.description
        if fractionDigits > 0 {
            if digits.count <= fractionDigits {
                digits = String(repeating: "0", count: fractionDigits - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -fractionDigits))
        }
        let isZeroText = digits.allSatisfy { $0 == "0" || $0 == "." }
        return signum < 0 && !isZeroText ? "-" + digits : digits
    }

    /// The largest integer not greater than the value.
    public var floor: Rational {
        switch storage {
        case .small(let n, let d):
            if d == 1 { return self }
            let q = n / d
            return Rational(storage: .small(n < 0 ? q - 1 : q, 1))
        case .big(let b):
            let result = GMPRational()
            __gmpz_fdiv_q(cgmp_mpq_numref(result.q), cgmp_mpq_numref_const(b.q), cgmp_mpq_denref_const(b.q))
            return Rational(canonicalGMP: result)
        }
    }
}
