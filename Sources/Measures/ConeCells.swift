package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// The cones of a positively homogeneous statement on `R^n`, for any n,
/// in doubles. The space is first cut into the n + 1 simplicial cones of
/// the fan of `e_0, ..., e_(n-1), -(1, ..., 1)`; each cone is split,
/// recursively, by the first ReLU operand (in program order) that takes
/// strictly opposite signs at its extreme rays (unless the premise is
/// already false on it), and then, once every
/// phase is fixed, by the first comparison whose sign the event or the
/// premise still depends on (both are evaluated in three-valued logic from
/// the signs the comparisons keep on the cone). The pieces' rays come from
/// the double description method: a new ray on the plane for each
/// adjacent pair across it, adjacency read from the constraints the two
/// rays share. A final cone's truth values are read exactly at an
/// interior point (the sum of its rays).
///
/// The rays are doubles, so a cone thinner than their rounding may be cut
/// a little off its true plane: the cones serve estimates, whose standard
/// error is far above that, never certified figures.
package enum ConeCells {
    /// A final cone: its extreme rays (unit vectors), the constraints each
    /// meets (by index), the interior point where its truth was read (the
    /// sum of its rays, exactly), and whether the event and the premise
    /// hold inside.
    package struct Cell: Sendable {
        package let rays: [[Double]]
        package let tight: [Set<Int>]
        package let point: [Rational]
        package let event: Bool
        package let premise: Bool

        /// The same cone with the event negated.
        package init(flipping cell: Cell) {
            (rays, tight, point, event, premise) = (cell.rays, cell.tight, cell.point, !cell.event, cell.premise)
        }

        init(rays: [[Double]], tight: [Set<Int>], point: [Rational], event: Bool, premise: Bool) {
            (self.rays, self.tight, self.point, self.event, self.premise) = (rays, tight, point, event, premise)
        }
    }

    /// A cone in both descriptions, with which constraints each ray meets.
    private struct Cone {
        var rows: [[Double]]
        var rays: [[Double]]
        var tight: [Set<Int>]
        /// The ReLU phases fixed so far (by ReLU node index).
        var phases: [Int: Bool]
        /// The next ReLU operand to test.
        var next: Int
    }

    /// How many starting cones ``cells(_:start:limit:)`` takes: n + 1.
    package static func startCount(dimension n: Int) -> Int { n + 1 }

    /// The cells under starting cone `start` (0...n), or nil when there are
    /// more than `limit`, when `deadline` passes, or when a form reads a
    /// ReLU whose phase is not fixed (which the order of the ReLUs rules out).
    ///
    /// - Precondition: a positively homogeneous query.
    package static func cells(_ query: Query, start: Int, limit: Int, deadline: ContinuousClock.Instant? = nil) -> [Cell]? {
        let n = query.inputs.count
        let read = query.program.dependencies(of: query.formula.nodes.union(query.premise.nodes))
        let relus = query.program.nodes.indices.filter { i in
            guard read[i], case .relu = query.program.nodes[i] else { return false }
            return true
        }
        var pending = [fanCone(start, n)]
        var cells: [Cell] = []
        while let cone = pending.popLast() {
            let forms = NodeForms(query.program, read: read, phases: cone.phases, dimension: n)
            guard let step = nextStep(cone, query, relus, forms) else { return nil }
            switch step {
            case .split(let positive, let negative):
                pending.append(negative)
                pending.append(positive)
            case .continue(let next):
                pending.append(next)
            case .leaf:
                cells.append(leaf(cone, query, n: n))
                if cells.count > limit { return nil }
                if let deadline, cells.count % 256 == 0, ContinuousClock.now > deadline { return nil }
            }
        }
        return cells
    }

    private enum Step {
        case split(Cone, Cone)
        case `continue`(Cone)
        case leaf
    }

    /// What to do with a cone: split it, fix the next ReLU's phase, or stop.
    private static func nextStep(_ cone: Cone, _ query: Query, _ relus: [Int], _ forms: NodeForms) -> Step? {
        let n = cone.rays.first?.count ?? 0
        var signs: [LinearForm: Int?] = [:]
        func sign(_ e: LinearForm) -> Int? {
            if let known = signs[e] { return known }
            var result: Int?
            if let f = forms.input(of: e) {
                let (up, down) = sides(cone.rays.map { DoubleVector.dot(f, $0) })
                result = up && down ? nil : (up ? 1 : (down ? -1 : 0))
            }
            signs[e] = result
            return result
        }
        // A cone where the premise is already false needs no more cuts.
        if ThreeValued.truth(query.premise, sign: sign) == false { return .leaf }
        if cone.next < relus.count {
            let relu = relus[cone.next]
            guard case .relu(let operand) = query.program.nodes[relu], let f = forms.input(of: LinearForm(node: operand)) else { return nil }
            let values = cone.rays.map { DoubleVector.dot(f, $0) }
            var fixed = cone
            fixed.next += 1
            let (up, down) = sides(values)
            guard up && down else {
                fixed.phases[relu] = !down
                return .continue(fixed)
            }
            var (positive, negative) = divide(fixed, by: f, values: values, n: n)
            positive.phases[relu] = true
            negative.phases[relu] = false
            return .split(positive, negative)
        }
        for formula in [query.premise, query.formula] {
            guard let open = ThreeValued.openForm(formula, sign: sign) else { continue }
            guard let f = forms.input(of: open) else { return nil }
            let (positive, negative) = divide(cone, by: f, values: cone.rays.map { DoubleVector.dot(f, $0) }, n: n)
            return .split(positive, negative)
        }
        return .leaf
    }

    /// Whether a form is positive at some ray, and negative at some ray
    /// (beyond ``tolerance``), given its values at the rays.
    private static func sides(_ values: [Double]) -> (up: Bool, down: Bool) {
        (values.contains { $0 > tolerance }, values.contains { $0 < -tolerance })
    }

    /// Starting cone `j` of the fan: spanned by every vector of
    /// `e_0, ..., e_(n-1), -(1, ..., 1)` but the j-th.
    private static func fanCone(_ j: Int, _ n: Int) -> Cone {
        let unit = { (i: Int) in (0..<n).map { $0 == i ? 1.0 : 0 } }
        if j == n {
            return Cone(rows: (0..<n).map(unit), rays: (0..<n).map(unit), tight: (0..<n).map { i in Set((0..<n).filter { $0 != i }) }, phases: [:], next: 0)
        }
        // x = Σ_{i≠j} λ_i e_i + μ (-1): μ = -x_j and λ_i = x_i - x_j.
        let others = (0..<n).filter { $0 != j }
        let rows = [unit(j).map { -$0 }] + others.map { i in (0..<n).map { $0 == i ? 1.0 : ($0 == j ? -1 : 0) } }
        let back = [Double](repeating: -1 / Double(n).squareRoot(), count: n)
        // Row 0 (μ) meets every e_i; row 1 + k (λ of others[k]) meets every ray but e_(others[k]).
        let rays = others.map(unit) + [back]
        let tight = others.indices.map { k in Set([0] + others.indices.filter { $0 != k }.map { $0 + 1 }) } + [Set(others.indices.map { $0 + 1 })]
        return Cone(rows: rows, rays: rays, tight: tight, phases: [:], next: 0)
    }

    /// A form is taken as zero on a unit ray below this (the forms are
    /// normalized to unit length).
    static let tolerance = 1e-11

    /// The two pieces of `cone` on either side of `f . x = 0`.
    private static func divide(_ cone: Cone, by f: [Double], values: [Double], n: Int) -> (Cone, Cone) {
        let plus = values.indices.filter { values[$0] > tolerance }
        let minus = values.indices.filter { values[$0] < -tolerance }
        let zero = values.indices.filter { abs(values[$0]) <= tolerance }
        let row = cone.rows.count
        var fresh: [(ray: [Double], tight: Set<Int>)] = []
        for p in plus {
            for m in minus {
                let common = cone.tight[p].intersection(cone.tight[m])
                guard common.count >= n - 2 else { continue }
                let blocked = cone.rays.indices.contains { r in r != p && r != m && cone.tight[r].isSuperset(of: common) }
                if blocked { continue }
                let ray = DoubleVector.normalized(zip(cone.rays[m], cone.rays[p]).map { values[p] * $0 - values[m] * $1 })
                fresh.append((ray, common.union([row])))
            }
        }
        func piece(_ side: [Int], _ sign: Double) -> Cone {
            var piece = cone
            piece.rows.append(f.map { sign * $0 })
            piece.rays = side.map { cone.rays[$0] } + zero.map { cone.rays[$0] } + fresh.map(\.ray)
            piece.tight = side.map { cone.tight[$0] } + zero.map { cone.tight[$0].union([row]) } + fresh.map(\.tight)
            return piece
        }
        return (piece(plus, 1), piece(minus, -1))
    }

    /// A final cone, its truth values read exactly at the sum of its rays.
    private static func leaf(_ cone: Cone, _ query: Query, n: Int) -> Cell {
        var center = [Double](repeating: 0, count: n)
        for ray in cone.rays { for i in 0..<n { center[i] += ray[i] } }
        let point = center.map { (try? Rational(exactly: $0)) ?? .zero }
        let values = query.program.evaluate(at: point)
        return Cell(rays: cone.rays, tight: cone.tight, point: point, event: query.formula.holds(values), premise: query.premise.holds(values))
    }
}

