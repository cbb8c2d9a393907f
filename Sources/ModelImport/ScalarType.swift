/// The element types Farkas reads from checkpoints. All are binary floats,
/// so every finite element is an exact dyadic rational.
package enum ScalarType: String, Sendable, Equatable, CaseIterable {
    /// IEEE 754 binary32 (`torch.float32`, safetensors `F32`).
    case float32
    /// IEEE 754 binary64.
    case float64
    /// IEEE 754 binary16.
    case float16
    /// bfloat16: the top half of a binary32.
    case bfloat16

    /// Bytes per element.
    package var byteWidth: Int {
        switch self {
        case .float32: return 4
        case .float64: return 8
        case .float16, .bfloat16: return 2
        }
    }

    init?(storageClassName: String) {
        switch storageClassName {
        case "FloatStorage": self = .float32
        case "DoubleStorage": self = .float64
        case "HalfStorage": self = .float16
        case "BFloat16Storage": self = .bfloat16
        default: return nil
        }
    }

    var storageClassName: String {
        switch self {
        case .float32: return "FloatStorage"
        case .float64: return "DoubleStorage"
        case .float16: return "HalfStorage"
        case .bfloat16: return "BFloat16Storage"
        }
    }

    init?(safetensorsName: String) {
        switch safetensorsName {
        case "F32": self = .float32
        case "F64": self = .float64
        case "F16": self = .float16
        case "BF16": self = .bfloat16
        default: return nil
        }
    }

    /// Decodes one little-endian element to a `Double` (exact for every type).
    func decode(_ bytes: ArraySlice<UInt8>) -> Double {
        var bits: UInt64 = 0
        for (i, b) in bytes.enumerated() { bits |= UInt64(b) << (8 * UInt64(i)) }
        switch self {
        case .float32: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float64: return Double(bitPattern: bits)
        case .bfloat16: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits) << 16))
        case .float16: return Self.halfToDouble(UInt16(truncatingIfNeeded: bits))
        }
    }

    private static func halfToDouble(_ h: UInt16) -> Double {
        let sign: Double = (h & 0x8000) != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F)
        let fraction = Double(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
