package import ExactArithmetic
package import Models

/// A typed value while compiling a statement decided input by input.
enum PointwiseValue {
    case scalar(PointwiseScalar)
    case vector([PointwiseScalar])
    /// A table of two or more dimensions (`m.attn`, `m.attn[1]`, a weight).
    case array([PointwiseValue])
    case boolean(PointwiseCondition)
    case model(Int)
    /// Part of a weight's checkpoint name (`m.attns`, `m.attns[0]`).
    case weightPath(model: Int, path: String, range: SourceRange)
    /// `argsort(v)`: indexed, a position.
    case ranking([PointwiseScalar])
    /// `sort(v)`: indexed, an entry by rank.
    case sorted([PointwiseScalar])

    var typeName: String {
        switch self {
        case .scalar: return "a scalar"
        case .vector(let v): return "a vector of length \(v.count)"
        case .array(let rows): return "a table of \(rows.count) rows"
        case .boolean: return "a boolean"
        case .model: return "a model"
        case .weightPath(_, let path, _): return "part of a weight name ('\(path)')"
        case .ranking: return "argsort(...), which must be indexed"
        case .sorted(let v): return "a sorted vector of length \(v.count)"
        }
    }
}

/// Type checks statements about models read input by input (transformers)
/// and compiles them to ``PointwiseStatement``s: any arithmetic and any
/// comparison is allowed, since each input is decided on its own.
struct PointwiseCompiler {
    let inputName: String
    let dimension: Int
    let domain: InputDomain
    var models: [ClaimsModel]
    var bindings: [String: PointwiseValue] = [:]
    var unavailableNames: Set<String> = []
    /// Indices a statement computes, by label, in reading order.
    private var indexReadings: [(label: String, value: PointwiseScalar)] = []
    var readModels: Set<Int> = []

    static let builtins = Lowering.builtins + ["longest_cycle"]

    init(inputName: String, dimension: Int, domain: InputDomain, models: [ClaimsModel]) {
        self.inputName = inputName
        self.dimension = dimension
        self.domain = domain
        self.models = models
    }

    /// A statement's premise and body, compiled.
    mutating func statement(premise: [Expression], body: Expression) throws(Diagnostic) -> PointwiseStatement {
        indexReadings = []
        readModels = []
        var parts: [PointwiseCondition] = []
        for p in premise { parts.append(try condition(p)) }
        let goal = try condition(body)
        var signals: [PointwiseScalar] = []
        goal.collectSignals(into: &signals)
        for p in parts { p.collectSignals(into: &signals) }
        var readings = indexReadings
        for s in signals.prefix(64) {
            if case .signal(let model, let family, let index) = s {
                readings.append(("\(models[model].name).\(family)" + index.map { "[\($0)]" }.joined(), s))
            }
        }
        let tokenCount = readModels.compactMap { (models[$0].adapter as? any PointwiseModelAdapter)?.tokenCount }.min() ?? 0
        return PointwiseStatement(premise: .and(parts), body: goal, readings: readings, models: readModels.sorted(), tokenCount: tokenCount)
    }

    mutating func condition(_ e: Expression) throws(Diagnostic) -> PointwiseCondition {
        guard case .boolean(let c) = try compile(e) else {
            throw Diagnostic("expected a condition (a comparison, 'and', 'or', ...)", at: e.range)
        }
        return c
    }

    // MARK: - Expressions