/// Each node of a program as a linear function of the inputs, in doubles,
/// where the ReLUs it depends on have fixed phases (nil where one does not).
private struct NodeForms {
    private let forms: [[Double]?]
    private let dimension: Int

    init(_ program: Program, read: [Bool], phases: [Int: Bool], dimension n: Int) {
        var forms: [[Double]?] = Array(repeating: nil, count: program.nodes.count)
        for (i, node) in program.nodes.enumerated() where read[i] {
            switch node {
            case .input(let k): forms[i] = (0..<n).map { $0 == k ? 1 : 0 }
            case .relu(let operand):
                guard let phase = phases[i] else { continue }
                forms[i] = phase ? forms[operand.index] : [Double](repeating: 0, count: n)
            case .affine(let terms, _):
                var sum = [Double](repeating: 0, count: n)
                var known = true
                for term in terms {
                    guard let f = forms[term.node.index] else { known = false; break }
                    let c = term.coefficient.doubleApproximation
                    for j in 0..<n { sum[j] += c * f[j] }
                }
                forms[i] = known ? sum : nil
            }
        }
        self.forms = forms
        self.dimension = n
    }

    /// A linear form's input coefficients, normalized to unit length (nil
    /// when it reads a ReLU of unfixed phase).
    func input(of form: LinearForm) -> [Double]? {
        let n = dimension
        var sum = [Double](repeating: 0, count: n)
        for term in form.terms {
            guard let f = forms[term.node.index] else { return nil }
            let c = term.coefficient.doubleApproximation
            for j in 0..<n { sum[j] += c * f[j] }
        }
        return DoubleVector.normalized(sum)
    }
}
