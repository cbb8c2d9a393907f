/// Writes float32 safetensors files, for building test models in memory.
package enum SafetensorsWriter {
    /// The bytes of a safetensors file holding `tensors` (name, shape,
    /// row-major float32 values).
    package static func bytes(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> [UInt8] {
        var offset = 0
        var fields: [String] = []
        var data: [UInt8] = []
        for tensor in tensors {
            let end = offset + 4 * tensor.values.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            for v in tensor.values {
                data += (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) }
            }
            offset = end
        }
        var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        while (8 + header.count) % 8 != 0 { header.append(UInt8(ascii: " ")) }
        let length = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
        return length + header + data
    }
}
