package import ExactArithmetic

/// A number known by a certified enclosure, in some precision: what the
/// model's signals and a statement's arithmetic are evaluated in at an
/// input. Every operation keeps the exact value inside; a comparison the
/// enclosures decide is decided for the exact values.
package protocol CertifiedScalar: Sendable {
    /// The enclosure of an exact rational, at the precision of `context`.
    init(_ value: Rational, like context: Self)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    /// `a / b`, or nil when `b`'s enclosure holds 0.
    func divided(by b: Self) -> Self?
    /// e^self.
    var exponential: Self { get }
    /// max(self, 0).
    var relu: Self { get }
    /// The larger of two values (an enclosure of it).
    func maximum(_ other: Self) -> Self
    /// The smaller of two values.
    func minimum(_ other: Self) -> Self
    /// The smallest enclosure holding both.
    func hull(_ other: Self) -> Self
    /// The sign when the enclosure decides it: -1, 0 (only for an exact
    /// zero) or 1; nil when it holds 0 and other values.
    var sign: Int? { get }
    /// The exact value when the enclosure is a single point.
    var exactValue: Rational? { get }
    /// The enclosure's ends as exact rationals.
    var bounds: (low: Rational, high: Rational) { get }
    /// The point enclosure of this enclosure's upper end (a shift that
    /// keeps exponentials from overflowing).
    var upperEnd: Self { get }
}

extension CertifiedScalar {
    /// How `self` compares with `other` when the enclosures decide it.
    package func comparison(with other: Self) -> Int? {
        if let a = exactValue, let b = other.exactValue { return a < b ? -1 : (a == b ? 0 : 1) }
        return (self - other).sign
    }
}
