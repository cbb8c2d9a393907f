public import Claims
import Dispatch
import ExactArithmetic
import Foundation
import PiecewiseLinear
import Simplex

/// Decides a ``Query`` by splitting on ReLU phases and on disjunctions,
/// with an exact simplex at every node of the tree (Reluplex-style case
/// splitting; Katz et al. 2017).
///
/// Before searching, the query is evaluated exactly at seeded sample points
/// (cheap refutation first: a point found this way is as valid as one from
/// the LP). The search then decides ReLUs by depth (for an unrolled RNN,
/// time order: once steps 1..t are fixed, `z[t+1]` is affine in x on the
/// region), fixing a phase without splitting when interval bounds over the
/// input box decide it. Conditions are asserted as soon as they are affine;
/// case splits whose conditions are ready are taken first, since they cut
/// the input space into disjoint regions. `a != b` is split only when a
/// candidate point lies on `a == b`.
public struct CaseSplitSearch: Sendable {
    /// Decides `query` within `budget`.
    public static func solve(_ query: Query, budget: SearchBudget = SearchBudget()) -> SearchOutcome {
        if case .integers(let low, let high) = query.domain {
            return enumerate(query, low: low, high: high, budget: budget)
        }
        if query.formula == .constant(false) {
            // Lowering already decided it (a claim that restates the model).
            var statistics = SearchStatistics()
            statistics.coverage = 1
            return .unsatisfiable(proof: budget.recordsProofs ? .formulaFalse([]) : unrecorded, statistics: statistics)
        }
        var search = CaseSplitSearch(query: query, budget: budget)
        return search.run()
    }

    fileprivate enum Stop: Error {
        case budget(String)
        /// Another worker found a solution on an earlier face.
        case moot
    }

    private let query: Query
    private let budget: SearchBudget
    private let width: Int
    /// Needed ReLU nodes in split order (by depth, then node order).
    private let reluOrder: [NodeID]
    /// For each node: its ReLU's split position, or -1.
    private let position: [Int]
    /// For each node: the largest split position in its cone, or -1.
    private let coneReady: [Int]
    private let needed: [Bool]
    private let box: (low: Rational, high: Rational)?
    /// Whether the query is positively homogeneous and the box contains 0,
    /// so a solution other than 0 scales out onto a face of the box.
    private let searchFaces: Bool
    private let root: Condition
    private var phase: [Bool]
    private var formCache: [AffineForm?]
    /// Nodes whose cached form depends on the decision at each position.
    private var cachedAt: [[Int]]
    private var simplex: RationalSimplex
    /// Where each constraint in the simplex came from, in assertion order.
    private var origins: [ProofConstraint] = []
    /// The face the path lies on, as a row over input nodes.
    private var faceRow: NodeCombination?
    /// The sides of disequalities split on the path, and their depths.
    private var signSides: [FormulaPath: (row: NodeCombination, depth: Int)] = [:]
    /// All decisions on the path (ReLU phases, branches, signs, faces):
    /// a refutation's reasons are the depths of the decisions it uses.
    private var depth = 0
    /// The depth at which each split position was decided, or -1.
    private var phaseDepth: [Int]
    /// The depth at which each branched `or` / `cases` was split.
    private var branchDepth: [FormulaPath: Int] = [:]
    /// Every node unfolded into inputs and ReLU nodes.
    private let unfolded: [NodeCombination]
    /// Scratch space for lifting refutations: a sum by node (kept zero
    /// between uses) and which nodes it holds.
    private var liftSum: [Rational]
    private var liftTouched: [Bool]
    private var statistics = SearchStatistics()
    private let started = ContinuousClock.now
    /// When searching one face among parallel workers: its index and the
    /// workers' shared state.
    private var face: (index: Int, work: FaceWork)?

