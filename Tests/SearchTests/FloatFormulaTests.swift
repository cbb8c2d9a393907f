import Claims
import Encoding
import ExactArithmetic
import ModelImport
import PiecewiseLinear
import Testing
import _TestSupport
@testable import Search
import Sampling

/// The floating screen of sample points may let a non-solution through
/// (the exact evaluation then rejects it) but must never turn a solution
/// away: exact truth implies `mayHold`.
@Suite struct FloatFormulaTests {
    @Test("the screen never rules out a point where the formula holds exactly", arguments: [UInt64(61), 62])
    func screenKeepsSolutions(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var held = 0
        var screenedOut = 0
        for index in 0..<60 {
            let (document, source, _) = try RandomClaims.document(hidden: 1...4, length: 2...4, name: "case\(index).claims", using: &rng)
            for query in document.queries {
                let n = query.inputs.count
                let needed = query.program.dependencies(of: query.formula.nodes)
                let program = FloatProgram(query.program, needed: needed)
                let screen = FloatFormula(query.formula)
                for _ in 0..<40 {
                    // Small dyadic points, with ties now and then.
                    var x = (0..<n).map { _ in Rational(Int.random(in: -8...8, using: &rng), 4) }
                    if Bool.random(using: &rng) { x[0] = x[n - 1] }
                    let holds = query.formula.holds(query.program.evaluate(at: x, only: needed))
                    let mayHold = screen.mayHold(program.evaluate(at: x.map(\.doubleApproximation)))
                    if holds { held += 1 }
                    if !mayHold { screenedOut += 1 }
                    #expect(!holds || mayHold, "the screen rules out a solution of\n\(source)at \(x)")
                }
            }
        }
        #expect(held > 100)
        #expect(screenedOut > 100)
    }

    /// Node 0 and node 1 as linear expressions.
    private let x0 = LinearForm(node: NodeID(0))
    private let x1 = LinearForm(node: NodeID(1))

    @Test func aComparisonWithinRoundingLeavesOnlyItsOwnPartOpen() {
        // x0 - x1 at (1, 1 + 1e-12) is within rounding of 0: unknown.
        let near = [1.0, 1.0 + 1e-12]
        let open = Formula.compare(x0, .less, x1)
        #expect(FloatFormula(open).mayHold(near))
        #expect(FloatFormula(.all([open, .compare(x0, .greater, LinearForm(constant: 2))])).mayHold(near) == false)
        #expect(FloatFormula(.any([open.negated, .compare(x0, .greater, LinearForm(constant: 2))])).mayHold(near))
        #expect(FloatFormula(.split([
            Formula.Case(condition: open, body: .constant(false)),
            Formula.Case(condition: open.negated, body: .compare(x0, .greater, LinearForm(constant: 2))),
        ])).mayHold(near) == false)
    }

    @Test func termsThatAreAllZeroAreExactlyZero() {
        // At a tie of zeros, x0 != x1 fails for certain, so "distinct and
        // anything" is ruled out; a tie away from zero is only within rounding.
        let distinct = Formula.all([.differ(x0, x1), .compare(x0, .greaterOrEqual, x1)])
        #expect(FloatFormula(distinct).mayHold([0, 0]) == false)
        #expect(FloatFormula(distinct).mayHold([1, 1]))
        #expect(FloatFormula(.compare(x0, .equal, x1)).mayHold([0, 0]))
    }
}
