package import ExactArithmetic
package import PiecewiseLinear

/// The scalar a `maximize` or `minimize` optimizes: one affine form over
/// program nodes, or one for each of several exhaustive, exclusive
/// conditions (`sort(x)[-1] - sort(x)[-2]` is a difference of two inputs,
/// which two depending on the input's order).
package struct Objective: Sendable {
    /// The objective's value where its condition holds.
    package struct Piece: Sendable {
        package let condition: Formula
        package let value: LinearForm
    }

    /// The pieces; exactly one condition holds at every input.
    package let pieces: [Piece]

    /// An objective of one piece.
    init(_ form: LinearForm) {
        pieces = [Piece(condition: .constant(true), value: form)]
    }

    /// An objective by cases.
    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// The piece that applies where the nodes have these values.
    package func piece(at values: [Rational]) -> Piece? {
        pieces.first { $0.condition.holds(values) }
    }

    /// The objective's value where the nodes have these values.
    package func value(_ values: [Rational]) -> Rational? {
        piece(at: values)?.value.evaluate(values)
    }

    /// The condition `objective relation constant`.
    package func compared(_ relation: Relation, _ constant: Rational) -> Formula {
        let bound = LinearForm(constant: constant)
        if pieces.count == 1, pieces[0].condition == .constant(true) { return Formula.compare(pieces[0].value, relation, bound) }
        return Formula.split(pieces.map { Formula.Case(condition: $0.condition, body: Formula.compare($0.value, relation, bound)) })
    }

    /// Every node the pieces and their conditions read.
    package var nodes: Set<NodeID> {
        pieces.reduce(into: Set<NodeID>()) { found, piece in
            found.formUnion(piece.condition.nodes)
            found.formUnion(piece.value.terms.map(\.node))
        }
    }

    /// Whether every piece is positively homogeneous (no constant term).
    package var isHomogeneous: Bool {
        pieces.allSatisfy { $0.value.constant.isZero }
    }

    /// The pieces' conditions.
    package var conditions: [Formula] { pieces.map(\.condition) }
}
