import ExactArithmetic
import ModelImport
import Testing
import _TestSupport

@Suite struct TransformerReferenceTests {
    @Test("float32 evaluation of both transformers matches PyTorch's recorded logits")
    func matchesPyTorch() throws {
        let reference = try ReferenceOutputs.load()
        let transformers = reference.models.values.filter { $0.kind == "transformer" }
        #expect(transformers.count == 2)
        for model in transformers {
            let checkpoint = try Checkpoint(contentsOf: ReferenceOutputs.exampleModelPath(model.file))
            guard case .transformer(let network) = try Network(checkpoint: checkpoint) else {
                Issue.record("\(model.file) is not recognised as a transformer")
                continue
            }
            for testCase in model.cases {
                let tokens = testCase.input.compactMap { input -> Int? in
                    if case .token(let t) = input { return t }
                    return nil
                }
                let logits = network.float32Forward(tokens).logits
                let expected = testCase.logits.compactMap(Double.init)
                let scale = expected.map(abs).max() ?? 1
                #expect(logits.count == expected.count)
                for (a, b) in zip(logits, expected) {
                    // PyTorch's fused attention orders its sums differently;
                    // agreement is to float32 rounding of the largest logit.
                    #expect(abs(Double(a) - b) <= 1e-4 * max(1, scale), "\(model.file): \(a) vs \(b)")
                }
            }
        }
    }
}
