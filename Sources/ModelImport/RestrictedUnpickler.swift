/// A pickle reader that builds values and never executes code.
///
/// It accepts the opcodes `torch.save` emits for a state dict (protocol 2,
/// plus the protocol-4 framing opcodes for robustness) and the globals in
/// ``AllowedGlobal``; anything else is refused by name. Work, memo size and
/// nesting are bounded, so a hostile stream ends in an error, not a hang.
struct RestrictedUnpickler {
    /// The most opcodes executed before giving up.
    static let maximumOperations = 5_000_000
    /// The most memo slots.
    static let maximumMemo = 1_000_000
    /// The longest string accepted.
    static let maximumStringLength = 1 << 20
    /// The deepest nesting of marks.
    static let maximumMarkDepth = 256

    private var reader: ByteReader
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    init(_ bytes: [UInt8]) {
        reader = ByteReader(bytes) { offset in .corruptPickle(offset: offset, reason: "unexpected end of data (truncated?)") }
    }

    /// Runs the stream to `STOP` and returns the value it built.
    mutating func load() throws(CheckpointError) -> PickleValue {
        var operations = 0
        while true {
            operations += 1
            if operations > Self.maximumOperations {
                throw .pickleTooComplex("more than \(Self.maximumOperations) operations")
            }
            let at = reader.position
            let opcode = try reader.byte()
            if opcode == UInt8(ascii: ".") {
                guard let result = stack.popLast(), stack.isEmpty else {
                    throw .corruptPickle(offset: at, reason: "STOP with \(stack.count) values on the stack")
                }
                return result
            }
            try execute(opcode, at: at)
        }
    }

    private mutating func execute(_ opcode: UInt8, at offset: Int) throws(CheckpointError) {
        func bad(_ reason: String) -> CheckpointError { .corruptPickle(offset: offset, reason: reason) }
        switch opcode {
        case 0x80:  // PROTO
            let version = try reader.byte()
            guard version <= 5 else { throw bad("unknown pickle protocol \(version)") }
        case 0x95:  // FRAME
            _ = try reader.uint64()
        case UInt8(ascii: "c"):  // GLOBAL
            let module = try line()
            let name = try line()
            stack.append(try global(module: module, name: name))
        case 0x93:  // STACK_GLOBAL
            let name = try popString(bad)
            let module = try popString(bad)
            stack.append(try global(module: module, name: name))
        case UInt8(ascii: "q"):  // BINPUT
            try remember(Int(try reader.byte()), bad)
        case UInt8(ascii: "r"):  // LONG_BINPUT
            try remember(Int(try reader.uint32()), bad)
        case 0x94:  // MEMOIZE
            try remember(memo.count, bad)
        case UInt8(ascii: "h"):  // BINGET
            stack.append(try recall(Int(try reader.byte()), bad))
        case UInt8(ascii: "j"):  // LONG_BINGET
            stack.append(try recall(Int(try reader.uint32()), bad))
        case UInt8(ascii: "("):  // MARK
            guard marks.count < Self.maximumMarkDepth else { throw .pickleTooComplex("marks nested deeper than \(Self.maximumMarkDepth)") }
            marks.append(stack.count)
        case UInt8(ascii: ")"):  // EMPTY_TUPLE
            stack.append(.tuple([]))
        case UInt8(ascii: "t"):  // TUPLE
            stack.append(.tuple(try popToMark(bad)))
        case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
            let count = Int(opcode - 0x84)
            guard stack.count - (marks.last ?? 0) >= count else { throw bad("TUPLE\(count) on a short stack") }
            let items = Array(stack.suffix(count))
            stack.removeLast(count)
            stack.append(.tuple(items))
        case UInt8(ascii: "X"):  // BINUNICODE
            stack.append(.string(try string(length: Int(try reader.uint32()), bad)))
        case 0x8C:  // SHORT_BINUNICODE
            stack.append(.string(try string(length: Int(try reader.byte()), bad)))
        case UInt8(ascii: "K"):  // BININT1
            stack.append(.int(Int(try reader.byte())))
        case UInt8(ascii: "M"):  // BININT2
            stack.append(.int(Int(try reader.uint16())))
        case UInt8(ascii: "J"):  // BININT
            stack.append(.int(Int(Int32(bitPattern: try reader.uint32()))))
        case 0x8A:  // LONG1
            let length = Int(try reader.byte())
            guard length <= 8 else { throw .pickleTooComplex("an integer of \(length) bytes") }
            var value: UInt64 = 0
            let digits = try reader.take(length)
            for (i, b) in digits.enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
            if length > 0, length < 8, (digits.last ?? 0) & 0x80 != 0 { value |= ~0 << (8 * UInt64(length)) }
            stack.append(.int(Int(Int64(bitPattern: value))))
        case UInt8(ascii: "G"):  // BINFLOAT, big-endian
            var bits: UInt64 = 0
            for b in try reader.take(8) { bits = bits << 8 | UInt64(b) }
            stack.append(.float(Double(bitPattern: bits)))
        case 0x88: stack.append(.bool(true))  // NEWTRUE
        case 0x89: stack.append(.bool(false))  // NEWFALSE
        case UInt8(ascii: "N"): stack.append(.none)  // NONE
        case UInt8(ascii: "}"): stack.append(.dict(PickleDict()))  // EMPTY_DICT
        case UInt8(ascii: "]"): stack.append(.list(PickleList()))  // EMPTY_LIST
        case UInt8(ascii: "s"):  // SETITEM
            let value = try pop(bad)
            let key = try pop(bad)
            guard case .dict(let dict) = try top(bad) else { throw bad("SETITEM on a non-dict") }
            dict.set(key, value)
        case UInt8(ascii: "u"):  // SETITEMS
            let items = try popToMark(bad)
            guard items.count % 2 == 0, case .dict(let dict) = try top(bad) else { throw bad("SETITEMS on a non-dict") }
            for pair in stride(from: 0, to: items.count, by: 2) { dict.set(items[pair], items[pair + 1]) }
        case UInt8(ascii: "a"):  // APPEND
            let value = try pop(bad)
            guard case .list(let list) = try top(bad) else { throw bad("APPEND on a non-list") }
            list.items.append(value)
        case UInt8(ascii: "e"):  // APPENDS
            let items = try popToMark(bad)
            guard case .list(let list) = try top(bad) else { throw bad("APPENDS on a non-list") }
            list.items.append(contentsOf: items)
        case UInt8(ascii: "Q"):  // BINPERSID
            stack.append(.storage(try storageReference(try pop(bad), bad)))
        case UInt8(ascii: "R"):  // REDUCE
            let arguments = try pop(bad)
            let callable = try pop(bad)
            stack.append(try reduce(callable, arguments, bad))
        case UInt8(ascii: "b"):  // BUILD
            _ = try pop(bad)
            // The only BUILD in a state dict sets OrderedDict._metadata, an
            // attribute Farkas does not need.
            guard case .dict = try top(bad) else { throw bad("BUILD on a \(try top(bad).kindName)") }
        default:
            throw .unsupportedOpcode(opcode: opcode, offset: offset)
        }
    }

