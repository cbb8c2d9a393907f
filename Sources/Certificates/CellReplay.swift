package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// Replays a measure's split tree from its starting cells, without the
/// search for the splits: splitting a convex cell by any form tiles it, so
/// the leaves tile the start whatever the forms; at each leaf no watched
/// form (ReLU operands the statement reads, in program order, then
/// comparisons) may take strictly opposite signs at its corners (then,
/// phase after phase, each keeps its sign inside). Each leaf inside the
/// premise is handed to `measure` with whether the event holds there.
enum CellReplay {
    /// Nil when the tree is valid, else why not.
    static func replay<Cell: SplittableCell>(
        _ steps: [CellSplit], from start: [Cell], query: Query, measure: (Cell, Bool) -> Void
    ) -> CertificateStatus? {
        let forms = PlaneMeasureCheck.watched(query)
        var pending = Array(start.reversed())
        var position = 0
        while let cell = pending.popLast() {
            guard position < steps.count else { return .invalid("the split tree ends before every cell is closed") }
            let step = steps[position]
            position += 1
            if case .split(let form) = step {
                let (positive, negative) = cell.split(by: form)
                pending.append(negative)
                pending.append(positive)
                continue
            }
            guard cell.points.count >= 3 else { continue }
            let values = cell.points.map { query.program.evaluate(at: $0) }
            if forms.contains(where: { form in
                let signs = values.map { form.evaluate($0).signum }
                return signs.contains(1) && signs.contains(-1)
            }) {
                return .invalid("a sign changes inside the cell of step \(position - 1)")
            }
            let inside = query.program.evaluate(at: cell.interior)
            if query.premise.holds(inside) { measure(cell, query.formula.holds(inside)) }
        }
        guard position == steps.count else { return .invalid("\(steps.count - position) split steps after the last cell") }
        return nil
    }
}
