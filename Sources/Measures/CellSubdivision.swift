package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// Cuts cells until each has one truth value: a cell is split by the first
/// watched form (ReLU operands the statement reads, in program order, then
/// comparisons) that takes strictly opposite signs at its corners. Earlier
/// ones keep their signs there, so that form is affine on the cell and its
/// plane or line exact. A cell with no such form has one truth value, read
/// at its interior. The splits, in preorder, are the certificate.
package enum CellSubdivision {
    /// A final cell and whether the event and the premise hold inside it.
    package struct Leaf<Cell: SplittableCell>: Sendable {
        package let cell: Cell
        package let event: Bool
        package let premise: Bool

        /// A leaf.
        package init(cell: Cell, event: Bool, premise: Bool) {
            (self.cell, self.event, self.premise) = (cell, event, premise)
        }
    }

    /// The leaves under `start`, and the split tree, where `cut` turns a
    /// form's affine expression on a cell into the cell type's split form.
    package static func leaves<Cell: SplittableCell>(
        _ query: Query, from start: [Cell], cut: (InputConstraint) -> [Rational]
    ) -> (leaves: [Leaf<Cell>], steps: [CellSplit]) {
        let watched = PlaneMeasure.watchedForms(query)
        var leaves: [Leaf<Cell>] = []
        var steps: [CellSplit] = []
        var pending = Array(start.reversed())
        while let cell = pending.popLast() {
            if cell.points.count < 3 {
                steps.append(.leaf)
                continue
            }
            let values = cell.points.map { query.program.evaluate(at: $0) }
            if let form = watched.first(where: { form in
                let signs = values.map { form.evaluate($0).signum }
                return signs.contains(1) && signs.contains(-1)
            }) {
                let region = LinearRegion(program: query.program, formula: .constant(true), nodes: Set(form.terms.map(\.node)), at: cell.interior)
                let split = cut(region.inputForm(of: form))
                steps.append(.split(normal: split))
                let (positive, negative) = cell.split(by: split)
                pending.append(negative)
                pending.append(positive)
                continue
            }
            steps.append(.leaf)
            let inside = query.program.evaluate(at: cell.interior)
            leaves.append(Leaf(cell: cell, event: query.formula.holds(inside), premise: query.premise.holds(inside)))
        }
        return (leaves, steps)
    }
}
