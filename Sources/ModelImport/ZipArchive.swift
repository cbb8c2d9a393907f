/// The stored (uncompressed) entries of a zip archive, as `torch.save`
/// writes them.
///
/// Reads the central directory (PyTorch's local headers carry zero sizes and
/// CRCs; the real ones follow each payload), follows Zip64 records when the
/// classic fields overflow, checks every payload's CRC-32, and refuses
/// compressed entries: `torch.save` never compresses.
struct ZipArchive {
    /// One entry: its name and the byte range of its payload in the file.
    struct Entry {
        let name: String
        let range: Range<Int>
        let crc32: UInt32
    }

    let bytes: [UInt8]
    let entries: [Entry]

    /// The most entries read from one archive.
    static let maximumEntries = 100_000

    init(bytes: [UInt8]) throws(CheckpointError) {
        self.bytes = bytes
        let end = try Self.endOfCentralDirectory(in: bytes)
        var reader = ByteReader(bytes, position: end.directoryOffset) { offset in
            .corruptArchive("central directory runs past the end of the file at byte \(offset)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(min(end.entryCount, 1024))
        for index in 0..<end.entryCount {
            guard try reader.uint32() == 0x0201_4B50 else {
                throw .corruptArchive("central directory entry \(index) has a bad signature")
            }
            _ = try reader.take(6)
            let method = try reader.uint16()
            _ = try reader.take(4)
            let crc = try reader.uint32()
            var compressedSize = UInt64(try reader.uint32())
            var size = UInt64(try reader.uint32())
            let nameLength = Int(try reader.uint16())
            let extraLength = Int(try reader.uint16())
            let commentLength = Int(try reader.uint16())
            _ = try reader.take(8)
            var localOffset = UInt64(try reader.uint32())
            let name = String(decoding: try reader.take(nameLength), as: UTF8.self)
            let extra = Array(try reader.take(extraLength))
            _ = try reader.take(commentLength)
            Self.applyZip64(extra, size: &size, compressedSize: &compressedSize, localOffset: &localOffset)
            guard method == 0 else {
                throw .corruptArchive("entry '\(name)' is compressed (method \(method)); torch.save stores entries uncompressed")
            }
            guard compressedSize == size else {
                throw .corruptArchive("entry '\(name)' is stored but its sizes differ")
            }
            let range = try Self.payloadRange(in: bytes, localOffset: localOffset, size: size, name: name)
            entries.append(Entry(name: name, range: range, crc32: crc))
        }
        self.entries = entries
    }

    /// The root folder, taken from the first entry (PyTorch names it after
    /// the file it first saved to, so it varies).
    func rootFolder() throws(CheckpointError) -> String {
        guard let first = entries.first, let slash = first.name.firstIndex(of: "/") else {
            throw .corruptArchive("the first entry is not inside a root folder")
        }
        return String(first.name[..<slash])
    }

    /// The payload of the named entry, CRC-checked.
    func contents(of name: String) throws(CheckpointError) -> [UInt8] {
        guard let entry = entries.first(where: { $0.name == name }) else { throw .missingEntry(name) }
        let payload = Array(bytes[entry.range])
        guard CRC32.checksum(payload) == entry.crc32 else {
            throw .corruptArchive("entry '\(name)' fails its CRC-32 check")
        }
        return payload
    }

    /// Whether an entry of that name exists.
    func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

    // MARK: - Directory records

    private struct EndRecord {
        let entryCount: Int
        let directoryOffset: Int
    }

    private static func endOfCentralDirectory(in bytes: [UInt8]) throws(CheckpointError) -> EndRecord {
        guard bytes.count >= 22 else { throw .corruptArchive("file is too short to be a zip archive (\(bytes.count) bytes)") }
        let lowest = max(0, bytes.count - 22 - 65_535)
        var offset = bytes.count - 22
        while offset >= lowest {
            if ByteReader.littleEndian(bytes, at: offset, width: 4) == 0x0605_4B50 { break }
            offset -= 1
        }
        guard offset >= lowest else { throw .corruptArchive("no end-of-central-directory record (truncated file?)") }
        var entryCount = Int(ByteReader.littleEndian(bytes, at: offset + 10, width: 2) ?? 0)
        var directoryOffset = Int(ByteReader.littleEndian(bytes, at: offset + 16, width: 4) ?? 0)
        if entryCount == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: the locator sits just before the classic record.
            guard ByteReader.littleEndian(bytes, at: offset - 20, width: 4) == 0x0706_4B50,
                let recordOffset = ByteReader.littleEndian(bytes, at: offset - 12, width: 8),
                recordOffset < UInt64(bytes.count),
                ByteReader.littleEndian(bytes, at: Int(recordOffset), width: 4) == 0x0606_4B50,
                let count = ByteReader.littleEndian(bytes, at: Int(recordOffset) + 32, width: 8),
                let start = ByteReader.littleEndian(bytes, at: Int(recordOffset) + 48, width: 8)
            else { throw .corruptArchive("damaged Zip64 end-of-central-directory record") }
            guard count <= UInt64(maximumEntries), start < UInt64(bytes.count) else {
                throw .corruptArchive("Zip64 record declares \(count) entries at offset \(start)")
            }
            entryCount = Int(count)
            directoryOffset = Int(start)
        }
        guard entryCount <= maximumEntries else { throw .corruptArchive("declares \(entryCount) entries") }
        guard directoryOffset <= bytes.count else {
            throw .corruptArchive("central directory offset \(directoryOffset) is past the end of the file")
        }
        return EndRecord(entryCount: entryCount, directoryOffset: directoryOffset)
    }

    /// Replaces 0xFFFFFFFF sizes and offsets with their Zip64 extra-field values.
    private static func applyZip64(
        _ extra: [UInt8], size: inout UInt64, compressedSize: inout UInt64, localOffset: inout UInt64
    ) {
        var position = 0
        while position + 4 <= extra.count {
            let id = ByteReader.littleEndian(extra, at: position, width: 2) ?? 0
            let length = Int(ByteReader.littleEndian(extra, at: position + 2, width: 2) ?? 0)
            if id == 0x0001 {
                var field = position + 4
                if size == 0xFFFF_FFFF, let v = ByteReader.littleEndian(extra, at: field, width: 8) {
                    size = v
                    field += 8
                }
                if compressedSize == 0xFFFF_FFFF, let v = ByteReader.littleEndian(extra, at: field, width: 8) {
                    compressedSize = v
                    field += 8
                }
                if localOffset == 0xFFFF_FFFF, let v = ByteReader.littleEndian(extra, at: field, width: 8) {
                    localOffset = v
                }
                return
            }
            position += 4 + length
        }
    }

    private static func payloadRange(
        in bytes: [UInt8], localOffset: UInt64, size: UInt64, name: String
    ) throws(CheckpointError) -> Range<Int> {
        guard localOffset <= UInt64(bytes.count), size <= UInt64(bytes.count) else {
            throw .corruptArchive("entry '\(name)' points outside the file")
        }
        let header = Int(localOffset)
        guard ByteReader.littleEndian(bytes, at: header, width: 4) == 0x0403_4B50,
            let nameLength = ByteReader.littleEndian(bytes, at: header + 26, width: 2),
            let extraLength = ByteReader.littleEndian(bytes, at: header + 28, width: 2)
        else { throw .corruptArchive("entry '\(name)' has a damaged local header") }
        let start = header + 30 + Int(nameLength) + Int(extraLength)
        guard start <= bytes.count, Int(size) <= bytes.count - start else {
            throw .corruptArchive("entry '\(name)' runs past the end of the file (truncated?)")
        }
        return start..<(start + Int(size))
    }
}

/// CRC-32 (IEEE 802.3, as zip uses).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
