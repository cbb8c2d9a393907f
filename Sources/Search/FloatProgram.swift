import Claims
import ExactArithmetic
import PiecewiseLinear

/// A program's needed nodes in doubles: for heuristics and for screening
/// sample points, never for verdicts.
struct FloatProgram {
    enum Node {
        case unused
        case input(Int)
        case affine([(Int, Double)], Double)
        case relu(Int)
    }

    let nodes: [Node]

    init(_ program: Program, needed: [Bool]) {
        nodes = program.nodes.enumerated().map { i, node in
            guard needed[i] else { return .unused }
            switch node {
            case .input(let k): return .input(k)
            case .affine(let terms, let constant):
                return .affine(terms.map { ($0.node.index, $0.coefficient.doubleApproximation) }, constant.doubleApproximation)
            case .relu(let operand): return .relu(operand.index)
            }
        }
    }

    /// Every needed node's value at `x`.
    func evaluate(at x: [Double]) -> [Double] {
        var values = Array(repeating: 0.0, count: nodes.count)
        for (i, node) in nodes.enumerated() {
            switch node {
            case .unused: continue
            case .input(let k): values[i] = x[k]
            case .affine(let terms, let constant):
                var sum = constant
                for (n, c) in terms { sum += c * values[n] }
                values[i] = sum
            case .relu(let operand): values[i] = max(values[operand], 0)
            }
        }
        return values
    }

    /// Whether `formula` may hold at node values `values`: false only when
    /// it fails there with every comparison clear of equality by more than
    /// rounding could account for.
    static func mayHold(_ formula: Formula, _ values: [Double]) -> Bool {
        var close = false
        let holds = evaluate(formula, values, &close)
        return holds || close
    }

    private static func evaluate(_ f: Formula, _ values: [Double], _ close: inout Bool) -> Bool {
        func difference(_ e: LinearExpression) -> Double {
            var sum = e.constant.doubleApproximation
            var scale = abs(sum)
            for term in e.terms {
                let t = term.coefficient.doubleApproximation * values[term.node.index]
                sum += t
                scale += abs(t)
            }
            if abs(sum) <= 1e-9 * scale { close = true }
            return sum
        }
        switch f {
        case .constant(let b): return b
        case .atom(let atom):
            let d = difference(atom.expression)
            switch atom.relation {
            case .less: return d < 0
            case .lessOrEqual: return d <= 0
            case .equal: return d == 0
            case .greaterOrEqual: return d >= 0
            case .greater: return d > 0
            }
        case .notZero(let e): return difference(e) != 0
        case .and(let parts):
            var all = true
            for part in parts where !evaluate(part, values, &close) { all = false }
            return all
        case .or(let parts):
            var any = false
            for part in parts where evaluate(part, values, &close) { any = true }
            return any
        case .cases(let cases):
            var any = false
            for c in cases where evaluate(c.condition, values, &close) && evaluate(c.body, values, &close) { any = true }
            return any
        }
    }
}
