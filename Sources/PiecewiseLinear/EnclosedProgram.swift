package import ExactArithmetic

/// A program's needed nodes in outward-rounded interval arithmetic: an
/// enclosure of every node's exact value at an exact input, much faster
/// than exact evaluation. What it decides is decided exactly; what it
/// leaves open, exact evaluation decides.
package struct EnclosedProgram: Sendable {
    private enum Node: Sendable {
        case unused
        case input(Int)
        case affine([(node: Int, coefficient: Enclosure)], Enclosure)
        case relu(Int)
    }

    private let nodes: [Node]

    /// The program's nodes marked in `needed`, with coefficients enclosed once.
    package init(_ program: Program, needed: [Bool]) {
        nodes = program.nodes.enumerated().map { i, node in
            guard needed[i] else { return .unused }
            switch node {
            case .input(let k): return .input(k)
            case .relu(let operand): return .relu(operand.index)
            case .affine(let terms, let constant):
                return .affine(terms.map { ($0.node.index, Enclosure($0.coefficient)) }, Enclosure(constant))
            }
        }
    }

    /// An enclosure of every needed node at `input` (unneeded nodes: 0).
    package func evaluate(at input: [Rational]) -> [Enclosure] {
        let x = input.map(Enclosure.init)
        var values = [Enclosure](repeating: Enclosure(exactly: 0), count: nodes.count)
        for i in nodes.indices {
            switch nodes[i] {
            case .unused: continue
            case .input(let k): values[i] = x[k]
            case .relu(let operand): values[i] = values[operand].relu
            case .affine(let terms, let constant):
                var sum = constant
                for (node, c) in terms { sum = sum + c * values[node] }
                values[i] = sum
            }
        }
        return values
    }
}
