
/// The tensors of a model file, read without Python and without running any
/// code the file contains.
package struct Checkpoint: Sendable {
    /// The container format a checkpoint was read from.
    package enum Format: String, Sendable {
        /// `torch.save` zip archive (`.pth`, `.pt`).
        case torchZip = "pytorch"
        /// Hugging Face safetensors.
        case safetensors
    }

    /// The container format.
    package let format: Format
    /// The tensors in file order.
    package let tensors: [Tensor]
    /// The size of the file in bytes.
    package let byteCount: Int

    /// The largest file read.
    package static let maximumFileSize = 256 << 20

    /// Parses checkpoint bytes, detecting the format from the first bytes.
    ///
    /// - Throws: ``CheckpointError`` naming what is wrong.
    package init(bytes: [UInt8]) throws(CheckpointError) {
        guard bytes.count <= Self.maximumFileSize else { throw .tooLarge(bytes: bytes.count, limit: Self.maximumFileSize) }
        byteCount = bytes.count
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            format = .torchZip
            tensors = try TorchCheckpointReader.tensors(from: bytes)
        } else if bytes.starts(with: [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8]) {
            throw .legacyTorchFormat
        } else if bytes.count >= 9, bytes[8] == UInt8(ascii: "{") {
            format = .safetensors
            tensors = try SafetensorsReader.tensors(from: bytes)
        } else {
            let head = bytes.prefix(8).map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined(separator: " ")
            throw .unrecognizedFormat(firstBytes: head.isEmpty ? "empty file" : head)
        }
    }

    /// Reads and parses a checkpoint file.
    ///
    /// - Throws: ``CheckpointError``; `.unreadable` when the file cannot be read.
    package init(contentsOf path: String) throws(CheckpointError) {
        try self.init(bytes: try Self.fileBytes(atPath: path))
    }

    /// The bytes of a checkpoint file, up to ``maximumFileSize``.
    ///
    /// - Throws: ``CheckpointError``: `.unreadable` when the file cannot be
    ///   read, `.tooLarge` beyond the limit.
    package static func fileBytes(atPath path: String) throws(CheckpointError) -> [UInt8] {
        do {
            return try FileBytes.read(path, limit: maximumFileSize)
        } catch {
            switch error {
            case .tooLarge(let size): throw .tooLarge(bytes: size, limit: maximumFileSize)
            case .missing: throw .unreadable(path: path, reason: "no such file")
            case .directory: throw .unreadable(path: path, reason: "is a directory")
            case .unreadable: throw .unreadable(path: path, reason: "permission denied or I/O error")
            }
        }
    }

    /// The tensor with that name, if present.
    package func tensor(named name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }
}
