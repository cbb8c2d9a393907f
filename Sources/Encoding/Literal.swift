/// A boolean variable of a ``ClausalEncoding``, or its negation.
///
/// Coded as `2 * variable + (negative ? 1 : 0)`, so literals index arrays
/// directly and a clause is a plain array of them.
public struct Literal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `2 * variable + (negative ? 1 : 0)`.
    public let code: Int

    /// The literal with this code.
    public init(code: Int) {
        self.code = code
    }

    /// The variable, positive or negated.
    public init(variable: Int, negative: Bool = false) {
        code = 2 * variable + (negative ? 1 : 0)
    }

    /// The variable.
    public var variable: Int { code >> 1 }

    /// Whether this is the negation of its variable.
    public var isNegative: Bool { code & 1 == 1 }

    /// The opposite literal.
    public static prefix func ! (literal: Literal) -> Literal { Literal(code: literal.code ^ 1) }

    /// Orders literals by code.
    public static func < (lhs: Literal, rhs: Literal) -> Bool { lhs.code < rhs.code }

    /// `v7` or `¬v7`.
    public var description: String { (isNegative ? "¬v" : "v") + String(variable) }
}
