public import Claims
import ExactArithmetic
import PiecewiseLinear

/// Re-verifies a ``QueryProof`` against a ``Query`` without any search:
/// it rebuilds each leaf's linear constraints from the program, the formula
/// and the decisions on the path, and checks that the leaf's multipliers
/// combine them into a contradiction; and that every split's cases cover
/// their parent. It trusts only exact arithmetic and the lowering of claims.
///
/// A node's value on a path is an affine function of the inputs and of the
/// ReLUs whose phase the path leaves open (a proof omits a split that no
/// refutation below it needs); every refutation must cancel both.
public struct ProofChecker {
    /// Why a proof does not prove its query.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, and where in the tree.
        public let reason: String

        /// A one-line explanation.
        public var description: String { reason }
    }

    /// `x·a + Σ open ReLUs + constant`: a value on the current path.
    private struct PathForm {
        var inputs: AffineForm
        /// Coefficients of ReLU nodes whose phase is open on the path.
        var open: [Int: Rational] = [:]

        mutating func add(_ c: Rational, _ other: PathForm) {
            inputs.add(c, other.inputs)
            for (node, a) in other.open {
                let sum = open[node, default: .zero] + c * a
                open[node] = sum.isZero ? nil : sum
            }
        }
    }

    /// `form relation 0`.
    private struct Inequality {
        var form: PathForm
        var relation: Relation
    }

    /// A split taken on the way to the current node.
    private enum Step {
        case relu(Int, active: Bool)
        case part(Int, of: FormulaPath)
        case sign(FormulaPath, positive: Bool)
        case face(Int, Rational)

        var text: String {
            switch self {
            case .relu(let n, let active): return "relu \(n) \(active ? "active" : "inactive")"
            case .part(let k, let path): return "part \(k) of \(path)"
            case .sign(let path, let positive): return "\(path) \(positive ? "positive" : "negative")"
            case .face(let i, let value): return "face x[\(i)] = \(value)"
            }
        }
    }

    private let query: Query
    private let width: Int
    /// The box `x[i] in [low, high]` when it bounds the search: the domain's
    /// own box, or [-1, 1]^n under the faces of a homogeneous query on R^n.
    private var box: (low: Rational, high: Rational)?
    /// Decided ReLU phases by node index, and the level each was decided at.
    private var phase: [Bool?]
    private var phaseLevel: [Int]
    /// The face the path lies on, and the sides of disequalities split on it.
    private var face: Inequality?
    private var signs: [FormulaPath: Inequality] = [:]
    /// The chosen child of each branched `or` / `cases` on the path.
    private var chosen: [FormulaPath: Int] = [:]
    /// Forms without open ReLUs computed on the path, with the deepest
    /// ReLU level each depends on; the nodes filed under each level are
    /// dropped when the walk leaves that level.
    private var forms: [(form: PathForm, level: Int)?]
    private var formsAtLevel: [[Int]] = [[]]
    /// Atoms' forms, cached the same way.
    private var atomForms: [FormulaPath: PathForm] = [:]
    private var atomsAtLevel: [[FormulaPath]] = [[]]
    /// Where the walk is, for messages (rendered only when one is needed).
    private var trail: [Step] = []
    /// Leaves checked so far.
    public private(set) var leaves = 0

    /// A checker for proofs about `query`.
    public init(query: Query) {
        self.query = query
        width = query.inputs.count
        phase = Array(repeating: nil, count: query.program.nodes.count)
        phaseLevel = Array(repeating: 0, count: query.program.nodes.count)
        forms = Array(repeating: nil, count: query.program.nodes.count)
        if case .box(let low, let high) = query.domain { box = (low, high) }
    }

    /// Checks that `proof` shows `query` has no solution.
    ///
    /// - Throws: ``Failure`` naming the first thing that does not check.
    public mutating func check(_ proof: QueryProof) throws(Failure) {
        switch (proof, query.domain) {
        case (.enumerated, .integers(let low, let high)):
            try enumerate(low: low, high: high)
        case (.enumerated, _):
            throw Failure(reason: "enumeration proves only integer domains")
        case (.faces(let children), _):
            try checkFaces(children)
        case (_, .integers):
            throw Failure(reason: "an integer domain is proved by enumeration")
        default:
            try node(proof)
        }
    }

    // MARK: - The tree

    /// The current position in the tree, as a message prefix.
    private var place: String { trail.isEmpty ? "root" : trail.map(\.text).joined(separator: " > ") }

    private mutating func node(_ proof: QueryProof) throws(Failure) {
        switch proof {
        case .refuted(let terms):
            try refute(terms)
        case .formulaFalse(let path):
            guard try activePart(path) == .constant(false) else {
                throw Failure(reason: "\(place): the formula part at \(path) is not the constant false")
            }
            leaves += 1
        case .relu(let relu, let active, let inactive):
            guard query.program.nodes.indices.contains(relu.index), case .relu = query.program.nodes[relu.index] else {
                throw Failure(reason: "\(place): node \(relu.index) is not a ReLU")
            }
            guard phase[relu.index] == nil else { throw Failure(reason: "\(place): ReLU \(relu.index) is split twice") }
            // Only forms without open ReLUs are cached, so none depends on this one yet.
            for (isActive, child) in [(true, active), (false, inactive)] {
                phase[relu.index] = isActive
                phaseLevel[relu.index] = formsAtLevel.count
                formsAtLevel.append([])
                atomsAtLevel.append([])
                trail.append(.relu(relu.index, active: isActive))
                try node(child)
                trail.removeLast()
                for n in formsAtLevel.removeLast() { forms[n] = nil }
                for path in atomsAtLevel.removeLast() { atomForms[path] = nil }
            }
            phase[relu.index] = nil
        case .branch(let path, let children):
            let count: Int
            switch try activePart(path) {
            case .or(let parts): count = parts.count
            case .cases(let cases): count = cases.count
            default: throw Failure(reason: "\(place): the formula part at \(path) is not a disjunction")
            }
            guard chosen[path] == nil else { throw Failure(reason: "\(place): the disjunction at \(path) is split twice") }
            guard children.count == count else {
                throw Failure(reason: "\(place): the disjunction at \(path) has \(count) parts but the proof covers \(children.count)")
            }
            for (k, child) in children.enumerated() {
                chosen[path] = k
                trail.append(.part(k, of: path))
                try node(child)
                trail.removeLast()
            }
            chosen[path] = nil
        case .sign(let path, let positive, let negative):
            guard case .notZero(let e) = try activePart(path) else {
                throw Failure(reason: "\(place): the formula part at \(path) is not a disequality")
            }
            guard signs[path] == nil else { throw Failure(reason: "\(place): the disequality at \(path) is split twice") }
            let f = try form(of: e).form
            for (relation, child) in [(Relation.greater, positive), (.less, negative)] {
                signs[path] = Inequality(form: f, relation: relation)
                trail.append(.sign(path, positive: relation == .greater))
                try node(child)
                trail.removeLast()
            }
            signs[path] = nil
        case .faces:
            throw Failure(reason: "\(place): faces may only be split at the root")
        case .enumerated:
            throw Failure(reason: "\(place): enumeration may only prove a whole integer domain")
        }
    }

    /// The root split of a homogeneous query into the faces of the box.
    private mutating func checkFaces(_ children: [QueryProof]) throws(Failure) {
        guard query.isPositivelyHomogeneous else { throw Failure(reason: "faces are split only for positively homogeneous queries") }
        switch query.domain {
        case .reals: box = (-1, 1)
        case .box(let low, let high) where low.signum <= 0 && high.signum >= 0: break
        default: throw Failure(reason: "faces need a box around 0")
        }
        guard let (low, high) = box else { throw Failure(reason: "faces need a box") }
        let origin = Array(repeating: Rational.zero, count: width)
        guard !query.formula.holds(query.program.evaluate(at: origin)) else {
            throw Failure(reason: "x = 0 satisfies the query, so the faces do not cover every solution")
        }
        let faces = QueryProof.faceOrder(width: width, low: low, high: high)
        guard children.count == faces.count else {
            throw Failure(reason: "the box has \(faces.count) faces but the proof covers \(children.count)")
        }
        for ((i, value), child) in zip(faces, children) {
            var x = AffineForm.input(i, width: width)
            x.constant = -value
            face = Inequality(form: PathForm(inputs: x), relation: .equal)
            trail.append(.face(i, value))
            try node(child)
            trail.removeLast()
            face = nil
        }
    }

    private mutating func enumerate(low: Int, high: Int) throws(Failure) {
        for x in IntegerGrid(low: low, high: high, dimension: width) {
            if query.formula.holds(query.program.evaluate(at: x)) {
                throw Failure(reason: "x = \(x.map(\.description)) satisfies the query")
            }
            leaves += 1
        }
    }

    // MARK: - Leaves

    /// Farkas' lemma: with `y >= 0` on `<=`/`<` rows and `y <= 0` on
    /// `>=`/`>` rows, `sum y (a x + c) rel 0` must cancel every variable and
    /// leave `sum y c > 0`, or `= 0` with a strict row, which no x satisfies.
    private mutating func refute(_ terms: [ProofTerm]) throws(Failure) {
        var sum = PathForm(inputs: .zero(width: width))
        var strict = false
        for term in terms {
            let y = term.multiplier
            let row = try inequality(term.constraint)
            let upper = row.relation == .less || row.relation == .lessOrEqual
            let lower = row.relation == .greater || row.relation == .greaterOrEqual
            if (upper && y.signum < 0) || (lower && y.signum > 0) {
                throw Failure(reason: "\(place): multiplier \(y) of \(term.constraint) has the wrong sign")
            }
            if y.isZero { continue }
            if row.relation == .less || row.relation == .greater { strict = true }
            sum.add(y, row.form)
        }
        if let i = sum.inputs.coefficients.firstIndex(where: { !$0.isZero }) {
            throw Failure(reason: "\(place): the combination leaves \(sum.inputs.coefficients[i]) x[\(i)]")
        }
        if let node = sum.open.keys.min() {
            throw Failure(reason: "\(place): the combination depends on ReLU \(node), whose phase is open on this path")
        }
        let constant = sum.inputs.constant
        guard constant.signum > 0 || (constant.isZero && strict) else {
            throw Failure(reason: "\(place): the combination gives \(-constant) \(strict ? ">" : ">=") 0, no contradiction")
        }
        leaves += 1
    }

    private mutating func inequality(_ constraint: ProofConstraint) throws(Failure) -> Inequality {
        switch constraint {
        case .boxLower(let i), .boxUpper(let i):
            guard let (low, high) = box, (0..<width).contains(i) else { throw Failure(reason: "\(place): no box bound \(constraint)") }
            var x = AffineForm.input(i, width: width)
            if case .boxLower = constraint {
                x.constant = -low
                return Inequality(form: PathForm(inputs: x), relation: .greaterOrEqual)
            }
            x.constant = -high
            return Inequality(form: PathForm(inputs: x), relation: .lessOrEqual)
        case .face:
            guard let face else { throw Failure(reason: "\(place): the path lies on no face") }
            return face
        case .reluSide(let relu):
            guard phase.indices.contains(relu.index), let active = phase[relu.index], case .relu(let operand) = query.program.nodes[relu.index] else {
                throw Failure(reason: "\(place): ReLU \(relu.index) is not split on this path")
            }
            return Inequality(form: try form(operand.index).form, relation: active ? .greaterOrEqual : .less)
        case .signSide(let path):
            guard let side = signs[path] else {
                throw Failure(reason: "\(place): the disequality at \(path) is not split on this path")
            }
            return side
        case .atom(let path):
            guard case .atom(let atom) = try activePart(path) else {
                throw Failure(reason: "\(place): the formula part at \(path) is not an atom")
            }
            if let known = atomForms[path] { return Inequality(form: known, relation: atom.relation) }
            let (f, level) = try form(of: atom.expression)
            if f.open.isEmpty {
                atomForms[path] = f
                atomsAtLevel[level].append(path)
            }
            return Inequality(form: f, relation: atom.relation)
        }
    }

    // MARK: - Formula and forms

    /// The formula part at `path`, which must hold on this branch: every
    /// `or` and `cases` above it is split toward it.
    private func activePart(_ path: FormulaPath) throws(Failure) -> Formula {
        var current = query.formula
        for (depth, index) in path.enumerated() {
            switch current {
            case .and: break
            case .or: guard chosen[Array(path[..<depth])] == index else { throw Failure(reason: "\(place): \(path) lies in a disjunct not chosen on this path") }
            case .cases: guard chosen[Array(path[..<depth])] == index / 2 else { throw Failure(reason: "\(place): \(path) lies in a case not chosen on this path") }
            default: throw Failure(reason: "\(place): \(path) is not a part of the formula")
            }
            guard let next = current.part(at: [index]) else { throw Failure(reason: "\(place): \(path) is not a part of the formula") }
            current = next
        }
        return current
    }

    /// An expression's value on the path, and the deepest decision level it depends on.
    private mutating func form(of e: LinearExpression) throws(Failure) -> (form: PathForm, level: Int) {
        var result = PathForm(inputs: .zero(width: width))
        result.inputs.constant = e.constant
        var level = 0
        for term in e.terms {
            let part = try form(term.node.index)
            result.add(term.coefficient, part.form)
            level = max(level, part.level)
        }
        return (result, level)
    }

    /// The node's value on the path, and the deepest decision level it
    /// depends on.
    private mutating func form(_ index: Int) throws(Failure) -> (form: PathForm, level: Int) {
        if let known = forms[index] { return known }
        var result: (form: PathForm, level: Int)
        switch query.program.nodes[index] {
        case .input(let k): result = (PathForm(inputs: .input(k, width: width)), 0)
        case .affine(let terms, let constant):
            result = (PathForm(inputs: .zero(width: width)), 0)
            result.form.inputs.constant = constant
            for term in terms {
                let part = try form(term.node.index)
                result.form.add(term.coefficient, part.form)
                result.level = max(result.level, part.level)
            }
        case .relu(let operand):
            guard let active = phase[index] else {
                // Open on this path: the ReLU's value is a variable of its own.
                return (PathForm(inputs: .zero(width: width), open: [index: .one]), formsAtLevel.count - 1)
            }
            let z = try form(operand.index)
            result = (active ? z.form : PathForm(inputs: .zero(width: width)), max(z.level, phaseLevel[index]))
        }
        if result.form.open.isEmpty {
            forms[index] = result
            formsAtLevel[result.level].append(index)
        }
        return result
    }
}
