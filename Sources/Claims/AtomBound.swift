public import ExactArithmetic
public import PiecewiseLinear

/// `Σ coefficients[k] · node[nodes[k]]` over input and ReLU nodes, nodes
/// ascending, no zero coefficients, and the first coefficient 1: the
/// normal form of a linear function up to a positive factor.
public struct NormalForm: Sendable, Hashable {
    /// Node indices, ascending.
    public let nodes: [Int]
    /// One coefficient per node; the first is 1.
    public let coefficients: [Rational]

    /// A form from parts already normal.
    ///
    /// - Precondition: `nodes` ascending, as many coefficients, the first 1, none 0.
    public init(nodes: [Int], coefficients: [Rational]) {
        precondition(nodes.count == coefficients.count && coefficients.first == .one, "not a normal form")
        self.nodes = nodes
        self.coefficients = coefficients
    }

    /// The value given every node's value.
    public func evaluate(_ values: [Rational]) -> Rational {
        var sum = Rational.zero
        for (node, c) in zip(nodes, coefficients) { sum += c * values[node] }
        return sum
    }
}

/// `form <= bound`, or `form < bound` when strict: what an atom variable of
/// a ``ClausalEncoding`` means. Its negation is `form > bound`, or
/// `form >= bound` when strict.
public struct AtomBound: Sendable, Hashable {
    /// The linear function.
    public let form: NormalForm
    /// The right-hand side.
    public let bound: Rational
    /// `<` rather than `<=`.
    public let strict: Bool

    /// `form <= bound` (`<` when strict).
    public init(form: NormalForm, bound: Rational, strict: Bool) {
        self.form = form
        self.bound = bound
        self.strict = strict
    }

    /// Whether the atom (`positive`) or its negation holds at these node values.
    public func holds(_ positive: Bool, _ values: [Rational]) -> Bool {
        let c = Rational.compare(form.evaluate(values), bound)
        let atom = strict ? c < 0 : c <= 0
        return atom == positive
    }

    /// `c · node + constant  relation  0` as atoms: nil when it involves no
    /// node (then `truth` says whether it holds), else one literal's worth
    /// `(atom, positive)`, or two for `=` (both must hold).
    public static func normalizing(_ combination: NodeCombination, _ relation: Relation) -> Normalized {
        let sorted = combination.sortedTerms
        guard let (form, bound, lead) = normalForm(sorted, constant: combination.constant) else {
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

    /// `Σ terms + constant` as `lead · (form - bound)` with `form` normal;
    /// nil when there is no term.
    ///
    /// - Precondition: `terms` ascending by node, no zero coefficient.
    public static func normalForm(_ terms: [(node: Int, coefficient: Rational)], constant: Rational) -> (form: NormalForm, bound: Rational, lead: Rational)? {
        guard let lead = terms.first?.coefficient else { return nil }
        let inverse = lead.reciprocal
        let form = NormalForm(nodes: terms.map(\.node), coefficients: terms.map { $0.coefficient * inverse })
        return (form, -constant * inverse, lead)
    }

    /// A comparison in atom form.
    public enum Normalized: Sendable, Equatable {
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
    public var reversed: Relation {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .equal: return .equal
        case .greaterOrEqual: return .lessOrEqual
        case .greater: return .less
        }
    }
}
