@testable import ModelImport

/// Writes minimal stored-entry zip archives, to craft damaged and hostile
/// checkpoints in tests.
enum StoredZipWriter {
    static func archive(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func le(_ v: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = Int(CRC32.checksum(entry.data))
            let offset = out.count
            out += le(0x0403_4B50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(crc, 4)
            out += le(entry.data.count, 4) + le(entry.data.count, 4) + le(name.count, 2) + le(0, 2) + name + entry.data
            directory += le(0x0201_4B50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(crc, 4)
            directory += le(entry.data.count, 4) + le(entry.data.count, 4) + le(name.count, 2) + le(0, 2) + le(0, 2)
            directory += le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name
        }
        let directoryOffset = out.count
        out += directory
        out += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(entries.count, 2) + le(entries.count, 2)
        out += le(directory.count, 4) + le(directoryOffset, 4) + le(0, 2)
        return out
    }

    /// A one-tensor state dict `{"w": tensor}` whose storage holds
    /// `storageFloats` and whose pickle declares `numel`, `shape` and `stride`.
    static func stateDict(global: String = "torch\nFloatStorage\n", numel: Int, shape: [Int], stride: [Int], storageFloats: [Float]) -> [UInt8] {
        var p: [UInt8] = [0x80, 2]
        p += Array("ccollections\nOrderedDict\n".utf8) + [UInt8(ascii: ")"), UInt8(ascii: "R"), UInt8(ascii: "(")]
        p += unicode("w")
        p += Array("ctorch._utils\n_rebuild_tensor_v2\n".utf8) + [UInt8(ascii: "(")]
        p += [UInt8(ascii: "(")] + unicode("storage") + Array(("c" + global).utf8) + unicode("0") + unicode("cpu")
        p += int(numel) + [UInt8(ascii: "t"), UInt8(ascii: "Q")]
        p += int(0) + tuple(shape) + tuple(stride) + [0x89, UInt8(ascii: "}"), UInt8(ascii: "t"), UInt8(ascii: "R")]
        p += [UInt8(ascii: "u"), UInt8(ascii: ".")]
        let storage = storageFloats.flatMap { f in (0..<4).map { UInt8(truncatingIfNeeded: f.bitPattern >> (8 * UInt32($0))) } }
        return archive([("m/data.pkl", p), ("m/byteorder", Array("little".utf8)), ("m/data/0", storage)])
    }

    /// An archive whose data.pkl is exactly `pickle`.
    static func withPickle(_ pickle: [UInt8]) -> [UInt8] {
        archive([("m/data.pkl", pickle)])
    }

    static func unicode(_ s: String) -> [UInt8] {
        let b = Array(s.utf8)
        return [UInt8(ascii: "X")] + (0..<4).map { UInt8(truncatingIfNeeded: b.count >> (8 * $0)) } + b
    }

    static func int(_ v: Int) -> [UInt8] {
        [UInt8(ascii: "J")] + (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
    }

    static func tuple(_ values: [Int]) -> [UInt8] {
        [UInt8(ascii: "(")] + values.flatMap(int) + [UInt8(ascii: "t")]
    }
}
