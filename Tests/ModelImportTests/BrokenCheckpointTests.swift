import ExactArithmetic
import Testing
import _TestSupport
@testable import ModelImport

/// Each damaged or hostile file gives a one-line error naming the problem.
@Suite struct BrokenCheckpointTests {
    private func error(_ bytes: [UInt8]) -> CheckpointError? {
        do {
            _ = try Checkpoint(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func truncatedZip() throws {
        let bytes = try FixtureFiles.bytes("rnn_2_2.pth")
        let failure = try #require(error(Array(bytes.prefix(bytes.count / 2))))
        guard case .corruptArchive(let reason) = failure else { Issue.record("got \(failure)"); return }
        #expect(reason.contains("end-of-central-directory"))
        #expect(!failure.description.contains("\n"))
    }

    @Test func wrongMagic() throws {
        var bytes = try FixtureFiles.bytes("rnn_2_2.pth")
        bytes[0] = UInt8(ascii: "X")
        #expect(error(bytes) == .unrecognizedFormat(firstBytes: "58 4b 03 04 00 00 08 08"))
        #expect(error([]) == .unrecognizedFormat(firstBytes: "empty file"))
    }

    @Test func legacyFormatIsNamed() throws {
        #expect(error(try FixtureFiles.bytes("rnn_2_2.legacy.pth")) == .legacyTorchFormat)
    }

    @Test func unknownGlobalIsRefusedNotRun() {
        let bytes = StoredZipWriter.stateDict(global: "os\nsystem\n", numel: 1, shape: [1], stride: [1], storageFloats: [1])
        #expect(error(bytes) == .forbiddenGlobal(module: "os", name: "system"))
        #expect(error(bytes)?.description.contains("os.system") == true)
    }

    @Test func storageShorterThanItsTensor() {
        let declaredTooMany = StoredZipWriter.stateDict(numel: 8, shape: [8], stride: [1], storageFloats: [1, 2])
        #expect(error(declaredTooMany) == .storageTooShort(name: "w", neededBytes: 32, availableBytes: 8))
        let viewPastEnd = StoredZipWriter.stateDict(numel: 2, shape: [3], stride: [1], storageFloats: [1, 2])
        #expect(error(viewPastEnd) == .storageTooShort(name: "w", neededBytes: 12, availableBytes: 8))
    }

    @Test func hugeDeclaredSize() {
        let bytes = StoredZipWriter.stateDict(numel: 1, shape: [1 << 30, 1 << 30], stride: [1, 1], storageFloats: [1])
        guard case .invalidTensor(let name, let reason) = error(bytes) else { Issue.record("expected invalidTensor"); return }
        #expect(name == "w")
        #expect(reason.contains("larger than"))
    }

    @Test func nonFiniteWeight() {
        let bytes = StoredZipWriter.stateDict(numel: 2, shape: [2], stride: [1], storageFloats: [1, .nan])
        guard case .invalidTensor(_, let reason) = error(bytes) else { Issue.record("expected invalidTensor"); return }
        #expect(reason.contains("not a finite number"))
    }

    @Test func picklesThatLoopOrExplodeEndInErrors() {
        // A list appended to itself: self-referential, and never walked.
        let selfList: [UInt8] = [0x80, 2, UInt8(ascii: "]"), UInt8(ascii: "q"), 0, UInt8(ascii: "h"), 0, UInt8(ascii: "a"), UInt8(ascii: ".")]
        #expect(error(StoredZipWriter.withPickle(selfList)) == .notAStateDict("the pickled object is a list"))
        // A dict that holds itself.
        let selfDict: [UInt8] = [0x80, 2, UInt8(ascii: "}"), UInt8(ascii: "q"), 0] + StoredZipWriter.unicode("a") + [UInt8(ascii: "h"), 0, UInt8(ascii: "s"), UInt8(ascii: ".")]
        #expect(error(StoredZipWriter.withPickle(selfDict)) == .notAStateDict("'a' holds a dict, not a tensor"))
        // Millions of operations: stopped by the operation budget.
        let busy = [0x80, 2] + [UInt8](repeating: UInt8(ascii: "N"), count: 6_000_000)
        #expect(error(StoredZipWriter.withPickle(busy)) == .pickleTooComplex("more than 5000000 operations"))
        // No STOP: the stream simply ends.
        guard case .corruptPickle(_, let reason) = error(StoredZipWriter.withPickle([0x80, 2, UInt8(ascii: "N")])) else {
            Issue.record("expected corruptPickle"); return
        }
        #expect(reason.contains("truncated"))
        // Deeply nested marks.
        let nested = [0x80, 2] + [UInt8](repeating: UInt8(ascii: "("), count: 1000)
        #expect(error(StoredZipWriter.withPickle(nested)) == .pickleTooComplex("marks nested deeper than 256"))
    }

    @Test func opcodesAStateDictNeverUses() {
        let inst: [UInt8] = [0x80, 2, UInt8(ascii: "i")] + Array("os\nsystem\n".utf8)
        #expect(error(StoredZipWriter.withPickle(inst)) == .unsupportedOpcode(opcode: UInt8(ascii: "i"), offset: 2))
    }

    @Test func corruptedPayloadFailsItsChecksum() throws {
        var bytes = try FixtureFiles.bytes("rnn_2_2.pth")
        bytes[960] ^= 0x01  // first byte of data/0 (rnn_2_2.dis.txt: data@960)
        #expect(error(bytes) == .corruptArchive("entry 'rnn_2_2/data/0' fails its CRC-32 check"))
    }

    @Test func corruptSafetensorsHeader() throws {
        var bytes = try FixtureFiles.bytes("rnn_2_2.safetensors")
        bytes[7] = 0xFF  // the high byte of the header length: 2^56 and more
        guard case .corruptSafetensors(let reason) = error(bytes) else { Issue.record("expected corruptSafetensors"); return }
        #expect(reason.contains("header length"))
        var garbled = try FixtureFiles.bytes("rnn_2_2.safetensors")
        garbled[9] = UInt8(ascii: "]")
        #expect(error(garbled) == .corruptSafetensors("header is not a JSON object"))
    }

    @Test func safetensorsMetadataIsIgnoredAndIncompleteEntriesAreNamed() throws {
        func file(_ header: String) -> [UInt8] {
            let json = Array(header.utf8)
            let length = (0..<8).map { UInt8((UInt64(json.count) >> (8 * UInt64($0))) & 0xFF) }
            return length + json + [0, 0, 0x80, 0x3F]  // one float32: 1.0
        }
        let complete = try Checkpoint(bytes: file(#"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#))
        #expect(complete.tensors.map(\.name) == ["w"])
        #expect(complete.tensors.first?.doubles == [1])
        #expect(error(file(#"{"w":{"dtype":"F32","shape":[1]}}"#)) == .corruptSafetensors("entry 'w' lacks dtype, shape or data_offsets"))
        #expect(error(file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#)) == .corruptSafetensors("entry 'w' lacks dtype, shape or data_offsets"))
        #expect(error(file(#"{"w":"#)) == .corruptSafetensors("header is not a JSON object"))
    }

    @Test func unknownArchitectureListsTensors() throws {
        let checkpoint = try Checkpoint(contentsOf: FixtureFiles.path("edge_views.pth"))
        #expect(throws: CheckpointError.self) { try Network(checkpoint: checkpoint) }
        do {
            _ = try Network(checkpoint: checkpoint)
        } catch {
            #expect(error.description.contains("a [2, 3], a_t [3, 2], a_row1 [3]"))
        }
    }

    @Test func missingFileAndDirectory() {
        #expect(throws: CheckpointError.unreadable(path: "/nonexistent.pth", reason: "no such file")) {
            try Checkpoint(contentsOf: "/nonexistent.pth")
        }
        #expect(throws: CheckpointError.unreadable(path: "/tmp", reason: "is a directory")) {
            try Checkpoint(contentsOf: "/tmp")
        }
    }

    @Test("every truncation of a real file is an error, never a crash")
    func everyTruncation() throws {
        let bytes = try FixtureFiles.bytes("rnn_2_2.pth")
        for length in 0..<bytes.count {
            #expect(error(Array(bytes.prefix(length))) != nil, "prefix of \(length) bytes was accepted")
        }
    }

    @Test("random byte mutations never crash the reader", arguments: [UInt64(21), 22, 23])
    func mutationFuzz(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for name in ["rnn_2_2.pth", "transformer_4_4.pth", "rnn_2_2.safetensors"] {
            let original = try FixtureFiles.bytes(name)
            for _ in 0..<700 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                // Either outcome is fine; reaching the next line is the test.
                if let checkpoint = try? Checkpoint(bytes: bytes) {
                    #expect(checkpoint.tensors.allSatisfy { $0.values.count == $0.shape.reduce(1, *) })
                }
            }
        }
    }
}
