import ExactArithmetic
import PiecewiseLinear
import Testing
import _TestSupport

@Suite struct NodeCombinationTests {
    @Test func affineNodesUnfoldIntoInputsAndReLUs() {
        var p = Program(inputCount: 2)
        let (x0, x1) = (p.inputs[0], p.inputs[1])
        let a = p.addAffine([LinearTerm(2, x0), LinearTerm(-1, x1)], constant: 3)
        let r = p.addReLU(a)
        let b = p.addAffine([LinearTerm(Rational(1, 2), a), LinearTerm(4, r)], constant: -1)
        let unfolded = p.unfoldedNodes
        #expect(unfolded[x0.index] == NodeCombination(terms: [x0.index: 1]))
        #expect(unfolded[r.index] == NodeCombination(terms: [r.index: 1]))
        // b = 1/2 (2 x0 - x1 + 3) + 4 r - 1 = x0 - 1/2 x1 + 4 r + 1/2
        #expect(unfolded[b.index] == NodeCombination(terms: [x0.index: 1, x1.index: Rational(-1, 2), r.index: 4], constant: Rational(1, 2)))
    }

    @Test func cancellingTermsLeaveNoZeros() {
        var c = NodeCombination(terms: [0: 1, 1: 2], constant: 1)
        c.add(-1, NodeCombination(terms: [0: 1], constant: 1))
        #expect(c == NodeCombination(terms: [1: 2]))
    }

    /// Unfolding agrees with exact evaluation wherever the ReLU values are
    /// taken from the evaluation itself.
    @Test func unfoldingAgreesWithEvaluation() throws {
        var rng = SplitMix64(seed: 11)
        let network = try RandomRNN.make(hidden: 3, length: 3, bias: true, using: &rng)
        let unrolled = UnrolledRNN(network)
        let program = unrolled.program
        let unfolded = program.unfoldedNodes
        for _ in 0..<20 {
            let x = (0..<3).map { _ in Rational(Int.random(in: -50...50, using: &rng), 8) }
            let values = program.evaluate(at: x)
            for (i, combination) in unfolded.enumerated() {
                let value = combination.terms.reduce(combination.constant) { $0 + $1.value * values[$1.key] }
                #expect(value == values[i])
            }
        }
    }
}
