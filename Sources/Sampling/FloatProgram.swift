package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// A program's needed nodes in doubles: for heuristics and for screening
/// sample points, never for verdicts.
package struct FloatProgram: Sendable {
    package enum Node: Sendable {
        case unused
        case input(Int)
        case affine([(Int, Double)], Double)
        case relu(Int)
    }

    package let nodes: [Node]

    package init(_ program: Program, needed: [Bool]) {
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
    package func evaluate(at x: [Double]) -> [Double] {
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
}
