package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear
package import Sampling
package import Simplex

/// Decides a ``Query`` by conflict-driven clause learning over its
/// ``ClausalEncoding``, with an exact simplex as the theory (DPLL(T), as
/// in Dutertre and de Moura 2006; the ReLU phases are literals, as in
/// Marabou's CDCL mode).
///
/// The simplex holds every ReLU output h as a variable with the root
/// relaxation `h >= 0`, `h >= z`, so a ReLU whose phase is undecided
/// costs nothing until a point of the relaxation leans on it. Each time the
/// literals assigned so far are consistent, the search evaluates the
/// query exactly at the simplex's point (a counterexample found this way
/// is as valid as any other); when that point is not a solution, it decides
/// a literal that the point's failure points to: an unsatisfied part of
/// the formula, or a ReLU whose h the relaxation bent. A conflict, in the
/// clauses or in the simplex (a Farkas combination over the literals'
/// meanings), teaches a clause that prunes every other branch where it
/// applies. Unsatisfiable queries end with a ``ClausalProof``.
package struct ConflictDrivenSearch: Sendable {
    /// Decides `query` within `budget`.
    package static func solve(_ query: Query, budget: SearchBudget = SearchBudget()) -> SearchOutcome {
        if let (points, count) = query.domain.finitePoints(dimension: query.inputs.count) {
            return FiniteEnumeration.solve(query, points: points, count: count, budget: budget)
        }
        let needed = query.program.dependencies(of: query.formula.nodes)
        let floatProgram = FloatProgram(query.program, needed: needed)
        // Cheap refutation first: doubles screen the sample points, exact
        // evaluation decides the ones that may be solutions.
        let floatFormula = FloatFormula(query.formula)
        let screen = { @Sendable (x: [Double]) in floatFormula.mayHold(floatProgram.evaluate(at: x)) }
        // The samples and the search's set-up do not depend on each other:
        // with two jobs or more the set-up runs beside the samples, and is
        // waited for only when no sample solves the query.
        let setUp = budget.jobs > 1 ? BackgroundWork { ConflictDrivenSearch(query: query, needed: needed, floatProgram: floatProgram, budget: budget) } : nil
        if let point = SamplePoints.solution(of: query, needed: needed, mayHold: screen) {
            var statistics = SearchStatistics()
            statistics.progress = 1
            return .satisfiable(point: point, statistics: statistics)
        }
        var search = setUp?.value ?? ConflictDrivenSearch(query: query, needed: needed, floatProgram: floatProgram, budget: budget)
        return search.run()
    }

    struct Stop: Error {
        let reason: String
    }

    let query: Query
    let budget: SearchBudget
    let encoding: ClausalEncoding
    /// The extension atoms this search declared on the encoding, and their unfoldings.
    let extensions: ExtensionAtoms
    let needed: [Bool]
    var theory: TheoryBridge
    let width: Int

    /// The clauses, the assignment, propagation and learning.
    var core: ClauseCore
    /// How much of the trail the theory has asserted.
    var asserted = 0

    // Heuristics.
    var activity: VariableActivity
    /// Original clauses that require a choice: (guard literal or nil, the
    /// options, the clause id).
    let choices: [(guard: Literal?, options: [Literal], clause: Int)]
    /// For each structure variable, the literals it implies, and whether
    /// one of them suffices (an `or`) or all are needed; empty for atoms.
    let structureParts: [(literals: [Literal], isDisjunction: Bool)]
    /// Whether each variable is a structure variable.
    let isStructure: [Bool]
    /// Whether each variable speaks of inputs alone: an atom over inputs,
    /// or a structure all of whose parts do.
    let overInputs: [Bool]
    /// The choices that split the input space: each option is a
    /// conjunction of comparisons of inputs alone, such as which entry
    /// comes after `k` when `k` has a given rank. The search decides them
    /// before any bent ReLU: a cone of the input space fixes what the
    /// extension atoms need to propagate along chains.
    let inputSplits: [Int]
    /// The formula's root: its literal, nil when the formula is the constant
    /// false (no entry when it is the constant true).
    let originalRoot: [Literal?]
    /// The phase variable of each ReLU (or -1 when fixed).
    let phaseVariable: [Int]
    /// The simplex variable of each input and ReLU node (-1 for other nodes).
    let variableOfNode: [Int]
    /// The needed nodes in doubles, and each ReLU's operand (unfolded, and
    /// as a node), for heuristics.
    let floatProgram: FloatProgram
    let floatOperands: [[(Int, Double)]]
    let floatOperandNode: [Int]
    /// What each atom and phase variable says, in doubles.
    let floatMeanings: FloatMeanings
    /// The query's premise in doubles: the region coverage is sampled from.
    let premise: FloatFormula
    /// An input of the region the search met, to start sampling from.
    var regionPoint: [Double]?
    /// How many decisions have tried their point for ``regionPoint``: a
    /// few suffice (coverage sampling has candidates of its own), and the
    /// premise is a large formula to evaluate at every decision.
    var regionPointTries = 0
    static let regionPointTries = 16

    /// The root lemmas when the set-up worked them out beside the rest;
    /// nil once the root is settled (or to work them out there).
    var rootLemmas: RootLemmas?
    var statistics = SearchStatistics()
    /// For the search of one case of a split: its index, and what tells
    /// it that an earlier case has decided the query.
    var caseIndex = 0
    var cancellation: CaseCancellation?
    /// Where progress reports go (the budget's, unless a split sums them).
    var reportProgress: (@Sendable (SearchStatistics) -> Void)?
    let started = ContinuousClock.now
    /// When the timeout ends the search.
    let deadline: ContinuousClock.Instant?
    var timedOut: Stop { Stop(reason: "timed out after \(budget.timeout ?? 0) s") }

    init(query: Query, needed: [Bool], floatProgram: FloatProgram, budget: SearchBudget) {
        self.query = query
        self.budget = budget
        reportProgress = budget.progress
        self.needed = needed
        deadline = budget.deadline(from: .now)
        var extended = ClausalEncoding(query)
        let extensions = ExtensionAtoms(extending: &extended)
        let encoding = extended
        self.encoding = encoding
        self.extensions = extensions
        width = encoding.inputs.count
        // The simplex's rows and the root lemmas do not depend on the rest
        // of the set-up.
        let bridge = budget.jobs > 1 ? BackgroundWork { TheoryBridge(encoding, extensions) } : nil
        let lemmas = budget.jobs > 1 ? BackgroundWork { RootLemmas(encoding, extensions) } : nil
        let n = encoding.variables.count
        core = ClauseCore(encoding.clauses, variableCount: n, recordsProofs: budget.recordsProofs)
        activity = VariableActivity(variableCount: n)
        var choices: [(guard: Literal?, options: [Literal], clause: Int)] = []
        for (id, clause) in encoding.clauses.enumerated() where clause.count >= 2 {
            if case .structure(_) = encoding.variables[clause[0].variable], clause[0].isNegative {
                choices.append((clause[0], Array(clause.dropFirst()), id))
            } else {
                choices.append((nil, clause, id))
            }
        }
        // A part a structure needs (¬S ∨ part) offers no choice: with S
        // true, unit propagation sets the part.
        choices.removeAll { $0.options.count < 2 }
        self.choices = choices
        var parts = Array(repeating: (literals: [Literal](), isDisjunction: false), count: n)
        for clause in encoding.clauses where clause.count >= 2 {
            guard case .structure(_) = encoding.variables[clause[0].variable], clause[0].isNegative else { continue }
            let v = clause[0].variable
            parts[v].literals += clause.dropFirst()
            parts[v].isDisjunction = clause.count > 2
        }
        structureParts = parts
        var overInputs = Array(repeating: false, count: n)
        let inputNodes = Set(encoding.inputs)
        for (v, variable) in encoding.variables.enumerated() {
            switch variable {
            case .atom(let atom): overInputs[v] = atom.form.nodeIndices.allSatisfy(inputNodes.contains)
            case .phase: overInputs[v] = false
            case .structure: overInputs[v] = parts[v].literals.allSatisfy { overInputs[$0.variable] }
            }
        }
        self.overInputs = overInputs
        isStructure = encoding.variables.map { if case .structure = $0 { return true } else { return false } }
        inputSplits = choices.indices.filter { c in
            choices[c].options.allSatisfy { overInputs[$0.variable] && !parts[$0.variable].literals.isEmpty && !parts[$0.variable].isDisjunction }
        }
        originalRoot = encoding.rootLiteral
        phaseVariable = encoding.phaseVariables
        self.floatProgram = floatProgram
        floatMeanings = FloatMeanings(encoding)
        premise = FloatFormula(query.premise)
        floatOperands = encoding.relus.map { relu in relu.operand.terms.map { ($0.node.index, $0.coefficient.doubleApproximation) } }
        floatOperandNode = encoding.relus.map { relu in
            if case .relu(let operand) = query.program.nodes[relu.node] { return operand.index }
            preconditionFailure("a ReLU of the encoding is not a ReLU node")
        }
        rootLemmas = lemmas?.value
        let theory = bridge?.value ?? TheoryBridge(encoding, extensions)
        self.theory = theory
        variableOfNode = theory.variableOfNode
    }

    // MARK: - Driver

    mutating func run() -> SearchOutcome {
        let ending: Ending?
        var reason = ""
        do throws(Stop) {
            if try !settleRoot() {
                ending = .refuted
            } else if let split = caseSplitToSearch() {
                return solveCases(split)
            } else {
                ending = try searchLoop()
            }
        } catch {
            ending = nil
            reason = error.reason
        }
        recordTheoryCounters()
        switch ending {
        case .solution(let point):
            statistics.progress = 1
            return .satisfiable(point: point, statistics: statistics)
        case .refuted, .assumptionRefuted:
            statistics.progress = 1
            return .unsatisfiable(proof: core.log.steps.map(completedProof) ?? Self.unrecorded, statistics: statistics)
        case .none:
            statistics.progress = progressEstimate()
            if let (closed, total) = closedOptions() {
                statistics.casesProved = closed
                statistics.cases = total
            }
            if let (ruledOut, samples) = sampledCoverage(probes: [(self, nil)]) {
                statistics.samples = samples
                statistics.samplesRuledOut = ruledOut
            }
            return .unknown(reason: reason, statistics: statistics)
        }
    }

    /// The theory's counters: exact checks, floating and exact pivots.
    var theoryCounters: (exactChecks: Int, floatPivots: Int, exactPivots: Int) {
        (theory.exactChecks, theory.steering.pivotCount, theory.simplex.pivotCount)
    }

    /// Copies the theory's counters since `base` into the statistics.
    mutating func recordTheoryCounters(since base: (exactChecks: Int, floatPivots: Int, exactPivots: Int) = (0, 0, 0)) {
        let now = theoryCounters
        statistics.exactChecks = now.exactChecks - base.exactChecks
        statistics.floatPivots = now.floatPivots - base.floatPivots
        statistics.exactPivots = now.exactPivots - base.exactPivots
    }

    /// What stands for a proof when the budget asks for none: an empty
    /// proof, which no checker accepts.
    static let unrecorded = QueryProof.clausal(ClausalProof(steps: []))

    /// How a search ends.
    enum Ending {
        /// A solution of the query.
        case solution([Rational])
        /// The empty clause is derived: the query has no solution.
        case refuted
        /// The assumption's negation is derived (a unit clause): its case
        /// has no solution.
        case assumptionRefuted
    }

    /// Asserts the clauses and propagates at level 0: their units, then
    /// the clauses and the simplex to a fixed point. False when that
    /// derives the empty clause.
    mutating func settleRoot() throws(Stop) -> Bool {
        if let crossing = theory.rootConflict {
            let lemma = addLemma(crossing)
            core.deriveEmpty(from: lemma)
            return false
        }
        addRootLemmas(rootLemmas ?? RootLemmas(encoding, extensions))
        rootLemmas = nil
        guard core.watchAndAssertUnits() else { return false }
        while let conflict = try propagateAndCheck() {
            statistics.conflicts += 1
            if !resolve(conflict) { return false }
        }
        return true
    }

    /// Searches from a settled root until a solution, a refutation, or,
    /// with an `assumption` (assumed whenever the search is at level 0),
    /// a refutation of the assumption.
    mutating func searchLoop(assumption: Literal? = nil) throws(Stop) -> Ending {
        var restartLimit = Self.restartUnit
        var conflictsSinceRestart = 0
        var lubyIndex = 1
        while true {
            try checkBudget()
            if let conflict = try propagateAndCheck() {
                statistics.conflicts += 1
                conflictsSinceRestart += 1
                if !resolve(conflict) { return .refuted }
                continue
            }
            if conflictsSinceRestart >= restartLimit {
                statistics.restarts += 1
                conflictsSinceRestart = 0
                lubyIndex += 1
                restartLimit = Self.restartUnit * Self.luby(lubyIndex)
                backtrack(to: 0)
                continue
            }
            if core.decisionLevel == 0, let assumption, core.literalValue(assumption) != 1 {
                if core.literalValue(assumption) == -1 { return .assumptionRefuted }
                openLevel()
                core.assign(assumption, reason: -1)
                continue
            }
            switch try decide() {
            case .solution(let point): return .solution(point)
            case .conflict(let conflict):
                statistics.conflicts += 1
                conflictsSinceRestart += 1
                if !resolve(conflict) { return .refuted }
            case .decision(let literal):
                statistics.decisions += 1
                if case .phase = encoding.variables[literal.variable] { statistics.phaseDecisions += 1 }
                openLevel()
                core.assign(literal, reason: -1)
            }
        }
    }

    /// Conflicts between restarts are this times the Luby sequence.
    static let restartUnit = 100

    /// The Luby sequence 1, 1, 2, 1, 1, 2, 4, ... (restart intervals).
    static func luby(_ i: Int) -> Int {
        var size = 1
        var sequence = 0
        while size < i + 1 {
            sequence += 1
            size = 2 * size + 1
        }
        var x = i
        while size - 1 != x {
            size = (size - 1) >> 1
            sequence -= 1
            x %= size
        }
        return 1 << sequence
    }

    private mutating func checkBudget() throws(Stop) {
        if let cancellation, cancellation.isCancelled(caseIndex) { throw Stop(reason: "cancelled") }
        if let limit = budget.maximumConflicts, statistics.conflicts >= limit {
            throw Stop(reason: "reached the maximum of \(limit) conflicts")
        }
        if let deadline, ContinuousClock.now > deadline { throw timedOut }
        if statistics.decisions & 1023 == 0, let progress = reportProgress {
            statistics.progress = progressEstimate()
            progress(statistics)
        }
    }

    /// Eén and Sörensson's estimate (MiniSat) of the share of the search
    /// space already ruled out: each assigned variable counts, weighted by
    /// 1/n per decision level above it (n variables); level 0 counts in full.
    func progressEstimate() -> Double {
        let n = Double(max(1, core.value.count))
        var estimate = 0.0
        var weight = 1.0
        for level in 0...core.decisionLevel {
            let begin = level == 0 ? 0 : core.levelStarts[level - 1]
            let end = level == core.decisionLevel ? core.trail.count : core.levelStarts[level]
            estimate += weight * Double(end - begin)
            weight /= n
        }
        return estimate / n
    }

    /// The widest case split the query requires outright (its guard true
    /// at level 0), such as which input is second largest, and how many of
    /// its cases are refuted for good: the cases partition the input range,
    /// and each refuted one is a part of it with no solution.
    func closedOptions() -> (closed: Int, total: Int)? {
        guard let options = widestCaseSplit()?.options else { return nil }
        return (options.filter { core.literalValue($0) == -1 && core.level[$0.variable] == 0 }.count, options.count)
    }

    /// The widest case split, when searching its cases one by one pays:
    /// none of its options holds at level 0 and at least two are open.
    func caseSplitToSearch() -> (clause: Int, guard: Literal, options: [Literal])? {
        guard let split = widestCaseSplit(), !split.options.contains(where: { core.literalValue($0) == 1 }),
            split.options.count(where: { core.literalValue($0) == 0 }) >= 2
        else { return nil }
        return split
    }

    /// The widest case split the query requires outright: the clause id of
    /// its choice `¬guard ∨ option ∨ ...`, its guard (true at level 0), and
    /// its options.
    func widestCaseSplit() -> (clause: Int, guard: Literal, options: [Literal])? {
        var widest: (clause: Int, guard: Literal, options: [Literal])?
        for (guardLiteral, options, clause) in choices where options.count > (widest?.options.count ?? 1) {
            guard let guardLiteral, core.literalValue(guardLiteral) == -1, core.level[guardLiteral.variable] == 0,
                case .structure(.cases) = encoding.variables[guardLiteral.variable]
            else { continue }
            widest = (clause, guardLiteral, options)
        }
        return widest
    }

    // MARK: - Levels

    /// Opens a decision level in the core and the theory.
    mutating func openLevel() {
        core.openLevel()
        theory.pushLevel()
    }

    /// Backtracks the core and the theory to `target`.
    mutating func backtrack(to target: Int) {
        guard let mark = core.backtrack(to: target) else { return }
        asserted = min(asserted, mark)
        theory.backtrack(to: target)
    }

    // MARK: - Propagation

    /// Unit propagation in the core, counted; returns a falsified clause.
    mutating func propagate() -> Int? {
        let start = core.propagated
        defer { statistics.propagations += core.propagated - start }
        return core.propagate()
    }

    /// Unit propagation, then the theory: the clause a conflict falsifies.
    mutating func propagateAndCheck() throws(Stop) -> Int? {
        if let conflict = propagate() { return conflict }
        return try assertTheory()
    }

    /// Asserts the meaning of every newly assigned literal and checks the
    /// simplex; returns the lemma clause of a conflict.
    mutating func assertTheory() throws(Stop) -> Int? {
        while asserted < core.trail.count {
            let l = core.trail[asserted]
            asserted += 1
            if let crossing = theory.assert(l) { return addLemma(crossing) }
        }
        statistics.theoryChecks += 1
        switch theory.check(deadline: deadline, assignment: core.value) {
        case .feasible: return nil
        case .infeasible(let multipliers): return addLemma(multipliers)
        case .interrupted: throw timedOut
        }
    }

    // MARK: - Lemmas

    /// Adds the lemma a conflict proves and returns its clause id.
    mutating func addLemma(_ multipliers: [(reason: Int, multiplier: Rational)]) -> Int {
        statistics.lemmas += 1
        let (clause, terms) = theory.lemma(multipliers)
        return core.addLemma(clause, terms: terms)
    }
}
