import Certificates
import Claims
import Encoding
import ExactArithmetic
import Foundation
import ModelImport
import Models
import PiecewiseLinear
@testable import Search
import Testing
import _TestSupport

/// Exact optimization against z3's Optimize on exported queries, against
/// brute force on grids, and on the cases with no plain optimum.
@Suite struct OptimizationTests {
    static let cases = DifferentialZ3Tests.environment["FARKAS_OPT_CASES"].flatMap(Int.init) ?? 250

    /// z3's answer to an exported optimization.
    enum Z3Optimum: Equatable {
        case infeasible
        /// `value + epsilon · ε` for an infinitesimal ε (a bound that is
        /// approached, not attained).
        case value(Rational, epsilon: Rational)
        case infinite(sign: Int)
        case unknown(String)
    }

    @Test("optima agree with z3's Optimize on random RNNs and objectives")
    func agreesWithZ3Optimize() throws {
        #expect(try DifferentialZ3Tests.z3("(check-sat)\n") == "sat", "z3 is needed for this test (apt-get install z3)")
        var rng = SplitMix64(seed: DifferentialZ3Tests.seed &+ 5000)
        var tally: [String: Int] = [:]
        for index in 0..<Self.cases {
            let (document, source, _) = try RandomClaims.document(hidden: 1...3, length: 1...3, optimization: true, name: "case\(index).claims", using: &rng)
            let query = try #require(document.queries.first)
            let outcome = BranchAndBound.solve(query, budget: SearchBudget(maximumConflicts: 20_000, coverageTime: nil))
            let ours = try Self.checked(outcome, query, "case \(index)\n\(source)")
            let theirs = Self.parse(try DifferentialZ3Tests.z3Output(query.smtLIB, seconds: 30))
            let verdict = Self.compare(ours, theirs, maximize: query.kind == .maximize)
            tally[verdict, default: 0] += 1
            #expect(!verdict.hasPrefix("disagree"), "case \(index): Farkas \(ours), z3 \(theirs)\n\(source)")
        }
        print("optimization against z3: \(tally.sorted { $0.key < $1.key })")
        let compared = Self.cases - tally.filter { $0.key.hasPrefix("z3 unknown") || $0.key == "farkas unknown" }.values.reduce(0, +)
        #expect(compared >= Self.cases * 9 / 10, "only \(compared) compared: \(tally)")
        // Each kind of answer occurs, or the comparison proves little.
        for kind in ["attained", "unbounded", "infeasible"] { #expect(tally[kind, default: 0] >= Self.cases / 50, "too few \(kind): \(tally)") }
    }

    /// How Farkas's answer compares with z3's. z3 4.8 reports a supremum
    /// that no input attains as some value below it (0 for `a < 1`), so
    /// there only "not beyond" is checked.
    static func compare(_ ours: Z3Optimum, _ theirs: Z3Optimum, maximize: Bool) -> String {
        switch (ours, theirs) {
        case (.unknown, _): return "farkas unknown"
        case (_, .unknown(let text)): return "z3 unknown (\(text.prefix(20)))"
        case (.infeasible, .infeasible): return "infeasible"
        case (.infinite(let a), .infinite(let b)) where a == b: return "unbounded"
        case (.value(let a, let e), .value(let b, let f)) where e.isZero: return a == b && f.isZero ? "attained" : "disagree"
        case (.value(let a, _), .value(let b, let f)):
            if a == b && !f.isZero { return "not attained" }
            return (maximize ? b < a : b > a) ? "not attained (z3 short of the bound)" : "disagree"
        default: return "disagree"
        }
    }

    /// Farkas's outcome as z3 would print it, after checking it exactly:
    /// proofs through the independent checker, points by replay.
    static func checked(_ outcome: OptimizationOutcome, _ query: Query, _ context: String) throws -> Z3Optimum {
        let objective = try #require(query.objective)
        let sign = query.kind == .maximize ? 1 : -1
        switch outcome {
        case .unknown: return .unknown("budget")
        case .infeasible(let proof, _):
            #expect(throws: Never.self, "infeasibility proof rejected: \(context)") { try ProofChecker(query: query.premiseWitness).check(proof) }
            return .infeasible
        case .unbounded(let point, let direction, _):
            for t in [Rational(0), Rational(1), Rational(1000)] {
                let x = zip(point, direction).map { $0 + t * $1 }
                let values = query.program.evaluate(at: x)
                #expect(query.premise.holds(values), "the ray leaves the region at t = \(t): \(context)")
                let grown = try #require(objective.value(values)) - (try #require(objective.value(query.program.evaluate(at: point))))
                #expect(t.isZero || (Rational(sign) * grown).signum > 0, "the objective does not improve along the ray: \(context)")
            }
            return .infinite(sign: sign)
        case .optimum(let optimum, _):
            let values = query.program.evaluate(at: optimum.point)
            #expect(query.premise.holds(values), "the point is outside the region: \(context)")
            #expect(throws: Never.self, "bound proof rejected: \(context)") { try ProofChecker(query: query.boundQuery(optimum.value)).check(optimum.boundProof) }
            let reached = try #require(objective.value(values))
            if optimum.attained == true {
                #expect(reached == optimum.value, "the point does not attain the optimum: \(context)")
                return .value(optimum.value, epsilon: .zero)
            }
            let attainment = try #require(optimum.attainmentProof)
            #expect(throws: Never.self, "attainment proof rejected: \(context)") { try ProofChecker(query: query.attainmentQuery(optimum.value)).check(attainment) }
            #expect((Rational(sign) * (optimum.value - reached)).signum > 0 && (optimum.value - reached).magnitude == optimum.gap)
            return .value(optimum.value, epsilon: Rational(-sign))
        }
    }

    /// z3's `(get-objectives)` answer: `(objectives (objective TERM))`.
    static func parse(_ output: String) -> Z3Optimum {
        let lines = output.split(separator: "\n")
        guard let first = lines.first else { return .unknown(output) }
        if first == "unsat" { return .infeasible }
        guard first == "sat", let range = output.range(of: "(objective ") else { return .unknown(String(first)) }
        var tokens = Array(SExpression.tokens(String(output[range.upperBound...])))
        tokens.removeLast(2)  // the two closing parentheses
        var position = 0
        guard let term = SExpression.parse(tokens, &position), let value = SExpression.evaluate(term) else { return .unknown(output) }
        return value
    }
}

/// Just enough of SMT-LIB terms to read z3's objectives: numbers, `+`,
/// `-`, `*`, `/`, `oo` and `epsilon`.
enum SExpression {
    indirect case atom(String)
    indirect case list([SExpression])

