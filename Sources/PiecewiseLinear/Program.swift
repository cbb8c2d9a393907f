public import ExactArithmetic

/// The identifier of a node in a ``Program``; nodes are numbered in
/// topological order, so an operand's id is always smaller than its user's.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The node's position in ``Program/nodes``.
    public let index: Int

    /// The id of the node at `index`.
    public init(_ index: Int) {
        self.index = index
    }

    /// Orders ids by position.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }

    /// `n` followed by the index.
    public var description: String { "n\(index)" }
}

/// One term `coefficient * node` of an affine expression.
public struct LinearTerm: Sendable, Hashable {
    /// The operand.
    public let node: NodeID
    /// Its exact coefficient (never zero in a built program).
    public let coefficient: Rational

    /// The term `coefficient * node`.
    public init(_ coefficient: Rational, _ node: NodeID) {
        self.node = node
        self.coefficient = coefficient
    }

    /// The terms with repeated nodes added together and zero coefficients
    /// dropped, in order of each node's first appearance.
    public static func merging(_ terms: [LinearTerm]) -> [LinearTerm] {
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
public enum Node: Sendable, Equatable {
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
public struct Program: Sendable, Equatable {
    /// Nodes in topological order.
    public private(set) var nodes: [Node] = []
    /// The number of input coordinates.
    public let inputCount: Int
    /// The node of each input coordinate.
    public private(set) var inputs: [NodeID] = []

    /// A program with `inputCount` input nodes and nothing else.
    public init(inputCount: Int) {
        self.inputCount = inputCount
        for i in 0..<inputCount { inputs.append(append(.input(i))) }
    }

    /// Adds `constant + sum(terms)`, dropping zero coefficients and merging
    /// repeated operands.
    ///
    /// - Precondition: every operand already exists.
    @discardableResult
    public mutating func addAffine(_ terms: [LinearTerm], constant: Rational = .zero) -> NodeID {
        for term in terms {
            precondition(term.node.index < nodes.count, "operand \(term.node) does not exist yet")
        }
        return append(.affine(terms: LinearTerm.merging(terms), constant: constant))
    }

    /// Adds `max(operand, 0)`.
    ///
    /// - Precondition: the operand already exists.
    @discardableResult
    public mutating func addReLU(_ operand: NodeID) -> NodeID {
        precondition(operand.index < nodes.count, "operand \(operand) does not exist yet")
        return append(.relu(operand))
    }

    private mutating func append(_ node: Node) -> NodeID {
        nodes.append(node)
        return NodeID(nodes.count - 1)
    }

    /// The ReLU nodes, in order.
    public var reluNodes: [NodeID] {
        nodes.indices.compactMap { i in if case .relu = nodes[i] { return NodeID(i) } else { return nil } }
    }

    /// Whether no node has a constant term, so every node is positively
    /// homogeneous in the inputs (f(c x) = c f(x) for c >= 0).
    public var isHomogeneous: Bool {
        nodes.allSatisfy { node in
            if case .affine(_, let constant) = node { return constant.isZero }
            return true
        }
    }

    /// Evaluates every node exactly at `input`.
    ///
    /// - Precondition: `input.count == inputCount`.
    /// - Returns: one value per node, indexed like ``nodes``.
    public func evaluate(at input: [Rational]) -> [Rational] {
        precondition(input.count == inputCount, "expected \(inputCount) inputs, got \(input.count)")
        var values: [Rational] = []
        values.reserveCapacity(nodes.count)
        for node in nodes {
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
