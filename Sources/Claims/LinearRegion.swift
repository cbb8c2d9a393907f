package import ExactArithmetic
package import PiecewiseLinear

/// `coefficients · x + constant  relation  0`, over the input coordinates.
package struct InputConstraint: Sendable, Equatable {
    /// One coefficient per input coordinate.
    package let coefficients: [Rational]
    package let constant: Rational
    package let relation: Relation

    /// Its value at `x`.
    package func value(at x: [Rational]) -> Rational {
        zip(coefficients, x).reduce(constant) { $0 + $1.0 * $1.1 }
    }

    /// Its rate of change along `direction`.
    package func slope(along direction: [Rational]) -> Rational {
        zip(coefficients, direction).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
    }
}

/// The linear region of a point: the inputs where every ReLU a query reads
/// has the phase it has at the point, and every atom of its formula the
/// truth value it has there. It is convex, it contains the point, the
/// formula has one truth value on all of it, and every node is one affine
/// function of the inputs on it. Optimization solves a linear program over
/// it, and a certificate of unboundedness is a ray inside it.
package struct LinearRegion: Sendable {
    /// The constraints that cut it out of the input space.
    package let constraints: [InputConstraint]
    /// Every node read, as an affine form of the inputs on the region
    /// (coefficients per input, then the constant); nil for nodes not read.
    package let nodeForms: [InputConstraint?]
    /// The number of input coordinates.
    package let dimension: Int

    /// The region of `point` for `formula` and the extra `nodes` (an
    /// objective's) over `program`, inside the box `low...high` in every
    /// coordinate when there is one.
    package init(program: Program, formula: Formula, nodes extra: Set<NodeID>, box: (low: Rational, high: Rational)? = nil, at point: [Rational]) {
        let read = program.dependencies(of: formula.nodes.union(extra))
        let values = program.evaluate(at: point, only: read)
        let n = program.inputCount
        var forms: [InputConstraint?] = Array(repeating: nil, count: program.nodes.count)
        var constraints: [InputConstraint] = []
        for (i, node) in program.nodes.enumerated() where read[i] {
            switch node {
            case .input(let k):
                var unit = Array(repeating: Rational.zero, count: n)
                unit[k] = .one
                forms[i] = InputConstraint(coefficients: unit, constant: .zero, relation: .equal)
            case .affine(let terms, let constant):
                forms[i] = Self.combine(terms.map { ($0.coefficient, forms[$0.node.index]) }, constant: constant, inputs: n)
            case .relu(let operand):
                let z = forms[operand.index] ?? Self.zero(n)
                let active = values[operand.index].signum > 0
                constraints.append(InputConstraint(coefficients: z.coefficients, constant: z.constant, relation: active ? .greater : .lessOrEqual))
                forms[i] = active ? z : Self.zero(n)
            }
        }
        nodeForms = forms
        dimension = n
        var collector = AtomCollector(forms: forms, values: values, inputs: n)
        collector.collect(formula)
        var sides: [InputConstraint] = []
        if let box {
            for k in 0..<n {
                var unit = Array(repeating: Rational.zero, count: n)
                unit[k] = .one
                sides.append(InputConstraint(coefficients: unit, constant: -box.high, relation: .lessOrEqual))
                sides.append(InputConstraint(coefficients: unit, constant: -box.low, relation: .greaterOrEqual))
            }
        }
        self.constraints = sides + constraints + collector.constraints
    }

    /// The affine form of `form` (over program nodes) on the region.
    package func inputForm(of form: LinearForm) -> InputConstraint {
        Self.combine(form.terms.map { ($0.coefficient, nodeForms[$0.node.index]) }, constant: form.constant, inputs: dimension)
    }

    /// Whether `x` satisfies every constraint.
    package func contains(_ x: [Rational]) -> Bool {
        constraints.allSatisfy { $0.relation.holds($0.value(at: x), .zero) }
    }

    static func zero(_ n: Int) -> InputConstraint {
        InputConstraint(coefficients: Array(repeating: .zero, count: n), constant: .zero, relation: .equal)
    }

    static func combine(_ parts: [(Rational, InputConstraint?)], constant: Rational, inputs n: Int) -> InputConstraint {
        var coefficients = Array(repeating: Rational.zero, count: n)
        var sum = constant
        for (c, form) in parts {
            guard let form else { continue }
            for k in 0..<n where !form.coefficients[k].isZero { coefficients[k] += c * form.coefficients[k] }
            sum += c * form.constant
        }
        return InputConstraint(coefficients: coefficients, constant: sum, relation: .equal)
    }
}

/// Walks a formula and states each atom as it is at a point: the relation
/// when it holds, the opposite side when it does not.
private struct AtomCollector {
    let forms: [InputConstraint?]
    let values: [Rational]
    let inputs: Int
    var constraints: [InputConstraint] = []

    mutating func collect(_ formula: Formula) {
        switch formula {
        case .constant: return
        case .atom(let atom): add(atom.expression, atom.relation)
        case .notZero(let e): add(e, .equal)
        case .and(let parts), .or(let parts): for part in parts { collect(part) }
        case .cases(let cases):
            for c in cases {
                collect(c.condition)
                collect(c.body)
            }
        }
    }

    /// `e relation 0` as the side of it the point is on (`e != 0` is the
    /// atom `e == 0`, whichever way it is read).
    private mutating func add(_ e: LinearForm, _ relation: Relation) {
        let value = e.evaluate(values)
        let form = LinearRegion.combine(e.terms.map { ($0.coefficient, forms[$0.node.index]) }, constant: e.constant, inputs: inputs)
        let side: Relation
        if relation.holds(value, .zero) {
            side = relation
        } else if let negated = relation.negated {
            side = negated
        } else {
            // Not equal to zero: the strict side the point is on.
            side = value.signum > 0 ? .greater : .less
        }
        constraints.append(InputConstraint(coefficients: form.coefficients, constant: form.constant, relation: side))
    }
}
