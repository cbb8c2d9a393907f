package import ExactArithmetic
package import PiecewiseLinear

/// A formula with its coefficients enclosed in doubles once, to evaluate
/// at node values known only as enclosures (``EnclosedProgram``): true or
/// false when the enclosures decide it, nil when some comparison they need
/// straddles its bound (Kleene's three-valued logic). A decided answer is
/// the exact one.
package indirect enum EnclosedFormula: Sendable {
    case constant(Bool)
    case atom(terms: [(node: Int, coefficient: Enclosure)], constant: Enclosure, Relation)
    case notZero(terms: [(node: Int, coefficient: Enclosure)], constant: Enclosure)
    case and([EnclosedFormula])
    case or([EnclosedFormula])

    /// `formula` with every coefficient enclosed.
    package init(_ formula: Formula) {
        func terms(_ e: LinearForm) -> [(node: Int, coefficient: Enclosure)] { e.terms.map { ($0.node.index, Enclosure($0.coefficient)) } }
        switch formula {
        case .constant(let b): self = .constant(b)
        case .atom(let atom): self = .atom(terms: terms(atom.expression), constant: Enclosure(atom.expression.constant), atom.relation)
        case .notZero(let e): self = .notZero(terms: terms(e), constant: Enclosure(e.constant))
        case .and(let parts): self = .and(parts.map(EnclosedFormula.init))
        case .or(let parts): self = .or(parts.map(EnclosedFormula.init))
        case .cases(let cases): self = .or(cases.map { EnclosedFormula(.and([$0.condition, $0.body])) })
        }
    }

    /// Whether the formula holds, when the enclosures decide it.
    package func holds(_ values: [Enclosure]) -> Bool? {
        switch self {
        case .constant(let b): return b
        case .atom(let terms, let constant, let relation):
            return Self.sum(terms, constant, values).sign.map { relation.holds(comparison: $0) }
        case .notZero(let terms, let constant):
            return Self.sum(terms, constant, values).sign.map { $0 != 0 }
        case .and(let parts):
            var open = false
            for part in parts {
                guard let truth = part.holds(values) else { open = true; continue }
                if !truth { return false }
            }
            return open ? nil : true
        case .or(let parts):
            var open = false
            for part in parts {
                guard let truth = part.holds(values) else { open = true; continue }
                if truth { return true }
            }
            return open ? nil : false
        }
    }

    private static func sum(_ terms: [(node: Int, coefficient: Enclosure)], _ constant: Enclosure, _ values: [Enclosure]) -> Enclosure {
        var total = constant
        for (node, c) in terms { total = total + c * values[node] }
        return total
    }
}
