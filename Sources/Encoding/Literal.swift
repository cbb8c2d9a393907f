/// A boolean variable of a ``ClausalEncoding``, or its negation.
///
/// Coded as `2 * variable + (negative ? 1 : 0)`, so literals index arrays
/// directly and a clause is a plain array of them.
package struct Literal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `2 * variable + (negative ? 1 : 0)`.
    package let code: Int

    /// The literal with this code.
    package init(code: Int) {
        self.code = code
    }

    /// The variable, positive or negated.
    package init(variable: Int, negative: Bool = false) {
        code = 2 * variable + (negative ? 1 : 0)
    }

    /// The variable.
    package var variable: Int { code >> 1 }

    /// Whether this is the negation of its variable.
    package var isNegative: Bool { code & 1 == 1 }

    /// The opposite literal.
    package static prefix func ! (literal: Literal) -> Literal { Literal(code: literal.code ^ 1) }

    /// Orders literals by code.
    package static func < (lhs: Literal, rhs: Literal) -> Bool { lhs.code < rhs.code }

    /// `v7` or `¬v7`.
    package var description: String { (isNegative ? "¬v" : "v") + String(variable) }
}