    private init(query: Query, budget: SearchBudget) {
        self.query = query
        self.budget = budget
        width = query.inputs.count
        let nodes = query.program.nodes
        let needed = query.program.dependencies(of: query.formula.nodes)
        var depth = Array(repeating: 0, count: nodes.count)
        for (i, node) in nodes.enumerated() where needed[i] {
            switch node {
            case .input: depth[i] = 0
            case .affine(let terms, _): depth[i] = terms.map { depth[$0.node.index] }.max() ?? 0
            case .relu(let operand): depth[i] = depth[operand.index] + 1
            }
        }
        let relus = nodes.indices.filter { i in
            if case .relu = nodes[i], needed[i] { return true }
            return false
        }
        reluOrder = relus.sorted { (depth[$0], $0) < (depth[$1], $1) }.map { NodeID($0) }
        var position = Array(repeating: -1, count: nodes.count)
        for (p, id) in reluOrder.enumerated() { position[id.index] = p }
        var coneReady = Array(repeating: -1, count: nodes.count)
        for (i, node) in nodes.enumerated() where needed[i] {
            switch node {
            case .input: coneReady[i] = -1
            case .affine(let terms, _): coneReady[i] = terms.map { coneReady[$0.node.index] }.max() ?? -1
            case .relu(let operand): coneReady[i] = max(coneReady[operand.index], position[i])
            }
        }
        self.position = position
        self.coneReady = coneReady
        self.needed = needed
        root = Condition(query.formula) { e in e.terms.map { coneReady[$0.node.index] }.max() ?? -1 }
        let homogeneous = query.isPositivelyHomogeneous
        switch query.domain {
        case .box(let low, let high):
            box = (low, high)
            searchFaces = homogeneous && low.signum <= 0 && high.signum >= 0
        case .reals:
            // A positively homogeneous query with a solution p also has the
            // solution p / max|p_i| in the box, so restricting to [-1, 1]^n
            // changes no verdict.
            box = homogeneous ? (-1, 1) : nil
            searchFaces = homogeneous
        case .integers:
            box = nil
            searchFaces = false
        }
        phase = Array(repeating: false, count: reluOrder.count)
        phaseDepth = Array(repeating: -1, count: reluOrder.count)
        unfolded = query.program.unfoldedNodes
        liftSum = Array(repeating: .zero, count: nodes.count)
        liftTouched = Array(repeating: false, count: nodes.count)
        formCache = Array(repeating: nil, count: nodes.count)
        cachedAt = Array(repeating: [], count: reluOrder.count)
        simplex = RationalSimplex(variableCount: width)
    }

    // MARK: - Driver

    private mutating func run() -> SearchOutcome {
        if let point = sampledSolution() {
            statistics.coverage = 1
            return .satisfiable(point: point, statistics: statistics)
        }
        if let (low, high) = box {
            for i in 0..<width {
                var coefficients = Array(repeating: Rational.zero, count: width)
                coefficients[i] = .one
                assert(LinearConstraint(coefficients, .greaterOrEqual, low), from: .boxLower(i))
                assert(LinearConstraint(coefficients, .lessOrEqual, high), from: .boxUpper(i))
            }
        }
        do {
            let result = try searchFaces ? exploreFaces() : explore(pending: [root], disequalities: [], nextRelu: 0, weight: 1)
            statistics.coverage = 1
            switch result {
            case .solution(let point): return .satisfiable(point: point, statistics: statistics)
            case .closed(let proof, _): return .unsatisfiable(proof: proof, statistics: statistics)
            }
        } catch {
            if case .budget(let reason) = error { return .unknown(reason: reason, statistics: statistics) }
            return .unknown(reason: "\(error)", statistics: statistics)
        }
    }