    static func tokens(_ text: String) -> [String] {
        text.replacingOccurrences(of: "(", with: " ( ").replacingOccurrences(of: ")", with: " ) ").split(whereSeparator: \.isWhitespace).map(String.init)
    }

    static func parse(_ tokens: [String], _ i: inout Int) -> SExpression? {
        guard i < tokens.count else { return nil }
        let token = tokens[i]
        i += 1
        guard token == "(" else { return .atom(token) }
        var items: [SExpression] = []
        while i < tokens.count, tokens[i] != ")" {
            guard let item = parse(tokens, &i) else { return nil }
            items.append(item)
        }
        i += 1
        return .list(items)
    }

    /// The term's value: a rational with an infinitesimal part, or an infinity.
    static func evaluate(_ e: SExpression) -> OptimizationTests.Z3Optimum? {
        switch e {
        case .atom("oo"): return .infinite(sign: 1)
        case .atom("epsilon"): return .value(.zero, epsilon: .one)
        case .atom(let text): return Rational(text.hasSuffix(".0") ? String(text.dropLast(2)) : text).map { .value($0, epsilon: .zero) }
        case .list(let items):
            guard case .atom(let op) = items.first else { return nil }
            let args = items.dropFirst().compactMap(evaluate)
            guard args.count == items.count - 1, !args.isEmpty else { return nil }
            return combine(op, args)
        }
    }

