package import ExactArithmetic
package import PiecewiseLinear

/// `expression relation 0`.
package struct Atom: Sendable, Hashable {
    /// The left-hand side; the right-hand side is zero.
    package let expression: LinearForm
    /// The comparison with zero.
    package let relation: Relation

    /// `expression relation 0`.
    package init(_ expression: LinearForm, _ relation: Relation) {
        self.expression = expression
        self.relation = relation
    }
}

/// A boolean combination of linear conditions over program nodes, kept in
/// negation normal form (negations are pushed into the atoms).
package indirect enum Formula: Sendable, Hashable {
    /// True or false.
    case constant(Bool)
    /// A linear comparison with zero.
    case atom(Atom)
    /// `expression != 0`, kept apart from disjunctions so the search can
    /// split on it only when a candidate point lands on the hyperplane.
    case notZero(LinearForm)
    /// All must hold.
    case and([Formula])
    /// At least one must hold.
    case or([Formula])
    /// `(c1 and b1) or (c2 and b2) or ...` where exactly one condition holds
    /// at every input (as "k is the second largest" does). Negation keeps
    /// the conditions and negates the bodies, so the search can split on the
    /// conditions first: disjoint regions, no repeated work.
    case cases([Case])

    /// One case of ``Formula/cases(_:)``.
    package struct Case: Sendable, Hashable {
        /// When this case applies; the conditions of a `cases` formula are
        /// exhaustive and mutually exclusive.
        package let condition: Formula
        /// What must hold in this case.
        package let body: Formula

        /// A case.
        package init(condition: Formula, body: Formula) {
            self.condition = condition
            self.body = body
        }
    }

    /// A case split over exhaustive, exclusive conditions. Cases whose
    /// condition is false never apply and are dropped; cases with a false
    /// body are kept, since negation turns their body true.
    package static func split(_ cases: [Case]) -> Formula {
        let kept = cases.filter { $0.condition != .constant(false) }
        if kept.allSatisfy({ $0.body == .constant(true) }) { return .constant(true) }
        if kept.allSatisfy({ $0.body == .constant(false) }) { return .constant(false) }
        return .cases(kept)
    }

    /// A comparison `lhs relation rhs`, decided at once when both sides are constant.
    package static func compare(_ lhs: LinearForm, _ relation: Relation, _ rhs: LinearForm) -> Formula {
        let difference = lhs - rhs
        if difference.isConstant { return .constant(relation.holds(difference.constant, .zero)) }
        return .atom(Atom(difference, relation))
    }

    /// `lhs != rhs`.
    package static func differ(_ lhs: LinearForm, _ rhs: LinearForm) -> Formula {
        let difference = lhs - rhs
        if difference.isConstant { return .constant(!difference.constant.isZero) }
        return .notZero(difference)
    }

    /// The conjunction, flattened, with constants folded. Two case splits
    /// over the same conditions become one whose bodies are conjoined (the
    /// conditions are exclusive, so both must pick the same case): "k is
    /// second largest" in a `where` part and in the claim is one choice.
    package static func all(_ parts: [Formula]) -> Formula {
        var kept: [Formula] = []
        for part in parts {
            switch part {
            case .constant(true): continue
            case .constant(false): return .constant(false)
            case .and(let inner): kept += inner
            case .cases(let cases):
                let conditions = cases.map(\.condition)
                if let k = kept.firstIndex(where: { if case .cases(let other) = $0 { return other.map(\.condition) == conditions } else { return false } }),
                    case .cases(let other) = kept[k]
                {
                    kept[k] = .split(zip(other, cases).map { Case(condition: $0.condition, body: .all([$0.body, $1.body])) })
                    if kept[k] == .constant(false) { return .constant(false) }
                } else {
                    kept.append(part)
                }
            default: kept.append(part)
            }
        }
        return kept.isEmpty ? .constant(true) : (kept.count == 1 ? kept[0] : .and(kept))
    }

    /// The disjunction, flattened, with constants folded.
    package static func any(_ parts: [Formula]) -> Formula {
        var kept: [Formula] = []
        for part in parts {
            switch part {
            case .constant(false): continue
            case .constant(true): return .constant(true)
            case .or(let inner): kept += inner
            default: kept.append(part)
            }
        }
        return kept.isEmpty ? .constant(false) : (kept.count == 1 ? kept[0] : .or(kept))
    }

    /// The negation, in negation normal form.
    package var negated: Formula {
        switch self {
        case .constant(let b): return .constant(!b)
        case .atom(let atom):
            if let flipped = atom.relation.negated { return .atom(Atom(atom.expression, flipped)) }
            return .notZero(atom.expression)
        case .notZero(let e): return .atom(Atom(e, .equal))
        case .and(let parts): return .any(parts.map(\.negated))
        case .or(let parts): return .all(parts.map(\.negated))
        case .cases(let cases):
            // Exactly one condition holds, so "not (c_i and b_i for that i)"
            // is "c_i and not b_i" for the same i.
            return .cases(cases.map { Case(condition: $0.condition, body: $0.body.negated) })
        }
    }

    /// Whether the formula holds given every node's value.
    package func holds(_ values: [Rational]) -> Bool {
        switch self {
        case .constant(let b): return b
        case .atom(let atom): return atom.relation.holds(atom.expression.evaluate(values), .zero)
        case .notZero(let e): return !e.evaluate(values).isZero
        case .and(let parts): return parts.allSatisfy { $0.holds(values) }
        case .or(let parts): return parts.contains { $0.holds(values) }
        case .cases(let cases): return cases.contains { $0.condition.holds(values) && $0.body.holds(values) }
        }
    }

    /// Every node the formula mentions.
    package var nodes: Set<NodeID> {
        var found: Set<NodeID> = []
        collectNodes(into: &found)
        return found
    }

    private func collectNodes(into found: inout Set<NodeID>) {
        switch self {
        case .constant: return
        case .atom(let atom): for term in atom.expression.terms { found.insert(term.node) }
        case .notZero(let e): for term in e.terms { found.insert(term.node) }
        case .and(let parts), .or(let parts): for part in parts { part.collectNodes(into: &found) }
        case .cases(let cases):
            for c in cases {
                c.condition.collectNodes(into: &found)
                c.body.collectNodes(into: &found)
            }
        }
    }
}
