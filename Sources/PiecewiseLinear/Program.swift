package import ExactArithmetic

/// The identifier of a node in a ``Program``; nodes are numbered in
/// topological order, so an operand's id is always smaller than its user's.
package struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The node's position in ``Program/nodes``.
    package let index: Int

    /// The id of the node at `index`.
    package init(_ index: Int) {
        self.index = index
    }

    /// Orders ids by position.
    package static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }

    /// `n` followed by the index.
    package var description: String { "n\(index)" }
}

/// One term `coefficient * node` of an affine expression.
package struct LinearTerm: Sendable, Hashable {
    /// The operand.
    package let node: NodeID
    /// Its exact coefficient (never zero in a built program).
    package let coefficient: Rational

    /// The term `coefficient * node`.
    package init(_ coefficient: Rational, _ node: NodeID) {
        self.node = node
        self.coefficient = coefficient
    }

    /// The terms with repeated nodes added together and zero coefficients
    /// dropped, in order of each node's first appearance.
    package static func merging(_ terms: [LinearTerm]) -> [LinearTerm] {
        var merged: [NodeID: Rational] = [:]
        var order: [NodeID] = []
        for term in terms {
            if merged[term.node] == nil { order.append(term.node) }
            merged[term.node, default: .zero] += term.coefficient
        }
        return order.compactMap { id in merged[id].flatMap { $0.isZero ? nil : LinearTerm($0, id) } }
    }
}

/// A node of a piecewise-linear program.
package enum Node: Sendable, Equatable {
    /// Input coordinate `x[i]`.
    case input(Int)
    /// `constant + sum of terms`.
    case affine(terms: [LinearTerm], constant: Rational)
    /// `max(operand, 0)`.
    case relu(NodeID)
}

