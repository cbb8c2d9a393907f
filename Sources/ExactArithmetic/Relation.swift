/// A comparison between two exact numbers, as used in linear constraints.
package enum Relation: String, Sendable, Hashable, CaseIterable {
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `=`
    case equal = "="
    /// `>=`
    case greaterOrEqual = ">="
    /// `>`
    case greater = ">"

    /// Whether the relation excludes equality.
    package var isStrict: Bool { self == .less || self == .greater }

    /// The relation that holds exactly when this one fails (`<` for `>=`);
    /// nil for `=`, whose negation is a disjunction.
    package var negated: Relation? {
        switch self {
        case .less: return .greaterOrEqual
        case .lessOrEqual: return .greater
        case .equal: return nil
        case .greaterOrEqual: return .less
        case .greater: return .lessOrEqual
        }
    }

    /// Whether `lhs relation rhs` holds.
    package func holds(_ lhs: Rational, _ rhs: Rational) -> Bool {
        holds(comparison: Rational.compare(lhs, rhs))
    }

    /// Whether the relation holds between two values whose comparison is
    /// `c` (negative: less, zero: equal, positive: greater).
    package func holds(comparison c: Int) -> Bool {
        switch self {
        case .less: return c < 0
        case .lessOrEqual: return c <= 0
        case .equal: return c == 0
        case .greaterOrEqual: return c >= 0
        case .greater: return c > 0
        }
    }
}