    mutating func compile(_ e: Expression) throws(Diagnostic) -> PointwiseValue {
        switch e {
        case .number(let text, let range):
            guard let value = Rational(text) else { throw Diagnostic("'\(text)' is not an exact number", at: range) }
            return .scalar(.constant(value))
        case .name(let name, let range):
            if name == inputName { return .vector((0..<dimension).map { PointwiseScalar.input($0) }) }
            if let value = bindings[name] { return value }
            if let index = models.firstIndex(where: { $0.name == name }) { return .model(index) }
            if unavailableNames.contains(name) { throw Diagnostic("model '\(name)' could not be loaded", at: range, isConsequence: true) }
            let known = [inputName] + Array(bindings.keys) + models.map(\.name)
            throw Diagnostic(
                "unknown name '\(name)'", at: SourceRange(range.start, length: name.count),
                notes: suggestion(for: name, among: known).map { ["did you mean '\($0)'?"] } ?? [])
        case .member(let base, let member, let range):
            return try self.member(try compile(base), member, range, base.range)
        case .index(let base, let index, let range):
            let value = try self.index(try compile(base), index, range)
            if case .scalar(let s) = value, s.isPosition { record(e.text, s) }
            return value
        case .slice(let base, let low, let high, let range):
            guard case .vector(let v) = try compile(base) else { throw Diagnostic("only vectors can be sliced", at: range) }
            let a = try low.map { e throws(Diagnostic) in try normalized(try constantInteger(e), count: v.count, e.range, allowEnd: true) } ?? 0
            let b = try high.map { e throws(Diagnostic) in try normalized(try constantInteger(e), count: v.count, e.range, allowEnd: true) } ?? v.count
            guard a <= b else { throw Diagnostic("empty or reversed slice [\(a):\(b)]", at: range) }
            return .vector(Array(v[a..<b]))
        case .vector(let elements, let range):
            var items: [PointwiseScalar] = []
            for element in elements { items.append(try scalar(try compile(element), element.range)) }
            guard !items.isEmpty else { throw Diagnostic("empty vector", at: range) }
            return .vector(items)
        case .call(let name, let arguments, let range):
            var values: [(PointwiseValue, SourceRange)] = []
            for argument in arguments { values.append((try compile(argument), argument.range)) }
            let value = try call(name, values, range)
            if case .scalar(let s) = value, s.isPosition { record(e.text, s) }
            return value
        case .comprehension(let function, let element, let variable, let bounds, let condition, let range):
            var items: [PointwiseScalar] = []
            for i in try integerRange(bounds) {
                let saved = bindings[variable]
                bindings[variable] = .scalar(.constant(Rational(i)))
                defer { bindings[variable] = saved }
                if let condition {
                    guard case .constant(let keep) = try self.condition(condition).folded else {
                        throw Diagnostic("the 'if' part of a comprehension must depend only on index variables", at: condition.range)
                    }
                    if !keep { continue }
                }
                items.append(try scalar(try compile(element), element.range))
            }
            guard !items.isEmpty else { throw Diagnostic("the comprehension selects no elements", at: range) }
            if function.isEmpty { return .vector(items) }
            return try call(function, [(.vector(items), range)], range)
        case .unary("-", let operand, let range):
            switch try compile(operand) {
            case .scalar(let s): return .scalar(.product(.constant(-1), s))
            case .vector(let v): return .vector(v.map { .product(.constant(-1), $0) })
            case let other: throw Diagnostic("cannot negate \(other.typeName)", at: range)
            }
        case .unary(_, let operand, _):
            return .boolean(.not(try condition(operand)))
        case .binary(let op, let lhs, let rhs, let range):
            return try binary(op, lhs, rhs, range)
        case .comparison(let operands, let operators, _):
            var values: [PointwiseValue] = []
            for operand in operands { values.append(try compile(operand)) }
            var parts: [PointwiseCondition] = []
            for (i, (op, range)) in operators.enumerated() { parts.append(try compare(values[i], op, values[i + 1], range)) }
            return .boolean(parts.count == 1 ? parts[0] : .and(parts))
        case .quantifier(let isAll, let variable, let bounds, let body, _):
            var parts: [PointwiseCondition] = []
            for i in try integerRange(bounds) {
                let saved = bindings[variable]
                bindings[variable] = .scalar(.constant(Rational(i)))
                defer { bindings[variable] = saved }
                parts.append(try condition(body))
            }
            return .boolean(isAll ? .and(parts) : .or(parts))
        }
    }

    private mutating func record(_ label: String, _ s: PointwiseScalar) {
        guard !indexReadings.contains(where: { $0.label == label }) else { return }
        indexReadings.append((label, s))
    }

