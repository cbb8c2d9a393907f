import ExactArithmetic
import Foundation
import ModelImport
import Models
import PiecewiseLinear
import Testing
import _TestSupport

@Suite struct ModelAdapterTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/models").standardized

    /// Every scalar signal an RNN lowers to has a float32 value of the same
    /// name, and the exact value there is within float32's reach of it.
    @Test func recurrentSignalsPairWithTheirFloat32Values() throws {
        var rng = SplitMix64(seed: 5)
        for bias in [false, true] {
            let network = try RandomRNN.make(hidden: 3, length: 4, bias: bias, using: &rng)
            let adapter = RecurrentAdapter(network)
            var program = Program(inputCount: 4)
            let inputs = program.inputs
            let lowered = try adapter.lower(into: &program, inputs: inputs)
            let x = (0..<4).map { _ in Rational(Int.random(in: -40...40, using: &rng), 16) }
            let floats = try adapter.float32Signals(at: x)
            #expect(floats.map(\.name) == lowered.namedNodes.map(\.name))
            let exact = program.evaluate(at: x)
            for ((_, node), (name, f)) in zip(lowered.namedNodes, floats) {
                let gap = (try Rational(exactly: f) - exact[node.index]).magnitude
                #expect(gap <= Rational(1, 1000) * (exact[node.index].magnitude + 1), "\(name)")
            }
            #expect(lowered.signals["h"]?.rows.first?.allSatisfy(\.isConstant) == true, "h[0] is the zero vector")
            #expect(lowered.signals["W_hh"]?.reportedAs == nil, "weights are constants, not reported")
        }
    }

    @Test func scalarOutputIsOnlyForScalarModels() throws {
        var rng = SplitMix64(seed: 6)
        let network = try RandomRNN.make(hidden: 2, length: 3, bias: false, using: &rng)
        var program = Program(inputCount: 3)
        let inputs = program.inputs
        let lowered = try RecurrentAdapter(network).lower(into: &program, inputs: inputs)
        #expect(lowered.signals["out"] == nil)
        #expect(lowered.unavailable["out"]?.instead == "logits")
    }

    @Test func transformersEvaluateInFloat32AndRefuseLowering() throws {
        let path = Self.models.appendingPathComponent("zoo_longest_cycle_4_4.pth").path
        let adapter = try ModelFamilies.adapter(contentsOf: path, sequenceLength: nil)
        #expect(adapter.architectureName == "DistTransformer")
        #expect(adapter.inputDomain == .tokens(count: 4))
        let floats = try adapter.float32Signals(at: [2, 2, 2, 0])
        let attention = floats.filter { $0.name.hasPrefix("attn[0][3]") }.map(\.value)
        #expect(attention.count == 4)
        #expect(abs(attention.reduce(0, +) - 1) < 1e-5)
        #expect(floats.filter { $0.name.hasPrefix("logits") }.count == 4)
        #expect(throws: ModelInputError.self) { try adapter.float32Signals(at: [2, 2, 2, 7]) }
        var program = Program(inputCount: 4)
        let inputs = program.inputs
        #expect(throws: ModelLoweringError.self) { try adapter.lower(into: &program, inputs: inputs) }
    }
}