    /// Searches a homogeneous query on the faces of the box. Every node is
    /// zero at x = 0, so inside the full box both phases of every ReLU stay
    /// feasible (the apex of every cone) and no split is ever pruned. The
    /// solution set is a cone: either 0 is a solution, or some solution p
    /// scaled by the largest factor that keeps it in the box lies on a face
    /// x_i = low or x_i = high.
    private mutating func exploreFaces() throws(Stop) -> Explored {
        let origin = Array(repeating: Rational.zero, count: width)
        if query.formula.holds(query.program.evaluate(at: origin, only: needed)) { return .solution(origin) }
        guard let (low, high) = box else { preconditionFailure("face search without a box") }
        let faces = QueryProof.faceOrder(width: width, low: low, high: high)
        // Every face starts from a copy of this state, so the proof is the
        // same whichever worker searches it and in whatever order.
        let work = FaceWork(count: faces.count)
        let template = self
        let jobs = min(budget.jobs, faces.count)
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while let k = work.nextFace() {
                var worker = template
                worker.face = (k, work)
                worker.statistics = SearchStatistics()
                let result: Result<Explored, Stop>
                do throws(Stop) {
                    result = .success(try worker.exploreFace(faces[k], share: 1 / Double(faces.count)))
                } catch {
                    result = .failure(error)
                }
                work.finish(k, result: result, statistics: worker.statistics)
            }
        }
        var proofs: [QueryProof] = []
        for k in faces.indices {
            guard let (result, statistics) = work.outcome(k) else { preconditionFailure("face \(k) was not searched") }
            self.statistics.regions += statistics.regions
            self.statistics.splits += statistics.splits
            self.statistics.backjumps += statistics.backjumps
            self.statistics.phasesFixedByBounds += statistics.phasesFixedByBounds
            self.statistics.feasibilityChecks += statistics.feasibilityChecks
            self.statistics.coverage += statistics.coverage
            switch result {
            case .success(.solution(let point)): return .solution(point)
            case .success(.closed(let proof, _)): proofs.append(proof)
            case .failure(let stop): throw stop
            }
        }
        return .closed(budget.recordsProofs ? .faces(proofs) : Self.unrecorded, [])
    }

    /// Searches one face `x[i] = value` of the box.
    private mutating func exploreFace(_ face: (input: Int, value: Rational), share: Double) throws(Stop) -> Explored {
        var coefficients = Array(repeating: Rational.zero, count: width)
        coefficients[face.input] = .one
        faceRow = NodeCombination(terms: [query.inputs[face.input].index: .one], constant: -face.value)
        depth += 1
        assert(LinearConstraint(coefficients, .equal, face.value), from: .face)
        return try explore(pending: [root], disequalities: [], nextRelu: 0, weight: share)
    }

    /// What stands for a proof when the budget asks for none: an empty
    /// refutation, which no checker accepts.
    static let unrecorded = QueryProof.refuted([])

    /// Evaluates the query at seeded sample points: the origin, signed unit
    /// vectors, and random dyadic points with and without ties.
    private func sampledSolution() -> [Rational]? {
        var rng = SampleGenerator(seed: 0x5EED)
        var candidates: [[Rational]] = [Array(repeating: .zero, count: width)]
        for i in 0..<width {
            for sign in [Rational.one, -1] {
                var e = Array(repeating: Rational.zero, count: width)
                e[i] = sign
                candidates.append(e)
            }
        }
        for round in 0..<256 {
            var x = (0..<width).map { _ in rng.nextGaussianDyadic() }
            if round % 4 == 3, width > 1 {
                let (i, j) = (rng.next(below: width), rng.next(below: width))
                x[i] = x[j]
            }
            candidates.append(x)
        }
        for var x in candidates {
            if case .box(let low, let high) = query.domain {
                x = x.map { Rational.minimum(high, Rational.maximum(low, $0)) }
            }
            if query.formula.holds(query.program.evaluate(at: x, only: needed)) { return x }
        }
        return nil
    }

    // MARK: - Affine forms

    /// The node's value as an affine function of x on the current region.
    ///
    /// - Precondition: every ReLU in the node's cone is decided.
    private mutating func form(_ index: Int) -> AffineForm {
        if let cached = formCache[index] { return cached }
        let result: AffineForm
        switch query.program.nodes[index] {
        case .input(let k): result = .input(k, width: width)
        case .affine(let terms, let constant):
            var f = AffineForm.zero(width: width)
            f.constant = constant
            for term in terms { f.add(term.coefficient, form(term.node.index)) }
            result = f
        case .relu(let operand):
            result = phase[position[index]] ? form(operand.index) : .zero(width: width)
        }
        formCache[index] = result
        if coneReady[index] >= 0 { cachedAt[coneReady[index]].append(index) }
        return result
    }

    private mutating func form(of e: LinearExpression) -> AffineForm {
        var result = AffineForm.zero(width: width)
        result.constant = e.constant
        for term in e.terms { result.add(term.coefficient, form(term.node.index)) }
        return result
    }

    /// Forgets forms that depend on decisions at `position` or later.
    private mutating func invalidateForms(from position: Int) {
        for p in position..<cachedAt.count {
            for node in cachedAt[p] { formCache[node] = nil }
            cachedAt[p].removeAll(keepingCapacity: true)
        }
    }

    // MARK: - Search

    /// A region's outcome: a solution, or a proof that it has none.
    fileprivate enum Explored {
        case solution([Rational])
        /// The proof, and the depths of the decisions on the path it uses.
        case closed(QueryProof, Set<Int>)
    }

    /// The depths of the branches that made the formula part at `path` active.
    private func activation(_ path: FormulaPath) -> Set<Int> {
        var reasons = Set<Int>()
        for length in 0..<path.count {
            if let d = branchDepth[Array(path[..<length])] { reasons.insert(d) }
        }
        return reasons
    }

    private mutating func checkBudget() throws(Stop) {
        if let (index, work) = face, work.isMoot(index) { throw .moot }
        if let limit = budget.maximumRegions, (face?.work.regions ?? statistics.regions) >= limit {
            throw .budget("explored the maximum of \(limit) regions")
        }
        if let timeout = budget.timeout, ContinuousClock.now - started > .seconds(timeout) {
            throw .budget("timed out after \(timeout) s")
        }
    }

    private mutating func push() { simplex.push() }

    private mutating func pop() {
        simplex.pop()
        origins.removeSubrange(simplex.constraints.count...)
    }

    private mutating func assert(_ constraint: LinearConstraint, from origin: ProofConstraint) {
        simplex.assert(constraint)
        origins.append(origin)
    }

    private mutating func check() -> FeasibilityResult {
        statistics.feasibilityChecks += 1
        return simplex.check()
    }

    /// The refutation a simplex conflict gives, in terms of where each
    /// constraint came from.
    private mutating func refutation(_ certificate: FarkasCertificate) -> Explored {
        lift(certificate.multipliers.map { (origins[$0.constraint], $0.multiplier) })
    }

    /// Lifts a refutation found over x (where each node is an affine form
    /// given the phases) to input and ReLU nodes: the same multipliers,
    /// plus each ReLU's definition (`h - z = 0` or `h = 0`) where needed to
    /// cancel h, latest first. A phase whose h cancels on its own is not
    /// needed: the refutation holds whichever phase that ReLU takes.
    private mutating func lift(_ terms: [(ProofConstraint, Rational)]) -> Explored {
        var reasons = Set<Int>()
        var proofTerms: [ProofTerm] = []
        // The combination so far, by node, with a max-heap of the nodes it touches.
        var heap = Heap()
        func add(_ c: Rational, _ row: NodeCombination) {
            for (k, a) in row.terms {
                if !liftTouched[k] {
                    liftTouched[k] = true
                    heap.push(k)
                }
                liftSum[k] += c * a
            }
        }
        for (origin, y) in terms {
            proofTerms.append(ProofTerm(origin, y))
            let row: NodeCombination
            switch origin {
            case .boxLower(let i), .boxUpper(let i):
                guard let (low, high) = box else { preconditionFailure("box bound without a box") }
                let bound: Rational
                if case .boxLower = origin { bound = low } else { bound = high }
                row = NodeCombination(terms: [query.inputs[i].index: .one], constant: -bound)
            case .face:
                guard let faceRow else { preconditionFailure("face constraint off a face") }
                row = faceRow
                reasons.insert(0)
            case .reluSide(let relu):
                guard case .relu(let operand) = query.program.nodes[relu.index] else { preconditionFailure("not a ReLU") }
                row = unfolded[operand.index]
                reasons.insert(phaseDepth[position[relu.index]])
            case .signSide(let path):
                guard let side = signSides[path] else { preconditionFailure("no sign split at \(path)") }
                row = side.row
                reasons.insert(side.depth)
            case .atom(let path):
                guard case .atom(let atom) = query.formula.part(at: path) else { preconditionFailure("no atom at \(path)") }
                row = unfold(atom.expression)
                reasons.formUnion(activation(path))
            }
            add(y, row)
        }
        while let r = heap.pop() {
            let c = liftSum[r]
            liftSum[r] = .zero
            liftTouched[r] = false
            guard !c.isZero, case .relu(let operand) = query.program.nodes[r] else { continue }
            let p = position[r]
            precondition(p >= 0 && phaseDepth[p] >= 0, "a refutation uses an undecided ReLU")
            reasons.insert(phaseDepth[p])
            if phase[p] { add(c, unfolded[operand.index]) }
        }
        return .closed(budget.recordsProofs ? .refuted(proofTerms) : Self.unrecorded, reasons)
    }

    private func unfold(_ e: LinearExpression) -> NodeCombination {
        var result = NodeCombination(constant: e.constant)
        for term in e.terms { result.add(term.coefficient, unfolded[term.node.index]) }
        return result
    }

    private mutating func close(_ weight: Double) {
        statistics.regions += 1
        face?.work.addRegion()
        statistics.coverage += weight
        if statistics.regions & 4095 == 0, let progress = budget.progress { progress(statistics) }
    }

    /// Explores the current region; returns a solution point, or a proof
    /// that the region has none.
    private mutating func explore(pending: [Condition], disequalities: [(Condition, LinearExpression)], nextRelu: Int, weight: Double) throws(Stop) -> Explored {
        try checkBudget()
        var queue = pending
        var waiting: [Condition] = []
        var ready: [(LinearConstraint, FormulaPath)] = []
        var disequalities = disequalities
        var branch: Condition?
        var branchSize = Int.max
        while let c = queue.popLast() {
            switch c.kind {
            case .constant(true): continue
            case .constant(false):
                close(weight)
                return .closed(.formulaFalse(c.path), activation(c.path))
            case .and(let parts): queue += parts
            case .atom(let atom) where c.ready < nextRelu:
                let g = form(of: atom.expression)
                ready.append((LinearConstraint(g.coefficients, atom.relation, -g.constant), c.path))
            case .notZero(let e) where c.ready < nextRelu:
                disequalities.append((c, e))
            case .cases where c.conditionsReady < nextRelu:
                // Prefer case splits (disjoint regions), then small disjunctions.
                if branchSize > 0 {
                    if let previous = branch { waiting.append(previous) }
                    branch = c
                    branchSize = 0
                } else {
                    waiting.append(c)
                }
            case .or(let parts) where c.ready < nextRelu && branchSize > 0 && parts.count < branchSize:
                if let previous = branch { waiting.append(previous) }
                branch = c
                branchSize = parts.count
            default:
                waiting.append(c)
            }
        }
        push()
        defer { pop() }
        for (constraint, path) in ready { assert(constraint, from: .atom(path)) }
        var point: [Rational]?
        if !ready.isEmpty || nextRelu == reluOrder.count {
            switch check() {
            case .infeasible(let certificate):
                close(weight)
                return refutation(certificate)
            case .feasible(let p):
                point = p
            }
        }
        if let branch {
            // Once every node is affine, the region's own point may already
            // satisfy the whole query: try it before expanding disjunctions.
            if nextRelu == reluOrder.count, let p = point, query.formula.holds(query.program.evaluate(at: p, only: needed)) {
                close(weight)
                return .solution(p)
            }
            let parts: [Condition]
            switch branch.kind {
            case .cases(let cases): parts = cases.map { Condition(andOf: [$0.condition, $0.body]) }
            case .or(let alternatives): parts = alternatives
            default: preconditionFailure("branching on a condition that is not a disjunction")
            }
            let share = weight / Double(parts.count)
            let myDepth = depth
            depth += 1
            branchDepth[branch.path] = myDepth
            defer {
                branchDepth[branch.path] = nil
                depth -= 1
            }
            var proofs: [QueryProof] = []
            var reasons = activation(branch.path)
            for (k, part) in parts.enumerated() {
                switch try explore(pending: waiting + [part], disequalities: disequalities, nextRelu: nextRelu, weight: share) {
                case .solution(let found): return .solution(found)
                case .closed(let proof, let used):
                    if !used.contains(myDepth) {
                        // This part's proof never used its choice: it closes the whole region.
                        statistics.coverage += share * Double(parts.count - k - 1)
                        if k + 1 < parts.count { statistics.backjumps += 1 }
                        return .closed(proof, used)
                    }
                    proofs.append(proof)
                    reasons.formUnion(used)
                }
            }
            reasons.remove(myDepth)
            return .closed(budget.recordsProofs ? .branch(branch.path, proofs) : Self.unrecorded, reasons)
        }
        if nextRelu < reluOrder.count {
            return try split(nextRelu, pending: waiting, disequalities: disequalities, weight: weight)
        }
        precondition(waiting.isEmpty, "conditions left after every node is affine")
        guard let p = point else { preconditionFailure("leaf without a point") }
        close(weight)
        return try placeDisequalities(disequalities, point: p)
    }

    /// Finds a point of the feasible leaf region P off every disequality's
    /// hyperplane, or proves there is none. P is convex and P ∩ {e > 0},
    /// when not empty, is relatively open in P, so a later e' vanishes on it
    /// only if e' vanishes on all of P: choosing a feasible strict side for
    /// each disequality in turn, without branching, is complete. When some
    /// e' has no feasible side, e' = 0 on all of P, which the proof shows
    /// by refuting `P and e' > 0` and `P and e' < 0`.
    private mutating func placeDisequalities(_ disequalities: [(Condition, LinearExpression)], point: [Rational]) throws(Stop) -> Explored {
        if disequalities.isEmpty { return .solution(point) }
        var p = point
        var vanishing: LinearExpression?
        push()
        for (c, e) in disequalities {
            let f = form(of: e)
            let value = f.value(at: p)
            if !value.isZero {
                assert(LinearConstraint(f.coefficients, value.signum > 0 ? .greater : .less, -f.constant), from: .signSide(c.path))
                continue
            }
            var placed = false
            for relation in [Relation.greater, .less] {
                let side = LinearConstraint(f.coefficients, relation, -f.constant)
                push()
                assert(side, from: .signSide(c.path))
                let result = check()
                pop()
                if case .feasible(let q) = result {
                    assert(side, from: .signSide(c.path))
                    p = q
                    placed = true
                    break
                }
            }
            if !placed {
                vanishing = e
                break
            }
        }
        if vanishing == nil, case .feasible(let q) = check() { p = q }
        pop()
        if let e = vanishing { return try proofOfVanishing(e, on: disequalities) }
        return .solution(p)
    }

    /// The proof that `e` is 0 on the whole current region.
    private mutating func proofOfVanishing(_ e: LinearExpression, on disequalities: [(Condition, LinearExpression)]) throws(Stop) -> Explored {
        guard let path = disequalities.first(where: { $0.1 == e })?.0.path else { preconditionFailure("unknown disequality") }
        let f = form(of: e)
        var sides: [QueryProof] = []
        var reasons = activation(path)
        let myDepth = depth
        depth += 1
        defer {
            depth -= 1
            signSides[path] = nil
        }
        for relation in [Relation.greater, .less] {
            push()
            defer { pop() }
            signSides[path] = (unfold(e), myDepth)
            assert(LinearConstraint(f.coefficients, relation, -f.constant), from: .signSide(path))
            guard case .infeasible(let certificate) = check(), case .closed(let proof, let used) = refutation(certificate) else {
                throw .budget("internal error: a disequality that vanishes on part of a region does not vanish on all of it")
            }
            sides.append(proof)
            reasons.formUnion(used)
        }
        reasons.remove(myDepth)
        return .closed(budget.recordsProofs ? .sign(path, positive: sides[0], negative: sides[1]) : Self.unrecorded, reasons)
    }

    /// Fixes the phase of the ReLU at split position `p`, splitting when
    /// bounds do not decide it.
    private mutating func split(_ p: Int, pending: [Condition], disequalities: [(Condition, LinearExpression)], weight: Double) throws(Stop) -> Explored {
        let relu = reluOrder[p]
        guard case .relu(let operand) = query.program.nodes[relu.index] else { preconditionFailure("split on a non-ReLU") }
        let z = form(operand.index)
        // z >= 0 versus z < 0: together they cover everything, and where
        // z = 0 both phases give h = 0, so the boundary belongs to one side
        // only. (z <= 0 would keep both branches feasible whenever the
        // region touches z = 0, which it often does.)
        let constraints = [
            LinearConstraint(z.coefficients, .greaterOrEqual, -z.constant),
            LinearConstraint(z.coefficients, .less, -z.constant),
        ]
        var fixed: Bool?
        if let (low, high) = box {
            let range = z.range(low: low, high: high)
            if range.low.signum >= 0 {
                fixed = true
            } else if range.high.signum < 0 {
                fixed = false
            }
        }
        if fixed != nil { statistics.phasesFixedByBounds += 1 } else { statistics.splits += 1 }
        let share = weight / (fixed == nil ? 2 : 1)
        let myDepth = depth
        depth += 1
        phaseDepth[p] = myDepth
        defer {
            depth -= 1
            phaseDepth[p] = -1
        }
        var proofs: [QueryProof] = []
        var reasons = Set<Int>()
        for (side, active) in [true, false].enumerated() {
            phase[p] = active
            let outcome: Explored
            if let fixed, fixed != active {
                // The box alone rules this side out.
                outcome = lift(boxRefutation(of: constraints[side], relu: relu))
            } else {
                push()
                defer { pop() }
                if fixed == nil {
                    assert(constraints[side], from: .reluSide(relu))
                    if case .infeasible(let certificate) = check() {
                        close(share)
                        outcome = refutation(certificate)
                    } else {
                        invalidateForms(from: p)
                        outcome = try explore(pending: pending, disequalities: disequalities, nextRelu: p + 1, weight: share)
                    }
                } else {
                    invalidateForms(from: p)
                    outcome = try explore(pending: pending, disequalities: disequalities, nextRelu: p + 1, weight: share)
                }
            }
            switch outcome {
            case .solution(let point): return .solution(point)
            case .closed(let proof, let used):
                if !used.contains(myDepth) {
                    // Neither this phase nor the split was needed: the proof closes the parent region.
                    if side == 0, fixed == nil {
                        statistics.coverage += share
                        statistics.backjumps += 1
                    }
                    return .closed(proof, used)
                }
                proofs.append(proof)
                reasons.formUnion(used)
            }
        }
        reasons.remove(myDepth)
        return .closed(budget.recordsProofs ? .relu(relu, active: proofs[0], inactive: proofs[1]) : Self.unrecorded, reasons)
    }

    /// Refutes `constraint` (one side of a split) using the box bounds
    /// alone: `a·x rel c` with `a·x` bounded on the other side of c.
    private func boxRefutation(of constraint: LinearConstraint, relu: NodeID) -> [(ProofConstraint, Rational)] {
        // For a·x < c (or <=) with min over the box >= c: 1 * constraint,
        // plus -a_i times x_i >= low (a_i > 0) or x_i <= high (a_i < 0).
        // For a·x >= c with max over the box < c: the mirror image.
        let upperSide = constraint.relation == .less || constraint.relation == .lessOrEqual
        let sign: Rational = upperSide ? 1 : -1
        var terms: [(ProofConstraint, Rational)] = [(.reluSide(relu), sign)]
        for (i, a) in constraint.coefficients.enumerated() where !a.isZero {
            let useLower = (a.signum > 0) == upperSide
            terms.append((useLower ? .boxLower(i) : .boxUpper(i), -sign * a))
        }
        return terms
    }

    // MARK: - Integer domains

    /// The most points an integer domain may have to be enumerated.
    public static let maximumEnumeratedPoints = 1_000_000

    private static func enumerate(_ query: Query, low: Int, high: Int, budget: SearchBudget) -> SearchOutcome {
        var statistics = SearchStatistics()
        let n = query.inputs.count
        let size = high - low + 1
        var total = 1.0
        for _ in 0..<n { total *= Double(size) }
        guard total <= Double(maximumEnumeratedPoints) else {
            return .unknown(reason: "the integer domain has \(Int(total)) points; Farkas enumerates at most \(maximumEnumeratedPoints)", statistics: statistics)
        }
        for (step, x) in IntegerGrid(low: low, high: high, dimension: n).enumerated() {
            if let limit = budget.maximumRegions, statistics.regions >= limit {
                return .unknown(reason: "explored the maximum of \(limit) regions", statistics: statistics)
            }
            statistics.regions += 1
            statistics.coverage = Double(step + 1) / total
            if query.formula.holds(query.program.evaluate(at: x)) { return .satisfiable(point: x, statistics: statistics) }
        }
        return .unsatisfiable(proof: .enumerated, statistics: statistics)
    }
}