    private static func combine(_ op: String, _ args: [OptimizationTests.Z3Optimum]) -> OptimizationTests.Z3Optimum? {
        var (value, epsilon, infinite) = (Rational.zero, Rational.zero, 0)
        func parts(_ a: OptimizationTests.Z3Optimum) -> (Rational, Rational, Int)? {
            switch a {
            case .value(let v, let e): return (v, e, 0)
            case .infinite(let s): return (.zero, .zero, s)
            default: return nil
            }
        }
        guard let first = parts(args[0]) else { return nil }
        switch op {
        case "-" where args.count == 1: (value, epsilon, infinite) = (-first.0, -first.1, -first.2)
        case "+", "-":
            (value, epsilon, infinite) = first
            for a in args.dropFirst() {
                guard let p = parts(a) else { return nil }
                let s = Rational(op == "+" ? 1 : -1)
                (value, epsilon, infinite) = (value + s * p.0, epsilon + s * p.1, infinite + (op == "+" ? p.2 : -p.2))
            }
        case "*" where args.count == 2:
            // A constant times a term.
            guard let second = parts(args[1]), first.1.isZero, first.2 == 0 else { return nil }
            (value, epsilon, infinite) = (first.0 * second.0, first.0 * second.1, first.0.signum * second.2)
        case "/" where args.count == 2:
            guard let second = parts(args[1]), !second.0.isZero else { return nil }
            (value, epsilon, infinite) = (first.0 / second.0, first.1 / second.0, first.2)
        default: return nil
        }
        return infinite != 0 ? .infinite(sign: infinite.signum()) : .value(value, epsilon: epsilon)
    }
}

extension OptimizationTests {
    /// Brute force: on a box, no point of a grid (step 1/4) in the region
    /// beats Farkas's optimum, and Farkas's point attains it.
    @Test("no grid point beats the optimum, and the optimum's point attains it")
    func gridNeverBeatsTheOptimum() throws {
        var rng = SplitMix64(seed: 77)
        var beaten = 0
        var compared = 0
        for index in 0..<60 {
            let d = Int.random(in: 1...3, using: &rng)
            let n = Int.random(in: 1...2, using: &rng)
            let network = try RandomRNN.make(hidden: d, length: n, bias: Int.random(in: 0..<3, using: &rng) == 0, using: &rng)
            let claims = RandomClaims(d: d, n: n)
            let sense = index % 2 == 0 ? "maximize" : "minimize"
            let source = "model m = \"random.pth\"\ninput x in [-1, 1]^\(n)\n\(sense) s: \(claims.scalar(&rng)) - \(claims.scalar(&rng))\n"
            let document = try ClaimsDocument.compile(source: source, file: "grid.claims", folder: "/") { _, _ in RecurrentAdapter(network) }
            let query = try #require(document.queries.first)
            guard case .optimum(let optimum, _) = BranchAndBound.solve(query, budget: SearchBudget(maximumConflicts: 20_000, coverageTime: nil)) else {
                Issue.record("a continuous objective on a box has an optimum: \(source)")
                continue
            }
            let objective = try #require(query.objective)
            #expect(optimum.attained == true, "a box is closed, so its optimum is attained: \(source)")
            #expect(objective.value(query.program.evaluate(at: optimum.point)) == optimum.value)
            let sign = Rational(query.kind == .maximize ? 1 : -1)
            for x in IntegerGrid(low: -4, high: 4, dimension: n) {
                let point = x.map { $0 / Rational(4) }
                compared += 1
                if (sign * (try #require(objective.value(query.program.evaluate(at: point))) - optimum.value)).signum > 0 { beaten += 1 }
            }
        }
        #expect(beaten == 0, "\(beaten) of \(compared) grid points beat Farkas's optimum")
    }

    static func outcome(_ statement: String, domain: String = "R^2") throws -> (OptimizationOutcome, Query) {
        let source = "input x in \(domain)\n\(statement)\n"
        let document = try ClaimsDocument.compile(source: source, file: "cases.claims", folder: "/") { _, _ throws(CheckpointError) in
            throw CheckpointError.unreadable(path: "none", reason: "no model here")
        }
        let query = try #require(document.queries.first)
        return (BranchAndBound.solve(query, budget: SearchBudget(coverageTime: nil)), query)
    }

    @Test("an open region's supremum is reported as not attained, with a point within the stated gap")
    func supremumNotAttained() throws {
        let (outcome, query) = try Self.outcome("maximize s: x[0] + x[1] where x[0] < 1 and x[1] < 2 and x[0] > -5 and x[1] > -5")
        guard case .optimum(let optimum, _) = outcome else { Issue.record("expected an optimum, got \(outcome)"); return }
        #expect(optimum.value == Rational(3))
        #expect(optimum.attained == false)
        #expect(optimum.attainmentProof != nil)
        #expect(optimum.gap > .zero && optimum.gap <= Rational(3) / Rational.powerOfTen(12))
        #expect(query.premise.holds(query.program.evaluate(at: optimum.point)))
    }

    @Test("a homogeneous objective on R^n is unbounded along a ray, or 0")
    func homogeneousObjectives() throws {
        let (up, query) = try Self.outcome("maximize s: x[0] - 2 * x[1] where x[0] > x[1]")
        guard case .unbounded(let point, let direction, _) = up else { Issue.record("expected unbounded, got \(up)"); return }
        #expect(query.premise.holds(query.program.evaluate(at: point)))
        #expect(direction[0] - 2 * direction[1] > .zero)
        let (zero, _) = try Self.outcome("maximize s: -abs(x[0]) - abs(x[1])")
        guard case .optimum(let optimum, _) = zero else { Issue.record("expected an optimum, got \(zero)"); return }
        #expect(optimum.value == .zero && optimum.attained == true)
    }

    @Test("an empty region is infeasible, with a proof")
    func infeasibleRegion() throws {
        let (outcome, query) = try Self.outcome("minimize s: x[0] where x[0] > 1 and x[0] + x[1] < 0 and x[1] > 0")
        guard case .infeasible(let proof, _) = outcome else { Issue.record("expected infeasible, got \(outcome)"); return }
        #expect(throws: Never.self) { try ProofChecker(query: query.premiseWitness).check(proof) }
    }
}
