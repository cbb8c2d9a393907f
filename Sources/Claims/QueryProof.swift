public import ExactArithmetic
public import PiecewiseLinear

/// The position of a part of a ``Formula``: child indices from the root.
/// Under `and` and `or`, index k is the k-th part; under `cases`, index
/// `2k` is case k's condition and `2k + 1` its body.
public typealias FormulaPath = [Int]

/// Where a linear constraint used in a refutation comes from.
public enum ProofConstraint: Sendable, Hashable {
    /// `x[i] >= low` of the search box.
    case boxLower(Int)
    /// `x[i] <= high` of the search box.
    case boxUpper(Int)
    /// The side of a ReLU split on the path: `z >= 0` where the ReLU node
    /// is active, `z < 0` where inactive (z its operand).
    case reluSide(NodeID)
    /// The side of a disequality split on the path: `e > 0` or `e < 0`.
    case signSide(FormulaPath)
    /// The face of the box the path lies on: `x[i] = value`.
    case face
    /// An atom of the query's formula, active on this branch.
    case atom(FormulaPath)
}

/// A proof that a ``Query`` has no solution in its domain: a tree of case
/// splits whose leaves are closed by Farkas refutations. The cases of every
/// split together cover their parent's region, so the leaves cover the
/// whole domain. A node's value on a path is affine in the inputs and the
/// ReLUs whose phase is not decided there; a split that no leaf below it
/// needs is left out, and the leaves' combinations cancel those ReLUs too.
public indirect enum QueryProof: Sendable, Equatable {
    /// A leaf: non-negative (or sign-correct) multipliers of the listed
    /// constraints whose sum cancels every variable and leaves `0 < 0` or
    /// `0 <= c` with `c < 0`.
    case refuted([ProofTerm])
    /// A leaf: an active part of the formula is the constant `false`.
    case formulaFalse(FormulaPath)
    /// The phase of a ReLU node: `z >= 0` (and then `h = z`) versus `z < 0`
    /// (and then `h = 0`), where z is its operand.
    case relu(NodeID, active: QueryProof, inactive: QueryProof)
    /// One child per part of an active `or`, or per case of an active `cases`.
    case branch(FormulaPath, [QueryProof])
    /// An active `e != 0` split into `e > 0` and `e < 0`.
    case sign(FormulaPath, positive: QueryProof, negative: QueryProof)
    /// A positively homogeneous query: 0 is not a solution, and one child
    /// per face of the box (`x[i] = high`, then `x[i] = low`, for each i,
    /// skipping a bound that is 0), since any solution scales onto a face.
    case faces([QueryProof])
    /// An integer domain: every point is evaluated.
    case enumerated
}

/// One multiplier of a Farkas refutation.
public struct ProofTerm: Sendable, Equatable {
    /// The constraint.
    public var constraint: ProofConstraint
    /// Its multiplier: `>= 0` for `<` and `<=`, `<= 0` for `>` and `>=`,
    /// any sign for `=`.
    public var multiplier: Rational

    /// A term.
    public init(_ constraint: ProofConstraint, _ multiplier: Rational) {
        self.constraint = constraint
        self.multiplier = multiplier
    }
}

extension QueryProof {
    /// The faces of the box `[low, high]^n` in the order ``faces(_:)``
    /// lists its children: `x[i] = high`, then `x[i] = low`, for each i,
    /// skipping a bound that is 0.
    public static func faceOrder(width: Int, low: Rational, high: Rational) -> [(input: Int, value: Rational)] {
        (0..<width).flatMap { i in [(i, high), (i, low)].filter { !$0.1.isZero } }
    }
}

extension Formula {
    /// The part at `path`, or nil when the path leaves the formula.
    public func part(at path: FormulaPath) -> Formula? {
        var current = self
        for index in path {
            switch current {
            case .and(let parts), .or(let parts):
                guard parts.indices.contains(index) else { return nil }
                current = parts[index]
            case .cases(let cases):
                guard index >= 0, index / 2 < cases.count else { return nil }
                current = index % 2 == 0 ? cases[index / 2].condition : cases[index / 2].body
            default:
                return nil
            }
        }
        return current
    }
}