extension Condition {
    /// The conjunction of `parts`.
    convenience init(andOf parts: [Condition]) {
        self.init(kind: .and(parts), path: parts.first?.path ?? [], ready: parts.map(\.ready).max() ?? -1)
    }
}

/// What the workers searching the faces of one query share: which face is
/// next, which results are in, and the earliest face with a solution (later
/// faces stop: the search reports the earliest, as a sequential one would).
final class FaceWork: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var results: [Int: (Result<CaseSplitSearch.Explored, CaseSplitSearch.Stop>, SearchStatistics)] = [:]
    private var firstSolution = Int.max
    private var sharedRegions = 0

    init(count: Int) {
        self.count = count
    }

    /// Regions closed by all workers so far.
    var regions: Int { lock.withLock { sharedRegions } }

    func addRegion() { lock.withLock { sharedRegions += 1 } }

    func nextFace() -> Int? {
        lock.withLock {
            guard next < count, next <= firstSolution else { return nil }
            next += 1
            return next - 1
        }
    }

    func isMoot(_ face: Int) -> Bool { lock.withLock { face > firstSolution } }

    fileprivate func finish(_ face: Int, result: Result<CaseSplitSearch.Explored, CaseSplitSearch.Stop>, statistics: SearchStatistics) {
        lock.withLock {
            results[face] = (result, statistics)
            if case .success(.solution) = result { firstSolution = min(firstSolution, face) }
        }
    }

    fileprivate func outcome(_ face: Int) -> (Result<CaseSplitSearch.Explored, CaseSplitSearch.Stop>, SearchStatistics)? {
        lock.withLock { results[face] }
    }
}

/// A max-heap of node indices: lifting eliminates ReLU nodes latest first,
/// and eliminating one only adds earlier nodes.
struct Heap {
    private var items: [Int] = []

    mutating func push(_ x: Int) {
        items.append(x)
        var i = items.count - 1
        while i > 0, items[(i - 1) / 2] < items[i] {
            items.swapAt(i, (i - 1) / 2)
            i = (i - 1) / 2
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let (l, r) = (2 * i + 1, 2 * i + 2)
                var largest = i
                if l < items.count, items[l] > items[largest] { largest = l }
                if r < items.count, items[r] > items[largest] { largest = r }
                if largest == i { break }
                items.swapAt(i, largest)
                i = largest
            }
        }
        return top
    }
}

/// A seeded generator for sample points (SplitMix64).
struct SampleGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A standard Gaussian sample rounded to a multiple of 2^-12 (exact).
    mutating func nextGaussianDyadic() -> Rational {
        let u1 = (Double(next() >> 11) + 1) / 9_007_199_254_740_992
        let u2 = Double(next() >> 11) / 9_007_199_254_740_992
        let g = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
        return Rational(Int((g * 4096).rounded()), 4096)
    }
}
