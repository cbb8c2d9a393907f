/// A value built by ``RestrictedUnpickler``: only what a state dict holds.
///
/// Containers are reference types, as in Python: pickles mutate a container
/// after memoizing it (`BINPUT` then `SETITEMS`), and the memo must see that.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// An allow-listed global, never resolved to code.
    case global(AllowedGlobal)
    /// A storage reference from a persistent id.
    case storage(StorageReference)
    /// A tensor rebuilt by `torch._utils._rebuild_tensor_v2`.
    case tensor(TensorRecord)

    /// A short name for messages.
    var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case .global(let g): return "global \(g)"
        case .storage: return "storage"
        case .tensor: return "tensor"
        }
    }
}

/// A mutable pickled list.
final class PickleList {
    var items: [PickleValue] = []
}

/// A mutable pickled dict (or `OrderedDict`) that keeps insertion order.
final class PickleDict {
    var entries: [(key: PickleValue, value: PickleValue)] = []

    func set(_ key: PickleValue, _ value: PickleValue) {
        if case .string(let name) = key,
            let index = entries.firstIndex(where: { if case .string(name) = $0.key { return true } else { return false } })
        {
            entries[index].value = value
        } else {
            entries.append((key, value))
        }
    }
}

/// The globals a state dict may name. Anything else is refused.
enum AllowedGlobal: Equatable, CustomStringConvertible {
    case orderedDict
    case rebuildTensorV2
    case rebuildParameter
    case storageType(ScalarType)

    init?(module: String, name: String) {
        switch (module, name) {
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensorV2
        case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
        case ("torch", let storage):
            guard let type = ScalarType(storageClassName: storage) else { return nil }
            self = .storageType(type)
        default: return nil
        }
    }

    var description: String {
        switch self {
        case .orderedDict: return "collections.OrderedDict"
        case .rebuildTensorV2: return "torch._utils._rebuild_tensor_v2"
        case .rebuildParameter: return "torch._utils._rebuild_parameter"
        case .storageType(let type): return "torch.\(type.storageClassName)"
        }
    }
}

/// A storage named by a persistent id: `('storage', type, key, location, numel)`.
struct StorageReference: Equatable {
    let scalarType: ScalarType
    let key: String
    let elementCount: Int
}

/// What `_rebuild_tensor_v2(storage, offset, size, stride, ...)` describes.
struct TensorRecord: Equatable {
    let storage: StorageReference
    let offset: Int
    let shape: [Int]
    let strides: [Int]
}
