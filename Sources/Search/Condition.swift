import Claims

/// A ``Formula`` node annotated for the search: `ready` is the largest
/// split position among the ReLUs its nodes depend on (-1 for none), so the
/// condition is affine in x once every ReLU up to that position is decided.
final class Condition: Sendable {
    enum Kind: Sendable {
        case constant(Bool)
        case atom(Atom)
        case notZero(LinearExpression)
        case and([Condition])
        case or([Condition])
        /// Exhaustive, exclusive conditions with their bodies.
        case cases([(condition: Condition, body: Condition)])
    }

    let kind: Kind
    /// Where this part sits in the query's formula (for proofs).
    let path: FormulaPath
    let ready: Int
    /// For `cases`: when all the case conditions are ready (bodies may not be).
    let conditionsReady: Int

    init(kind: Kind, path: FormulaPath, ready: Int) {
        self.kind = kind
        self.path = path
        self.ready = ready
        conditionsReady = ready
    }

    init(_ formula: Formula, path: FormulaPath = [], readiness: (LinearExpression) -> Int) {
        self.path = path
        switch formula {
        case .constant(let b):
            kind = .constant(b)
            ready = -1
            conditionsReady = -1
        case .atom(let atom):
            kind = .atom(atom)
            ready = readiness(atom.expression)
            conditionsReady = ready
        case .notZero(let e):
            kind = .notZero(e)
            ready = readiness(e)
            conditionsReady = ready
        case .and(let parts), .or(let parts):
            let children = parts.enumerated().map { Condition($0.element, path: path + [$0.offset], readiness: readiness) }
            if case .and = formula { kind = .and(children) } else { kind = .or(children) }
            ready = children.map(\.ready).max() ?? -1
            conditionsReady = ready
        case .cases(let cases):
            let children = cases.enumerated().map { k, c in
                (condition: Condition(c.condition, path: path + [2 * k], readiness: readiness),
                 body: Condition(c.body, path: path + [2 * k + 1], readiness: readiness))
            }
            kind = .cases(children)
            conditionsReady = children.map(\.condition.ready).max() ?? -1
            ready = max(conditionsReady, children.map(\.body.ready).max() ?? -1)
        }
    }
}
