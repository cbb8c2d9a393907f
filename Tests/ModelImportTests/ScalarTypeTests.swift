import ExactArithmetic
import Testing
@testable import ModelImport

@Suite struct ScalarTypeTests {
    /// A safetensors file with one tensor of the given dtype and raw bytes.
    private func file(dtype: String, count: Int, bytes: [UInt8]) -> [UInt8] {
        var header = Array("{\"w\":{\"dtype\":\"\(dtype)\",\"shape\":[\(count)],\"data_offsets\":[0,\(bytes.count)]}}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        return (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header + bytes
    }

    @Test func float16ValuesAreExact() throws {
        // 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0.333251953125 (1365/4096), 0x0001 = 2^-24 (subnormal)
        let bytes: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0x55, 0x35, 0x01, 0x00]
        let tensor = try #require(try Checkpoint(bytes: file(dtype: "F16", count: 4, bytes: bytes)).tensor(named: "w"))
        #expect(tensor.values == [1, -2, Rational(1365, 4096), Rational(1).timesPowerOfTwo(-24)])
    }

    @Test func bfloat16ValuesAreExact() throws {
        // bfloat16 is the top half of a float32: 0x3F80 = 1, 0xBFC0 = -1.5, 0x4049 = 3.140625
        let bytes: [UInt8] = [0x80, 0x3F, 0xC0, 0xBF, 0x49, 0x40]
        let tensor = try #require(try Checkpoint(bytes: file(dtype: "BF16", count: 3, bytes: bytes)).tensor(named: "w"))
        #expect(tensor.values == [1, Rational(-3, 2), Rational(201, 64)])
    }

    @Test func float64ValuesAreExact() throws {
        let value = 0.1
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt64($0))) }
        let tensor = try #require(try Checkpoint(bytes: file(dtype: "F64", count: 1, bytes: bytes)).tensor(named: "w"))
        #expect(tensor.values == [try Rational(exactly: 0.1)])
    }

    @Test func float16InfinityIsRejected() {
        #expect(throws: CheckpointError.invalidTensor(name: "w", reason: "element 0 is inf, not a finite number")) {
            try Checkpoint(bytes: file(dtype: "F16", count: 1, bytes: [0x00, 0x7C]))
        }
    }

    @Test func integerDtypesAreNamed() {
        #expect(throws: CheckpointError.invalidTensor(name: "w", reason: "dtype I64 is not a float type Farkas reads")) {
            try Checkpoint(bytes: file(dtype: "I64", count: 1, bytes: [UInt8](repeating: 0, count: 8)))
        }
    }
}
