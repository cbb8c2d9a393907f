package import ExactArithmetic
package import PiecewiseLinear

/// `form <= bound`, or `form < bound` when strict: what an atom variable of
/// a ``ClausalEncoding`` means. Its negation is `form > bound`, or
/// `form >= bound` when strict.
package struct AtomBound: Sendable, Hashable {
    /// The linear function, in normal form: no constant, and the first
    /// term's coefficient 1 (a linear function up to a positive factor).
    package let form: LinearForm
    /// The right-hand side.
    package let bound: Rational
    /// `<` rather than `<=`.
    package let strict: Bool

    /// `form <= bound` (`<` when strict).
    ///
    /// - Precondition: `form` is normal: no constant, first coefficient 1.
    package init(form: LinearForm, bound: Rational, strict: Bool) {
        precondition(form.constant.isZero && form.terms.first?.coefficient == .one, "not a normal form")
        self.form = form
        self.bound = bound
        self.strict = strict
    }

    /// Whether the atom (`positive`) or its negation holds at these node values.
    package func holds(_ positive: Bool, _ values: [Rational]) -> Bool {
        let c = Rational.compare(form.evaluate(values), bound)
        let atom = strict ? c < 0 : c <= 0
        return atom == positive
    }

    /// `c · node + constant  relation  0` as atoms: nil when it involves no
    /// node (then `truth` says whether it holds), else one literal's worth
    /// `(atom, positive)`, or two for `=` (both must hold).
    package static func normalizing(_ combination: LinearForm, _ relation: Relation) -> Normalized {
        guard let (form, bound, lead) = normalForm(combination) else {
            return .constant(relation.holds(combination.constant, .zero))
        }
        // lead·(form - bound) rel 0  <=>  form rel' bound, with rel reversed when lead < 0.
        let oriented = lead.signum > 0 ? relation : relation.reversed
        switch oriented {
        case .less: return .literal(AtomBound(form: form, bound: bound, strict: true), positive: true)
        case .lessOrEqual: return .literal(AtomBound(form: form, bound: bound, strict: false), positive: true)
        case .greater: return .literal(AtomBound(form: form, bound: bound, strict: false), positive: false)
        case .greaterOrEqual: return .literal(AtomBound(form: form, bound: bound, strict: true), positive: false)
        case .equal:
            return .equality(AtomBound(form: form, bound: bound, strict: false), AtomBound(form: form, bound: bound, strict: true))
        }
    }

    /// `f` as `lead · (form - bound)` with `form` normal; nil when `f` is constant.
    package static func normalForm(_ f: LinearForm) -> (form: LinearForm, bound: Rational, lead: Rational)? {
        guard let lead = f.terms.first?.coefficient else { return nil }
        let inverse = lead.reciprocal
        let form = LinearForm(sortedTerms: f.terms.map { LinearTerm($0.coefficient * inverse, $0.node) }, constant: .zero)
        return (form, -f.constant * inverse, lead)
    }

    /// A comparison in atom form.
    package enum Normalized: Sendable, Equatable {
        /// No node is involved; the comparison is simply true or false.
        case constant(Bool)
        /// The atom holds (`positive`) or its negation does.
        case literal(AtomBound, positive: Bool)
        /// `form = bound`: the first atom (`<=`) holds and the second (`<`) does not.
        case equality(AtomBound, AtomBound)
    }
}

extension Relation {
    /// The relation with its sides swapped (`<` for `>`).
    package var reversed: Relation {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .equal: return .equal
        case .greaterOrEqual: return .lessOrEqual
        case .greater: return .less
        }
    }
}
