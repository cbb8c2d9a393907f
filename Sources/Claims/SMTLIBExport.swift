package import ExactArithmetic
package import PiecewiseLinear

extension Query {
    /// The query as an SMT-LIB 2 script (QF_LRA; QF_LIRA for integer
    /// domains): inputs, every node the formula depends on (a ReLU as
    /// `ite`), the input domain, and the formula. `sat` means a claim is
    /// refuted or a witness found; `unsat`, proved or impossible.
    ///
    /// The script states the query over the domain as written: the search's
    /// restriction of homogeneous queries to a box is not part of it.
    package var smtLIB: String {
        var lines = ["; Farkas query for \(kind.rawValue) '\(name)'"]
        if objective == nil {
            lines.append("; sat = \(kind == .claim ? "refuted" : "found"), unsat = \(kind == .claim ? "proved" : "impossible")")
        } else {
            lines.append("; an optimization (z3's Optimize): (get-objectives) gives the optimum; unsat = infeasible")
        }
        let isInteger: Bool
        if case .integers = domain { isInteger = true } else { isInteger = false }
        lines.append("(set-logic \(isInteger ? "QF_LIRA" : "QF_LRA"))")
        let needed = program.dependencies(of: formula.nodes.union(objective?.nodes ?? []))
        lines += inputs.enumerated().map { "; n\($1.index) is \(inputName)[\($0)]" }
        lines += readSignals.filter { needed[$0.node.index] }.map { "; n\($0.node.index) is \($0.name)" }
        for (k, node) in inputs.enumerated() {
            if isInteger {
                lines.append("(declare-fun x\(k) () Int)")
                lines.append("(define-fun n\(node.index) () Real (to_real x\(k)))")
            } else {
                lines.append("(declare-fun n\(node.index) () Real)")
            }
        }
        for i in program.nodes.indices where needed[i] {
            switch program.nodes[i] {
            case .input: continue
            case .affine(let terms, let constant):
                lines.append("(define-fun n\(i) () Real \(Self.sum(terms.map { ($0.coefficient, "n\($0.node.index)") }, constant)))")
            case .relu(let operand):
                lines.append("(define-fun n\(i) () Real (ite (>= n\(operand.index) 0.0) n\(operand.index) 0.0))")
            }
        }
        if case .points(let points) = domain {
            let options = points.map { x in "(and " + zip(inputs, x).map { "(= n\($0.index) \(Self.number($1)))" }.joined(separator: " ") + ")" }
            lines.append("(assert (or \(options.joined(separator: " ")) false))")
        }
        for node in inputs {
            switch domain {
            case .reals, .points: break
            case .box(let low, let high):
                lines.append("(assert (and (<= \(Self.number(low)) n\(node.index)) (<= n\(node.index) \(Self.number(high)))))")
            case .integers(let low, let high):
                lines.append("(assert (and (<= \(Self.number(Rational(low))) n\(node.index)) (<= n\(node.index) \(Self.number(Rational(high))))))")
            }
        }
        lines.append("(assert \(Self.render(formula)))")
        if let objective {
            lines.append("(declare-fun objective () Real)")
            var term = Self.render(objective.pieces.last?.value ?? LinearForm())
            for piece in objective.pieces.dropLast().reversed() { term = "(ite \(Self.render(piece.condition)) \(Self.render(piece.value)) \(term))" }
            lines.append("(assert (= objective \(term)))")
            lines.append("(\(kind == .minimize ? "minimize" : "maximize") objective)")
            lines.append("(check-sat)")
            lines.append("(get-objectives)")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("; sat: (get-model) gives the input; unsat has no model (z3 says so)")
        lines.append("(check-sat)")
        lines.append("(get-model)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A rational as an SMT-LIB real term.
    static func number(_ value: Rational) -> String {
        let magnitude = value.magnitude
        let text: String
        if magnitude.isInteger {
            text = "\(magnitude).0"
        } else {
            let parts = magnitude.description.split(separator: "/")
            text = "(/ \(parts[0]).0 \(parts[1]).0)"
        }
        return value.signum < 0 ? "(- \(text))" : text
    }

    static func sum(_ terms: [(Rational, String)], _ constant: Rational) -> String {
        var parts = terms.map { c, name in c == .one ? name : "(* \(number(c)) \(name))" }
        if !constant.isZero || parts.isEmpty { parts.append(number(constant)) }
        return parts.count == 1 ? parts[0] : "(+ \(parts.joined(separator: " ")))"
    }

    static func render(_ e: LinearForm) -> String {
        sum(e.terms.map { ($0.coefficient, "n\($0.node.index)") }, e.constant)
    }

    static func render(_ f: Formula) -> String {
        switch f {
        case .constant(let b): return b ? "true" : "false"
        case .atom(let atom):
            let op = atom.relation == .equal ? "=" : atom.relation.rawValue
            return "(\(op) \(render(atom.expression)) 0.0)"
        case .notZero(let e): return "(not (= \(render(e)) 0.0))"
        case .and(let parts): return "(and \(parts.map(render).joined(separator: " ")))"
        case .or(let parts): return "(or \(parts.map(render).joined(separator: " ")))"
        case .cases(let cases):
            return "(or \(cases.map { "(and \(render($0.condition)) \(render($0.body)))" }.joined(separator: " ")))"
        }
    }
}