/// A piecewise-linear program: inputs, affine nodes and ReLU nodes in
/// topological order, with exact rational coefficients.
///
/// This is the form every claim is checked against: a model is unrolled
/// into one, and a region where every ReLU's phase is fixed makes each node
/// an affine function of the inputs.
///
/// Building a program shares work: an affine node equal to one already
/// built (as a combination of inputs and ReLUs) is that node, a ReLU of a
/// value that is never negative is the value itself, a ReLU of a value that
/// is never positive is 0, and two ReLUs of the same value are one node. A
/// claim that restates part of a model thus reuses the model's own nodes.
package struct Program: Sendable, Equatable {
    /// Nodes in topological order.
    package private(set) var nodes: [Node] = []
    /// The number of input coordinates.
    package let inputCount: Int
    /// The node of each input coordinate.
    package private(set) var inputs: [NodeID] = []
    /// Every node unfolded into input and ReLU nodes, indexed like ``nodes``.
    package private(set) var unfoldedNodes: [LinearForm] = []
    /// The node already built for each unfolded combination.
    private var nodeForCombination: [LinearForm: NodeID] = [:]
    /// The ReLU already built for each unfolded operand.
    private var reluForOperand: [LinearForm: NodeID] = [:]

    /// A program with `inputCount` input nodes and nothing else.
    package init(inputCount: Int) {
        self.inputCount = inputCount
        for i in 0..<inputCount { inputs.append(append(.input(i), unfolded: LinearForm(node: NodeID(i)))) }
    }

    /// Adds `constant + sum(terms)`, dropping zero coefficients and merging
    /// repeated operands; returns an existing node with the same value as
    /// a combination of inputs and ReLUs, if there is one.
    ///
    /// - Precondition: every operand already exists.
    @discardableResult
    package mutating func addAffine(_ terms: [LinearTerm], constant: Rational = .zero) -> NodeID {
        var combination = LinearForm(constant: constant)
        for term in terms {
            precondition(term.node.index < nodes.count, "operand \(term.node) does not exist yet")
            combination.add(term.coefficient, unfoldedNodes[term.node.index])
        }
        if let existing = nodeForCombination[combination] { return existing }
        return append(.affine(terms: LinearTerm.merging(terms), constant: constant), unfolded: combination)
    }

    /// Adds `max(operand, 0)`, or returns the operand when it is never
    /// negative, 0 when it is never positive, and an existing ReLU of the
    /// same value.
    ///
    /// - Precondition: the operand already exists.
    @discardableResult
    package mutating func addReLU(_ operand: NodeID) -> NodeID {
        precondition(operand.index < nodes.count, "operand \(operand) does not exist yet")
        let value = unfoldedNodes[operand.index]
        // ReLU values are never negative; inputs may take any sign.
        let onReLUs = value.terms.allSatisfy { if case .relu = nodes[$0.node.index] { return true } else { return false } }
        if onReLUs, value.constant.signum >= 0, value.terms.allSatisfy({ $0.coefficient.signum > 0 }) { return operand }
        if onReLUs, value.constant.signum <= 0, value.terms.allSatisfy({ $0.coefficient.signum < 0 }) { return addAffine([]) }
        if let existing = reluForOperand[value] { return existing }
        let relu = append(.relu(operand), unfolded: LinearForm(node: NodeID(nodes.count)))
        reluForOperand[value] = relu
        return relu
    }

    private mutating func append(_ node: Node, unfolded: LinearForm) -> NodeID {
        nodes.append(node)
        unfoldedNodes.append(unfolded)
        let id = NodeID(nodes.count - 1)
        if nodeForCombination[unfolded] == nil { nodeForCombination[unfolded] = id }
        return id
    }

    /// The nodes `roots` depend on, themselves included, marked in an
    /// array indexed like ``nodes``.
    package func dependencies(of roots: some Sequence<NodeID>) -> [Bool] {
        var marked = Array(repeating: false, count: nodes.count)
        var stack = Array(roots)
        while let node = stack.popLast() {
            if marked[node.index] { continue }
            marked[node.index] = true
            switch nodes[node.index] {
            case .input: break
            case .relu(let operand): stack.append(operand)
            case .affine(let terms, _): stack += terms.map(\.node)
            }
        }
        return marked
    }

    /// The ReLU nodes, in order.
    package var reluNodes: [NodeID] {
        nodes.indices.compactMap { i in if case .relu = nodes[i] { return NodeID(i) } else { return nil } }
    }

    /// Whether no node has a constant term, so every node is positively
    /// homogeneous in the inputs (f(c x) = c f(x) for c >= 0).
    package var isHomogeneous: Bool {
        nodes.allSatisfy { node in
            if case .affine(_, let constant) = node { return constant.isZero }
            return true
        }
    }

    /// Evaluates every node exactly at `input`.
    ///
    /// - Precondition: `input.count == inputCount`.
    /// - Returns: one value per node, indexed like ``nodes``.
    package func evaluate(at input: [Rational]) -> [Rational] {
        evaluate(at: input, only: nil)
    }

    /// Evaluates the nodes marked in `only` (all when nil) exactly at
    /// `input`; unmarked nodes read 0. A marked node's operands must be marked.
    ///
    /// - Precondition: `input.count == inputCount`.
    /// - Returns: one value per node, indexed like ``nodes``.
    package func evaluate(at input: [Rational], only: [Bool]?) -> [Rational] {
        precondition(input.count == inputCount, "expected \(inputCount) inputs, got \(input.count)")
        var values: [Rational] = []
        values.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() {
            if let only, !only[i] {
                values.append(.zero)
                continue
            }
            switch node {
            case .input(let i):
                values.append(input[i])
            case .affine(let terms, let constant):
                var sum = constant
                for term in terms { sum += term.coefficient * values[term.node.index] }
                values.append(sum)
            case .relu(let operand):
                let v = values[operand.index]
                values.append(v.signum > 0 ? v : .zero)
            }
        }
        return values
    }
}