    // MARK: - Helpers

    private mutating func line() throws(CheckpointError) -> String {
        var bytes: [UInt8] = []
        while true {
            let b = try reader.byte()
            if b == UInt8(ascii: "\n") { break }
            bytes.append(b)
            if bytes.count > 256 { throw .corruptPickle(offset: reader.position, reason: "GLOBAL name longer than 256 bytes") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func string(length: Int, _ bad: (String) -> CheckpointError) throws(CheckpointError) -> String {
        guard length <= Self.maximumStringLength else { throw .pickleTooComplex("a string of \(length) bytes") }
        return String(decoding: try reader.take(length), as: UTF8.self)
    }

    private func global(module: String, name: String) throws(CheckpointError) -> PickleValue {
        guard let allowed = AllowedGlobal(module: module, name: name) else {
            throw .forbiddenGlobal(module: module, name: name)
        }
        return .global(allowed)
    }

    private mutating func pop(_ bad: (String) -> CheckpointError) throws(CheckpointError) -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.popLast() else { throw bad("pop from an empty stack") }
        return value
    }

    private mutating func popString(_ bad: (String) -> CheckpointError) throws(CheckpointError) -> String {
        guard case .string(let s) = try pop(bad) else { throw bad("STACK_GLOBAL needs two strings") }
        return s
    }

    private func top(_ bad: (String) -> CheckpointError) throws(CheckpointError) -> PickleValue {
        guard let value = stack.last else { throw bad("empty stack") }
        return value
    }

    private mutating func popToMark(_ bad: (String) -> CheckpointError) throws(CheckpointError) -> [PickleValue] {
        guard let mark = marks.popLast() else { throw bad("no MARK to close") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    private mutating func remember(_ index: Int, _ bad: (String) -> CheckpointError) throws(CheckpointError) {
        guard index < Self.maximumMemo else { throw .pickleTooComplex("memo index \(index)") }
        memo[index] = try top(bad)
    }

    private func recall(_ index: Int, _ bad: (String) -> CheckpointError) throws(CheckpointError) -> PickleValue {
        guard let value = memo[index] else { throw bad("memo slot \(index) is empty") }
        return value
    }

    private func storageReference(_ id: PickleValue, _ bad: (String) -> CheckpointError) throws(CheckpointError) -> StorageReference {
        guard case .tuple(let items) = id, items.count >= 5, case .string("storage") = items[0] else {
            throw bad("persistent id is not ('storage', type, key, location, numel)")
        }
        guard case .global(.storageType(let type)) = items[1] else { throw bad("persistent id names no storage type") }
        guard case .string(let key) = items[2], case .int(let count) = items[4], count >= 0 else {
            throw bad("persistent id has a bad key or element count")
        }
        return StorageReference(scalarType: type, key: key, elementCount: count)
    }

    private func reduce(_ callable: PickleValue, _ arguments: PickleValue, _ bad: (String) -> CheckpointError) throws(CheckpointError) -> PickleValue {
        guard case .tuple(let args) = arguments else { throw bad("REDUCE arguments are not a tuple") }
        switch callable {
        case .global(.orderedDict):
            guard args.isEmpty else { throw bad("OrderedDict called with arguments") }
            return .dict(PickleDict())
        case .global(.rebuildTensorV2):
            guard args.count >= 4, case .storage(let storage) = args[0], case .int(let offset) = args[1],
                case .tuple(let size) = args[2], case .tuple(let stride) = args[3]
            else { throw bad("_rebuild_tensor_v2 called with unexpected arguments") }
            return .tensor(TensorRecord(storage: storage, offset: offset, shape: try integers(size, bad), strides: try integers(stride, bad)))
        case .global(.rebuildParameter):
            guard let tensor = args.first, case .tensor = tensor else { throw bad("_rebuild_parameter without a tensor") }
            return tensor
        default:
            throw bad("REDUCE on \(callable.kindName)")
        }
    }

    private func integers(_ values: [PickleValue], _ bad: (String) -> CheckpointError) throws(CheckpointError) -> [Int] {
        var result: [Int] = []
        for v in values {
            guard case .int(let i) = v else { throw bad("tensor size or stride is not an integer") }
            result.append(i)
        }
        return result
    }
}
