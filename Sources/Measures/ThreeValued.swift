package import Claims
package import PiecewiseLinear
package import ExactArithmetic

/// A formula evaluated in three-valued logic from the signs its linear
/// forms keep on a cone (+1, -1, 0 for a form that vanishes on it, nil
/// where it changes sign): what a cone subdivision needs to know which
/// comparison still matters.
enum ThreeValued {
    /// A form whose sign `formula`'s value still depends on, nil when the
    /// signs already decide it.
    static func openForm(_ formula: Formula, sign: (LinearForm) -> Int?) -> LinearForm? {
        let value = evaluate(formula, sign)
        return value.truth == nil ? value.open : nil
    }

    /// The formula's truth value, nil when the signs do not decide it.
    static func truth(_ formula: Formula, sign: (LinearForm) -> Int?) -> Bool? {
        evaluate(formula, sign).truth
    }

    /// The truth value when decided, else a form it depends on.
    private static func evaluate(_ f: Formula, _ sign: (LinearForm) -> Int?) -> (truth: Bool?, open: LinearForm?) {
        switch f {
        case .constant(let b): return (b, nil)
        case .atom(let atom):
            guard let s = sign(atom.expression) else { return (nil, atom.expression) }
            return (atom.relation.holds(comparison: s), nil)
        case .notZero(let e):
            guard let s = sign(e) else { return (nil, e) }
            return (s != 0, nil)
        case .and(let parts): return combine(parts.map { .formula($0) }, absorbing: false, sign)
        case .or(let parts): return combine(parts.map { .formula($0) }, absorbing: true, sign)
        case .cases(let cases): return combine(cases.map { .arm($0) }, absorbing: true, sign)
        }
    }

    private enum Part {
        case formula(Formula)
        /// A case: its condition and its body.
        case arm(Formula.Case)
    }

    /// `and` (absorbing false) or `or` (absorbing true) of parts, each
    /// evaluated only until one has the absorbing value; else open if one is.
    private static func combine(_ parts: [Part], absorbing: Bool, _ sign: (LinearForm) -> Int?) -> (truth: Bool?, open: LinearForm?) {
        var open: LinearForm?
        for part in parts {
            let value: (truth: Bool?, open: LinearForm?)
            switch part {
            case .formula(let f): value = evaluate(f, sign)
            case .arm(let c): value = combine([.formula(c.condition), .formula(c.body)], absorbing: false, sign)
            }
            if value.truth == absorbing { return (absorbing, nil) }
            if value.truth == nil, open == nil { open = value.open }
        }
        return open == nil ? (!absorbing, nil) : (nil, open)
    }
}
