/// Why a checkpoint could not be read or recognised.
///
/// Every case renders as one line that names the problem; none is ever a
/// crash. Hostile input (a huge declared size, an unknown pickle global, a
/// truncated archive) lands here too.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file is larger than Farkas reads.
    case tooLarge(bytes: Int, limit: Int)
    /// The first bytes match no supported format.
    case unrecognizedFormat(firstBytes: String)
    /// A pre-1.6 PyTorch file (`_use_new_zipfile_serialization=False`).
    case legacyTorchFormat
    /// The zip container is damaged.
    case corruptArchive(String)
    /// A required archive entry is missing.
    case missingEntry(String)
    /// The pickle stream is damaged or truncated.
    case corruptPickle(offset: Int, reason: String)
    /// The pickle names a global outside the allow-list (never executed).
    case forbiddenGlobal(module: String, name: String)
    /// The pickle uses an opcode a state dict never needs.
    case unsupportedOpcode(opcode: UInt8, offset: Int)
    /// The pickle exceeds a size or complexity bound.
    case pickleTooComplex(String)
    /// The pickled object is not a flat dictionary of tensors.
    case notAStateDict(String)
    /// A tensor is malformed: bad sizes, strides, dtype, or non-finite values.
    case invalidTensor(name: String, reason: String)
    /// A tensor's storage holds fewer bytes than the tensor needs.
    case storageTooShort(name: String, neededBytes: Int, availableBytes: Int)
    /// The safetensors header or layout is damaged.
    case corruptSafetensors(String)
    /// The tensors match no supported architecture.
    case unknownArchitecture(reason: String, tensors: [String])
    /// The model needs a sequence length its tensors do not fix, or was given
    /// one that contradicts them.
    case sequenceLength(String)

    /// A one-line message naming the problem.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .tooLarge(let bytes, let limit): return "file is \(bytes) bytes; checkpoints over \(limit) bytes are refused"
        case .unrecognizedFormat(let first):
            return "not a PyTorch (.pth zip) or safetensors checkpoint (first bytes: \(first))"
        case .legacyTorchFormat:
            return "legacy PyTorch format (saved with _use_new_zipfile_serialization=False) is not supported; re-save with torch.save(state_dict, path)"
        case .corruptArchive(let reason): return "corrupt .pth archive: \(reason)"
        case .missingEntry(let name): return "corrupt .pth archive: missing entry '\(name)'"
        case .corruptPickle(let offset, let reason): return "corrupt data.pkl at byte \(offset): \(reason)"
        case .forbiddenGlobal(let module, let name):
            return "data.pkl refers to '\(module).\(name)', which a state dict never needs; refused (nothing was executed)"
        case .unsupportedOpcode(let opcode, let offset):
            return "data.pkl uses pickle opcode 0x\(String(opcode, radix: 16)) at byte \(offset), which a state dict never needs; refused"
        case .pickleTooComplex(let reason): return "data.pkl is too complex: \(reason)"
        case .notAStateDict(let reason): return "not a state dict of tensors: \(reason)"
        case .invalidTensor(let name, let reason): return "tensor '\(name)': \(reason)"
        case .storageTooShort(let name, let needed, let available):
            return "tensor '\(name)' needs \(needed) bytes of storage but its storage has \(available)"
        case .corruptSafetensors(let reason): return "corrupt safetensors file: \(reason)"
        case .unknownArchitecture(let reason, let tensors):
            return "unknown architecture (\(reason)); tensors: \(tensors.joined(separator: ", "))"
        case .sequenceLength(let reason): return reason
        }
    }
}
