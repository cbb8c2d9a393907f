#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads `.safetensors` files: a little-endian u64 header length, a JSON
/// header, then the tensors' bytes in row-major order.
enum SafetensorsReader {
    /// The longest JSON header accepted.
    static let maximumHeaderLength = 16 << 20

    static func tensors(from bytes: [UInt8]) throws(CheckpointError) -> [Tensor] {
        guard let declared = ByteReader.littleEndian(bytes, at: 0, width: 8) else {
            throw .corruptSafetensors("file is shorter than its 8-byte header length")
        }
        guard declared <= UInt64(maximumHeaderLength), Int(declared) <= bytes.count - 8 else {
            throw .corruptSafetensors("header length \(declared) exceeds the file (\(bytes.count) bytes)")
        }
        let headerEnd = 8 + Int(declared)
        guard let header = try? JSONDecoder().decode(SafetensorsHeader.self, from: Data(bytes[8..<headerEnd])) else {
            throw .corruptSafetensors("header is not a JSON object")
        }
        let buffer = bytes[headerEnd...]
        var tensors: [Tensor] = []
        for name in header.entries.keys.sorted() {
            guard let info = header.entries[name] ?? nil, info.data_offsets.count == 2 else {
                throw .corruptSafetensors("entry '\(name)' lacks dtype, shape or data_offsets")
            }
            let (dtype, shape, offsets) = (info.dtype, info.shape, info.data_offsets)
            guard let type = ScalarType(safetensorsName: dtype) else {
                throw .invalidTensor(name: name, reason: "dtype \(dtype) is not a float type Farkas reads")
            }
            let count = try Tensor.elementCount(of: shape, name: name)
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= buffer.count else {
                throw .corruptSafetensors("entry '\(name)' has offsets [\(begin), \(end)) outside the \(buffer.count)-byte buffer")
            }
            guard end - begin == count * type.byteWidth else {
                throw .storageTooShort(name: name, neededBytes: count * type.byteWidth, availableBytes: end - begin)
            }
            let start = headerEnd + begin
            let doubles = (0..<count).map { i in
                type.decode(bytes[(start + i * type.byteWidth)..<(start + (i + 1) * type.byteWidth)])
            }
            tensors.append(try Tensor(name: name, scalarType: type, shape: shape, doubles: doubles))
        }
        return tensors
    }
}

/// A safetensors JSON header: one entry per tensor, and `__metadata__`,
/// which Farkas ignores. An entry that does not decode is kept as nil so
/// the reader can name it.
private struct SafetensorsHeader: Decodable {
    struct Entry: Decodable {
        let dtype: String
        let shape: [Int]
        // swiftlint:disable:next identifier_name
        let data_offsets: [Int]
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    var entries: [String: Entry?] = [:]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys where key.stringValue != "__metadata__" {
            entries.updateValue(try? container.decode(Entry.self, forKey: key), forKey: key.stringValue)
        }
    }
}
