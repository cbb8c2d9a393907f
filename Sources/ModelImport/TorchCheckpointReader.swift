/// Reads `torch.save(state_dict, path)` files: a zip archive with a pickled
/// `data.pkl` and one raw little-endian blob per storage.
enum TorchCheckpointReader {
    static func tensors(from bytes: [UInt8]) throws(CheckpointError) -> [Tensor] {
        let archive = try ZipArchive(bytes: bytes)
        let root = try archive.rootFolder()
        var unpickler = RestrictedUnpickler(try archive.contents(of: "\(root)/data.pkl"))
        let object = try unpickler.load()
        var bigEndian = false
        if archive.contains("\(root)/byteorder") {
            let order = String(decoding: try archive.contents(of: "\(root)/byteorder"), as: UTF8.self)
            guard order == "little" || order == "big" else { throw .corruptArchive("byteorder is '\(order)'") }
            bigEndian = order == "big"
        }
        guard case .dict(let dict) = object else {
            throw .notAStateDict("the pickled object is a \(object.kindName)")
        }
        var storages: [String: [UInt8]] = [:]
        var tensors: [Tensor] = []
        for (key, value) in dict.entries {
            guard case .string(let name) = key else { throw .notAStateDict("a key is a \(key.kindName), not a string") }
            guard case .tensor(let record) = value else {
                throw .notAStateDict("'\(name)' holds a \(value.kindName), not a tensor")
            }
            let storageKey = record.storage.key
            if storages[storageKey] == nil {
                guard storageKey.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw .notAStateDict("'\(name)' names storage '\(storageKey)'")
                }
                storages[storageKey] = try archive.contents(of: "\(root)/data/\(storageKey)")
            }
            tensors.append(try tensor(name: name, record: record, storage: storages[storageKey] ?? [], bigEndian: bigEndian))
        }
        return tensors
    }

    /// Gathers a strided view out of its storage, checking every bound.
    private static func tensor(name: String, record: TensorRecord, storage: [UInt8], bigEndian: Bool) throws(CheckpointError) -> Tensor {
        let type = record.storage.scalarType
        let width = type.byteWidth
        let count = try Tensor.elementCount(of: record.shape, name: name)
        guard record.strides.count == record.shape.count else {
            throw .invalidTensor(name: name, reason: "\(record.shape.count) sizes but \(record.strides.count) strides")
        }
        guard record.offset >= 0, record.strides.allSatisfy({ $0 >= 0 && $0 <= Tensor.maximumElementCount }) else {
            throw .invalidTensor(name: name, reason: "negative or huge offset or stride")
        }
        let declaredElements = record.storage.elementCount
        guard declaredElements <= Tensor.maximumElementCount else {
            throw .invalidTensor(name: name, reason: "storage declares \(declaredElements) elements")
        }
        guard storage.count >= declaredElements * width else {
            throw .storageTooShort(name: name, neededBytes: declaredElements * width, availableBytes: storage.count)
        }
        var lastIndex = record.offset
        if count > 0 {
            for (size, stride) in zip(record.shape, record.strides) { lastIndex += (size - 1) * stride }
        }
        if count > 0, lastIndex >= declaredElements {
            throw .storageTooShort(name: name, neededBytes: (lastIndex + 1) * width, availableBytes: declaredElements * width)
        }
        var doubles: [Double] = []
        doubles.reserveCapacity(count)
        var index = [Int](repeating: 0, count: record.shape.count)
        for _ in 0..<count {
            var element = record.offset
            for (i, stride) in zip(index, record.strides) { element += i * stride }
            let start = element * width
            var slice = storage[start..<(start + width)]
            if bigEndian { slice = ArraySlice(slice.reversed()) }
            doubles.append(type.decode(slice))
            var axis = record.shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < record.shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return try Tensor(name: name, scalarType: type, shape: record.shape, doubles: doubles)
    }
}
