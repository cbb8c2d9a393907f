import ExactArithmetic
import Testing
@testable import ModelImport

@Suite struct CheckpointReadingTests {
    @Test func readsAlgZooShapedRNN() throws {
        let checkpoint = try Checkpoint(contentsOf: FixtureFiles.path("rnn_2_2.pth"))
        #expect(checkpoint.format == .torchZip)
        #expect(checkpoint.tensors.map(\.name) == ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "linear.weight"])
        #expect(checkpoint.tensors.map(\.shape) == [[2, 1], [2, 2], [2, 2]])
        let input = try #require(checkpoint.tensor(named: "rnn.weight_ih_l0"))
        // rnn_2_2.dis.txt: values(float.hex) = ['-0x1.5af244p-8', '0x1.846d38p-2']
        #expect(input.values[0] == -Rational(0x15AF244).timesPowerOfTwo(-32))
        #expect(input.values[1] == Rational(0x1846D38).timesPowerOfTwo(-26))
    }

    @Test func safetensorsTwinHasIdenticalRationals() throws {
        let pth = try Checkpoint(contentsOf: FixtureFiles.path("rnn_2_2.pth"))
        let safe = try Checkpoint(contentsOf: FixtureFiles.path("rnn_2_2.safetensors"))
        #expect(safe.format == .safetensors)
        for tensor in pth.tensors {
            let twin = try #require(safe.tensor(named: tensor.name))
            #expect(twin.values == tensor.values)
            #expect(twin.shape == tensor.shape)
        }
    }

    @Test func honoursStridesOffsetsAndSharedStorage() throws {
        let checkpoint = try Checkpoint(contentsOf: FixtureFiles.path("edge_views.pth"))
        let a = try #require(checkpoint.tensor(named: "a"))
        let transposed = try #require(checkpoint.tensor(named: "a_t"))
        let row = try #require(checkpoint.tensor(named: "a_row1"))
        #expect(a.values == (0..<6).map { Rational($0) })
        #expect(transposed.shape == [3, 2])
        #expect(transposed.values == [0, 3, 1, 4, 2, 5].map { Rational($0) })
        #expect(row.values == [3, 4, 5].map { Rational($0) })
    }

    @Test func recognisesTheTransformer() throws {
        let checkpoint = try Checkpoint(contentsOf: FixtureFiles.path("transformer_4_4.pth"))
        guard case .transformer(let model) = try Network(checkpoint: checkpoint) else {
            Issue.record("not recognised as a transformer")
            return
        }
        #expect(model.hiddenSize == 4)
        #expect(model.layers.count == 2)
        #expect(model.sequenceLength == 4)
        #expect(model.parameterCount == 4 * 4 + 4 * 4 + 2 * (12 * 4 + 16) + 4 * 4)
    }

    @Test func readsATwoStorageStateDictBuiltHere() throws {
        let bytes = StoredZipWriter.stateDict(numel: 3, shape: [3], stride: [1], storageFloats: [0.5, -2, 0.25])
        let checkpoint = try Checkpoint(bytes: bytes)
        #expect(checkpoint.tensor(named: "w")?.values == [Rational(1, 2), -2, Rational(1, 4)])
    }
}
