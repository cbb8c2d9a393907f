import ExactArithmetic
import PiecewiseLinear
import Testing
import _TestSupport

@Suite struct LinearFormTests {
    @Test func affineNodesUnfoldIntoInputsAndReLUs() {
        var p = Program(inputCount: 2)
        let (x0, x1) = (p.inputs[0], p.inputs[1])
        let a = p.addAffine([LinearTerm(2, x0), LinearTerm(-1, x1)], constant: 3)
        let r = p.addReLU(a)
        let b = p.addAffine([LinearTerm(Rational(1, 2), a), LinearTerm(4, r)], constant: -1)
        let unfolded = p.unfoldedNodes
        #expect(unfolded[x0.index] == LinearForm(node: x0))
        #expect(unfolded[r.index] == LinearForm(node: r))
        // b = 1/2 (2 x0 - x1 + 3) + 4 r - 1 = x0 - 1/2 x1 + 4 r + 1/2
        #expect(unfolded[b.index] == LinearForm(terms: [LinearTerm(1, x0), LinearTerm(Rational(-1, 2), x1), LinearTerm(4, r)], constant: Rational(1, 2)))
    }

    @Test func cancellingTermsLeaveNoZeros() {
        var c = LinearForm(terms: [LinearTerm(1, NodeID(0)), LinearTerm(2, NodeID(1))], constant: 1)
        c.add(-1, LinearForm(terms: [LinearTerm(1, NodeID(0))], constant: 1))
        #expect(c == LinearForm(terms: [LinearTerm(2, NodeID(1))]))
        #expect(c.terms.map(\.node) == [NodeID(1)])
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
                let value = combination.terms.reduce(combination.constant) { $0 + $1.coefficient * values[$1.node.index] }
                #expect(value == values[i])
            }
        }
    }
}

@Suite struct ProgramSharingTests {
    @Test func equalValuesAreOneNode() {
        var p = Program(inputCount: 2)
        let (x0, x1) = (p.inputs[0], p.inputs[1])
        let a = p.addAffine([LinearTerm(1, x0), LinearTerm(-1, x1)])
        let b = p.addAffine([LinearTerm(-1, x1), LinearTerm(1, x0)])
        #expect(a == b)
        #expect(p.addAffine([LinearTerm(1, x0)]) == x0)
        let r = p.addReLU(a)
        // The same operand built another way gives the same ReLU.
        let c = p.addAffine([LinearTerm(2, a), LinearTerm(-1, x0), LinearTerm(1, x1)])
        #expect(p.addReLU(c) == r)
    }

    @Test func reluOfANonnegativeValueIsTheValueAndOfANonpositiveOneIsZero() throws {
        var p = Program(inputCount: 1)
        let x = p.inputs[0]
        let r = p.addReLU(x)
        #expect(p.addReLU(r) == r)
        let sum = p.addAffine([LinearTerm(2, r)], constant: 1)
        #expect(p.addReLU(sum) == sum)
        let negative = p.addAffine([LinearTerm(-3, r)])
        let zero = p.addReLU(negative)
        #expect(p.evaluate(at: [5])[zero.index] == 0)
        #expect(p.evaluate(at: [-5])[zero.index] == 0)
        // A ReLU of a value that can take both signs stays a ReLU.
        let mixed = p.addAffine([LinearTerm(1, r)], constant: -1)
        let kept = p.addReLU(mixed)
        guard case .relu = p.nodes[kept.index] else {
            Issue.record("relu(r - 1) must stay a ReLU")
            return
        }
    }

    /// Sharing never changes a value: random programs built with repeated
    /// and nonnegative operands evaluate as their plain definition does.
    @Test func sharingPreservesValues() {
        var rng = SplitMix64(seed: 23)
        for _ in 0..<50 {
            var p = Program(inputCount: 2)
            var reference: [(Rational, Rational) -> Rational] = [{ x, _ in x }, { _, y in y }]
            var ids = [p.inputs[0], p.inputs[1]]
            for _ in 0..<12 {
                if Bool.random(using: &rng) {
                    let i = Int.random(in: 0..<ids.count, using: &rng)
                    let j = Int.random(in: 0..<ids.count, using: &rng)
                    let (a, b) = (Rational(Int.random(in: -2...2, using: &rng)), Rational(Int.random(in: -2...2, using: &rng)))
                    let c = Rational(Int.random(in: -1...1, using: &rng))
                    ids.append(p.addAffine([LinearTerm(a, ids[i]), LinearTerm(b, ids[j])], constant: c))
                    let (fi, fj) = (reference[i], reference[j])
                    reference.append { x, y in a * fi(x, y) + b * fj(x, y) + c }
                } else {
                    let i = Int.random(in: 0..<ids.count, using: &rng)
                    ids.append(p.addReLU(ids[i]))
                    let fi = reference[i]
                    reference.append { x, y in Rational.maximum(fi(x, y), .zero) }
                }
            }
            for _ in 0..<5 {
                let (x, y) = (Rational(Int.random(in: -9...9, using: &rng), 4), Rational(Int.random(in: -9...9, using: &rng), 4))
                let values = p.evaluate(at: [x, y])
                for (k, id) in ids.enumerated() { #expect(values[id.index] == reference[k](x, y)) }
            }
        }
    }
}
