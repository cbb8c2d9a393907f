/// Bounds-checked little-endian reads from a byte buffer.
///
/// Every read past the end throws instead of trapping, so damaged input can
/// never crash the reader.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    /// Builds the error thrown when a read would pass the end.
    let truncated: @Sendable (Int) -> CheckpointError

    init(_ bytes: [UInt8], position: Int = 0, truncated: @escaping @Sendable (Int) -> CheckpointError) {
        self.bytes = bytes
        self.position = position
        self.truncated = truncated
    }

    var isAtEnd: Bool { position >= bytes.count }

    mutating func byte() throws(CheckpointError) -> UInt8 {
        guard position < bytes.count else { throw truncated(position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: Int) throws(CheckpointError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else { throw truncated(position) }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func uint16() throws(CheckpointError) -> UInt16 {
        UInt16(truncatingIfNeeded: try littleEndian(2))
    }

    mutating func uint32() throws(CheckpointError) -> UInt32 {
        UInt32(truncatingIfNeeded: try littleEndian(4))
    }

    mutating func uint64() throws(CheckpointError) -> UInt64 {
        try littleEndian(8)
    }

    private mutating func littleEndian(_ width: Int) throws(CheckpointError) -> UInt64 {
        let slice = try take(width)
        var value: UInt64 = 0
        for (shift, b) in slice.enumerated() { value |= UInt64(b) << (8 * UInt64(shift)) }
        return value
    }

    /// Reads a little-endian unsigned integer at an absolute offset.
    static func littleEndian(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64? {
        guard offset >= 0, width <= bytes.count, offset <= bytes.count - width else { return nil }
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return value
    }
}