    // MARK: - Conversions

    func scalar(_ value: PointwiseValue, _ range: SourceRange) throws(Diagnostic) -> PointwiseScalar {
        guard case .scalar(let s) = value else { throw Diagnostic("expected a scalar, found \(value.typeName)", at: range) }
        return s
    }

    func vector(_ value: PointwiseValue, _ range: SourceRange) throws(Diagnostic) -> [PointwiseScalar] {
        switch value {
        case .vector(let v), .sorted(let v): return value.isSorted ? v.indices.map { .rankValue(v, $0) } : v
        default: throw Diagnostic("expected a vector, found \(value.typeName)", at: range)
        }
    }

    mutating func constantInteger(_ e: Expression) throws(Diagnostic) -> Int {
        guard case .scalar(let s) = try compile(e), case .constant(let c) = s.folded, let i = c.intValue else {
            throw Diagnostic("expected a constant integer (quantifier variables are fine)", at: e.range)
        }
        return i
    }

    private mutating func integerRange(_ bounds: (Expression, Expression)) throws(Diagnostic) -> ClosedRange<Int> {
        let low = try constantInteger(bounds.0)
        let high = try constantInteger(bounds.1)
        guard low <= high, high - low < 100_000 else { throw Diagnostic("range \(low)..\(high) is empty or too large", at: bounds.0.range) }
        return low...high
    }

    private func normalized(_ i: Int, count: Int, _ range: SourceRange, allowEnd: Bool = false) throws(Diagnostic) -> Int {
        let k = i < 0 ? i + count : i
        guard k >= 0, k < count || (allowEnd && k == count) else {
            throw Diagnostic("index \(i) is out of range for length \(count)", at: range)
        }
        return k
    }
}

extension PointwiseValue {
    var isSorted: Bool {
        if case .sorted = self { return true }
        return false
    }
}

extension PointwiseScalar {
    /// Whether the scalar names a position (reported beside the signals).
    var isPosition: Bool {
        switch self {
        case .argmax, .argmin, .rankPosition, .longestCycle: return true
        default: return false
        }
    }

    /// The scalar with constant arithmetic done.
    var folded: PointwiseScalar {
        switch self {
        case .sum(let terms):
            let parts = terms.map(\.folded)
            var constant = Rational.zero
            var rest: [PointwiseScalar] = []
            for p in parts {
                if case .constant(let c) = p { constant = constant + c } else { rest.append(p) }
            }
            if rest.isEmpty { return .constant(constant) }
            return .sum(constant.isZero ? rest : rest + [.constant(constant)])
        case .product(let a, let b):
            let (x, y) = (a.folded, b.folded)
            if case .constant(let p) = x, case .constant(let q) = y { return .constant(p * q) }
            return .product(x, y)
        default: return self
        }
    }
}

extension PointwiseCondition {
    /// The condition with constant comparisons decided.
    var folded: PointwiseCondition {
        switch self {
        case .compare(let a, let relation, let b):
            if case .constant(let p) = a.folded, case .constant(let q) = b.folded { return .constant(relation.holds(p, q)) }
            return self
        case .differ(let a, let b):
            if case .constant(let p) = a.folded, case .constant(let q) = b.folded { return .constant(p != q) }
            return self
        case .not(let inner):
            if case .constant(let b) = inner.folded { return .constant(!b) }
            return self
        case .and(let parts):
            let f = parts.map(\.folded)
            if f.contains(where: { if case .constant(false) = $0 { return true } else { return false } }) { return .constant(false) }
            return f.allSatisfy({ if case .constant(true) = $0 { return true } else { return false } }) ? .constant(true) : .and(f)
        case .or(let parts):
            let f = parts.map(\.folded)
            if f.contains(where: { if case .constant(true) = $0 { return true } else { return false } }) { return .constant(true) }
            return f.allSatisfy({ if case .constant(false) = $0 { return true } else { return false } }) ? .constant(false) : .or(f)
        case .constant: return self
        }
    }
}
