package import ExactArithmetic
package import Models
package import PiecewiseLinear

/// Type checks expressions and lowers them to linear expressions over nodes
/// of a shared program, adding ReLU nodes for max, min, abs, relu and sort.
struct Lowering {
    var program: Program
    let inputs: [NodeID]
    let inputName: String
    var models: [ClaimsModel]
    var bindings: [String: Value] = [:]
    /// Models that could not be loaded: reading one is an error already reported.
    var unavailableNames: Set<String> = []
    private var affineNodes: [LinearForm: NodeID] = [:]
    private var reluNodes: [NodeID: NodeID] = [:]
    private(set) var reads: [ReadSignal] = []
    /// The `let` values a statement reads, entry by entry.
    private(set) var readValues: [ReadValue] = []
    /// The indices (argmax, argmin, ranks) a statement reads.
    private(set) var readIndices: [ReadIndex] = []
    private var readBindingNames: Set<String> = []
    private var readNodes: Set<NodeID> = []

    static let builtins = ["relu", "abs", "max", "min", "sum", "sort", "median", "dot", "len", "distinct", "argmax", "argmin", "argsort"]
    /// The most disjuncts one index comparison may expand to.
    static let maximumIndexCases = 20_000

    init(program: Program, inputName: String, models: [ClaimsModel]) {
        self.program = program
        inputs = program.inputs
        self.inputName = inputName
        self.models = models
    }

    /// Resets the read-signal record before a new statement.
    mutating func beginStatement() {
        reads = []
        readNodes = []
        readValues = []
        readIndices = []
        readBindingNames = []
    }

    // MARK: - Nodes

    /// The node holding `e`, created on first use.
    mutating func node(for e: LinearForm) -> NodeID {
        if e.constant.isZero, e.terms.count == 1, e.terms[0].coefficient == .one { return e.terms[0].node }
        if let existing = affineNodes[e] { return existing }
        let id = program.addAffine(e.terms, constant: e.constant)
        affineNodes[e] = id
        return id
    }

    mutating func relu(_ e: LinearForm) -> LinearForm {
        if e.isConstant { return LinearForm(constant: e.constant.signum > 0 ? e.constant : .zero) }
        let operand = node(for: e)
        if let existing = reluNodes[operand] { return LinearForm(node: existing) }
        let id = program.addReLU(operand)
        reluNodes[operand] = id
        return LinearForm(node: id)
    }

    mutating func maximum(_ a: LinearForm, _ b: LinearForm) -> LinearForm { a + relu(b - a) }
    mutating func minimum(_ a: LinearForm, _ b: LinearForm) -> LinearForm { a - relu(a - b) }
    /// |e| = 2 relu(e) - e: one ReLU.
    mutating func absolute(_ e: LinearForm) -> LinearForm { 2 * relu(e) - e }

    /// Ascending order by a bubble-sort network; each comparator shares one
    /// ReLU between its min and max.
    mutating func sorted(_ values: [LinearForm]) -> [LinearForm] {
        var v = values
        for pass in 0..<v.count {
            for i in 0..<(v.count - 1 - pass) {
                let r = relu(v[i] - v[i + 1])
                (v[i], v[i + 1]) = (v[i] - r, v[i + 1] + r)
            }
        }
        return v
    }

    // MARK: - Expressions

    mutating func lower(_ e: Expression) throws(Diagnostic) -> Value {
        switch e {
        case .number(let text, let range):
            guard let value = Rational(text) else { throw Diagnostic("'\(text)' is not an exact number", at: range) }
            return .scalar(LinearForm(constant: value))
        case .name(let name, let range):
            if name == inputName { return .vector(inputs.map { LinearForm(node: $0) }) }
            if let value = bindings[name] {
                recordBinding(name, value)
                return value
            }
            if let index = models.firstIndex(where: { $0.name == name }) { return .model(index) }
            if unavailableNames.contains(name) { throw Diagnostic("model '\(name)' could not be loaded", at: range, isConsequence: true) }
            let known = [inputName] + Array(bindings.keys) + models.map(\.name)
            throw Diagnostic(
                "unknown name '\(name)'", at: SourceRange(range.start, length: name.count),
                notes: suggestion(for: name, among: known).map { ["did you mean '\($0)'?"] } ?? [])
        case .member(let base, let member, let range):
            return try self.member(try lower(base), member, range, base.range)
        case .index(let base, let index, let range):
            let value = try self.index(try lower(base), index, range)
            if case .index(let i) = value { recordIndex(e.text, i) }
            return value
        case .slice(let base, let low, let high, let range):
            guard case .vector(let v) = try lower(base) else { throw Diagnostic("only vectors can be sliced", at: range) }
            let a = try low.map { e throws(Diagnostic) in try normalized(try constantInteger(e), count: v.count, range: e.range, allowEnd: true) } ?? 0
            let b = try high.map { e throws(Diagnostic) in try normalized(try constantInteger(e), count: v.count, range: e.range, allowEnd: true) } ?? v.count
            guard a <= b else { throw Diagnostic("empty or reversed slice [\(a):\(b)]", at: range) }
            return .vector(Array(v[a..<b]))
        case .vector(let elements, let range):
            var items: [LinearForm] = []
            for element in elements { items.append(try scalar(try lower(element), element.range)) }
            guard !items.isEmpty else { throw Diagnostic("empty vector", at: range) }
            return .vector(items)
        case .call(let name, let arguments, let range):
            var values: [(Value, SourceRange)] = []
            for argument in arguments { values.append((try lower(argument), argument.range)) }
            let value = try call(name, values, range)
            if case .index(let i) = value { recordIndex(e.text, i) }
            return value
        case .comprehension(let function, let element, let variable, let bounds, let condition, let range):
            let items = try comprehension(element, variable, bounds, condition, range)
            if function.isEmpty { return .vector(items) }
            return try call(function, [(.vector(items), range)], range)
        case .unary("-", let operand, let range):
            switch try lower(operand) {
            case .scalar(let s): return .scalar(-1 * s)
            case .vector(let v): return .vector(v.map { -1 * $0 })
            case .selection(let cases): return .selection(cases.map { Selection(condition: $0.condition, value: -1 * $0.value) })
            case let other: throw Diagnostic("cannot negate \(other.typeName)", at: range)
            }
        case .unary(_, let operand, _):
            return .boolean(try boolean(try lower(operand), operand.range).negated)
        case .binary(let op, let lhs, let rhs, let range):
            return try binary(op, lhs, rhs, range)
        case .comparison(let operands, let operators, _):
            var values: [Value] = []
            for operand in operands { values.append(try lower(operand)) }
            var parts: [Formula] = []
            for (i, (op, range)) in operators.enumerated() {
                parts.append(try compare(values[i], op, values[i + 1], range))
            }
            return .boolean(.all(parts))
        case .quantifier(let isAll, let variable, let bounds, let body, _):
            var parts: [Formula] = []
            for i in try integerRange(bounds) {
                let saved = bindings[variable]
                bindings[variable] = .scalar(LinearForm(constant: Rational(i)))
                defer { bindings[variable] = saved }
                parts.append(try boolean(try lower(body), body.range))
            }
            return .boolean(isAll ? .all(parts) : .any(parts))
        }
    }

    /// The elements of `[element for variable in a..b if condition]`.
    private mutating func comprehension(
        _ element: Expression, _ variable: String, _ bounds: (Expression, Expression), _ condition: Expression?, _ range: SourceRange
    ) throws(Diagnostic) -> [LinearForm] {
        var items: [LinearForm] = []
        for i in try integerRange(bounds) {
            let saved = bindings[variable]
            bindings[variable] = .scalar(LinearForm(constant: Rational(i)))
            defer { bindings[variable] = saved }
            if let condition {
                guard case .constant(let keep) = try boolean(try lower(condition), condition.range) else {
                    throw Diagnostic("the 'if' part of a comprehension must depend only on index variables", at: condition.range)
                }
                if !keep { continue }
            }
            items.append(try scalar(try lower(element), element.range))
        }
        guard !items.isEmpty else { throw Diagnostic("the comprehension selects no elements", at: range) }
        return items
    }

    // MARK: - Conversions

    func scalar(_ value: Value, _ range: SourceRange) throws(Diagnostic) -> LinearForm {
        guard case .scalar(let s) = value else { throw Diagnostic("expected a scalar, found \(value.typeName)", at: range) }
        return s
    }

    mutating func vector(_ value: Value, _ range: SourceRange) throws(Diagnostic) -> [LinearForm] {
        // A whole sorted vector is built with a sorting network; single
        // entries (sort(v)[k]) are selected by rank instead.
        if case .sorted(let v) = value { return sorted(v) }
        guard case .vector(let v) = value else { throw Diagnostic("expected a vector, found \(value.typeName)", at: range) }
        return v
    }

    func boolean(_ value: Value, _ range: SourceRange) throws(Diagnostic) -> Formula {
        guard case .boolean(let f) = value else {
            throw Diagnostic("expected a condition (a comparison, 'and', 'or', ...), found \(value.typeName)", at: range)
        }
        return f
    }

    mutating func constantInteger(_ e: Expression) throws(Diagnostic) -> Int {
        let value = try scalar(try lower(e), e.range)
        guard value.isConstant, let i = value.constant.intValue else {
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

    private func normalized(_ i: Int, count: Int, range: SourceRange, allowEnd: Bool = false) throws(Diagnostic) -> Int {
        let k = i < 0 ? i + count : i
        guard k >= 0, k < count || (allowEnd && k == count) else {
            throw Diagnostic("index \(i) is out of range for length \(count)", at: range)
        }
        return k
    }

    // MARK: - Members and indexing

    private mutating func member(_ base: Value, _ name: String, _ range: SourceRange, _ baseRange: SourceRange) throws(Diagnostic) -> Value {
        guard case .model(let m) = base else { throw Diagnostic("'.\(name)' needs a model on its left, found \(base.typeName)", at: baseRange) }
        let model = models[m]
        let nameRange = SourceRange(range.start, length: name.count)
        if let (reason, instead) = model.lowered.unavailable[name] {
            throw Diagnostic("'\(model.name).\(name)' \(reason)", at: range, notes: ["use '\(model.name).\(instead)'"])
        }
        guard let signal = model.lowered.signals[name] else {
            let names = model.adapter.signalNames
            throw Diagnostic(
                "model '\(model.name)' has no signal '\(name)'", at: nameRange,
                notes: (suggestion(for: name, among: names).map { ["did you mean '\($0)'?"] } ?? []) + ["signals: " + names.joined(separator: ", ")])
        }
        let family = signal.reportedAs.map { (model: m, family: $0) }
        switch signal.layout {
        case .scalar:
            if let family { record(family.model, signal.rows[0], name: { _ in family.family }) }
            return .scalar(signal.rows[0][0])
        case .vector:
            if let family { record(family.model, signal.rows[0], name: { "\(family.family)[\($0)]" }) }
            return .vector(signal.rows[0])
        case .table(let first):
            return .table(rows: signal.rows, first: first, signal: family)
        }
    }

    /// Records an index a statement reads (`argmax(m.logits)`,
    /// `argsort(x)[-2]`), to report its value with a counterexample.
    private mutating func recordIndex(_ label: String, _ index: SymbolicIndex) {
        guard !readIndices.contains(where: { $0.label == label }) else { return }
        switch index {
        case .argmax(let v): readIndices.append(ReadIndex(label: label, kind: .argmax, vector: v))
        case .argmin(let v): readIndices.append(ReadIndex(label: label, kind: .argmin, vector: v))
        case .rank(let v, let r): readIndices.append(ReadIndex(label: label, kind: .rank(r), vector: v))
        }
    }

    /// Records a `let` a statement reads, scalar or vector, by its entries
    /// (quantifier variables are bindings too, but constant ones are left out).
    private mutating func recordBinding(_ name: String, _ value: Value) {
        guard !readBindingNames.contains(name) else { return }
        switch value {
        case .scalar(let s) where !s.isConstant: readValues.append(ReadValue(name: name, form: s))
        case .vector(let v) where !v.allSatisfy(\.isConstant): readValues += v.enumerated().map { ReadValue(name: "\(name)[\($0.offset)]", form: $0.element) }
        default: return
        }
        readBindingNames.insert(name)
    }

    /// Records the reads of a signal's entries that are nodes, each named by its position.
    private mutating func record(_ model: Int, _ entries: [LinearForm], name: (Int) -> String) {
        for (j, entry) in entries.enumerated() {
            guard entry.constant.isZero, entry.terms.count == 1, entry.terms[0].coefficient == .one else { continue }
            let node = entry.terms[0].node
            guard !readNodes.contains(node) else { continue }
            readNodes.insert(node)
            let signal = name(j)
            reads.append(ReadSignal(name: "\(models[model].name).\(signal)", model: model, signal: signal, node: node))
        }
    }

    private mutating func index(_ base: Value, _ indexExpression: Expression, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch base {
        case .vector(let v):
            return .scalar(v[try normalized(try constantInteger(indexExpression), count: v.count, range: indexExpression.range)])
        case .table(let rows, let first, let signal):
            let i = try constantInteger(indexExpression)
            let k = i < 0 ? i + rows.count : i - first
            guard rows.indices.contains(k) else {
                throw Diagnostic("index \(i) is out of range: valid are \(first)...\(first + rows.count - 1)", at: indexExpression.range)
            }
            if let (model, family) = signal { record(model, rows[k], name: { "\(family)[\(k + first)][\($0)]" }) }
            return .vector(rows[k])
        case .ranking(let v):
            let r = try normalized(try constantInteger(indexExpression), count: v.count, range: indexExpression.range)
            return .index(.rank(v, r))
        case .sorted(let v):
            let r = try normalized(try constantInteger(indexExpression), count: v.count, range: indexExpression.range)
            return try selectRank(v, r, range)
        default:
            throw Diagnostic("cannot index \(base.typeName)", at: range)
        }
    }

    /// `sort(v)[r]` as cases: v[k] where k has rank r.
    private func selectRank(_ v: [LinearForm], _ r: Int, _ range: SourceRange) throws(Diagnostic) -> Value {
        let index = SymbolicIndex.rank(v, r)
        guard index.cost * v.count <= Self.maximumIndexCases else { throw Diagnostic("sorting \(v.count) entries by cases is too large", at: range) }
        return .selection(v.indices.map { Selection(condition: index.equals($0), value: v[$0]) })
    }

    /// Cases of a scalar-like value: one unconditional case for a scalar.
    private func cases(_ value: Value) -> [Selection]? {
        switch value {
        case .scalar(let s): return [Selection(condition: .constant(true), value: s)]
        case .selection(let cases): return cases
        default: return nil
        }
    }

    /// Combines two scalar-like values case by case (a scalar is one case),
    /// or nil when either is not scalar-like. `f` may add nodes.
    private mutating func combine(
        _ a: Value, _ b: Value, _ f: (inout Lowering, LinearForm, LinearForm) throws(Diagnostic) -> LinearForm
    ) throws(Diagnostic) -> Value? {
        guard let left = cases(a), let right = cases(b) else { return nil }
        if case .scalar(let x) = a, case .scalar(let y) = b { return .scalar(try f(&self, x, y)) }
        var out: [Selection] = []
        for p in left {
            for q in right {
                let condition = Formula.all([p.condition, q.condition])
                if condition != .constant(false) { out.append(Selection(condition: condition, value: try f(&self, p.value, q.value))) }
            }
        }
        return .selection(out)
    }

    /// Applies a mutating scalar function to every case.
    private mutating func mapCases(_ value: Value, _ f: (inout Lowering, LinearForm) -> LinearForm) -> Value? {
        switch value {
        case .scalar(let s): return .scalar(f(&self, s))
        case .selection(let cases):
            var out: [Selection] = []
            for c in cases { out.append(Selection(condition: c.condition, value: f(&self, c.value))) }
            return .selection(out)
        default: return nil
        }
    }

    // MARK: - Operators

    private mutating func binary(_ op: String, _ lhs: Expression, _ rhs: Expression, _ range: SourceRange) throws(Diagnostic) -> Value {
        let a = try lower(lhs)
        let b = try lower(rhs)
        switch op {
        case "and": return .boolean(.all([try boolean(a, lhs.range), try boolean(b, rhs.range)]))
        case "or": return .boolean(.any([try boolean(a, lhs.range), try boolean(b, rhs.range)]))
        case "=>": return .boolean(.any([try boolean(a, lhs.range).negated, try boolean(b, rhs.range)]))
        case "+", "-":
            let sign: Rational = op == "+" ? 1 : -1
            if let combined = try combine(a, b, { _, x, y throws(Diagnostic) in x + sign * y }) { return combined }
            switch (a, b) {
            case (.scalar(let x), .scalar(let y)): return .scalar(x + sign * y)
            case (.vector(let x), .vector(let y)):
                guard x.count == y.count else { throw Diagnostic("'\(op)' on vectors of lengths \(x.count) and \(y.count)", at: range) }
                return .vector(zip(x, y).map { $0 + sign * $1 })
            default: throw Diagnostic("'\(op)' needs two scalars or two vectors of equal length; found \(a.typeName) and \(b.typeName)", at: range)
            }
        case "@":
            return try matrixProduct(a, b, range)
        case "*":
            let product: (LinearForm, LinearForm) throws(Diagnostic) -> LinearForm = { x, y throws(Diagnostic) in
                if x.isConstant { return x.constant * y }
                if y.isConstant { return y.constant * x }
                throw Diagnostic("'*' of two non-constant terms is not piecewise-linear", at: range, notes: ["one side of '*' must be a constant, as in 0.5 * x[0]"])
            }
            if case .selection = a, let combined = try combine(a, b, { _, x, y throws(Diagnostic) in try product(x, y) }) { return combined }
            if case .selection = b, let combined = try combine(a, b, { _, x, y throws(Diagnostic) in try product(x, y) }) { return combined }
            return try elementwise(a, b, range) { x, y throws(Diagnostic) in
                if x.isConstant { return x.constant * y }
                if y.isConstant { return y.constant * x }
                throw Diagnostic("'*' of two non-constant terms is not piecewise-linear", at: range, notes: ["one side of '*' must be a constant, as in 0.5 * x[0]"])
            }
        default:  // "/"
            if case .selection = a, case .scalar(let y) = b, y.isConstant, !y.constant.isZero {
                return try combine(a, b) { _, x, _ throws(Diagnostic) in y.constant.reciprocal * x } ?? a
            }
            return try elementwise(a, b, range) { x, y throws(Diagnostic) in
                guard y.isConstant else {
                    throw Diagnostic("dividing by a non-constant is not piecewise-linear", at: range, notes: ["'/' needs a constant divisor"])
                }
                guard !y.constant.isZero else { throw Diagnostic("division by zero", at: range) }
                return y.constant.reciprocal * x
            }
        }
    }

    /// `M @ v` for a constant matrix `M` (a table such as `m.W_hh`, or a
    /// vector of constant rows is not one): the vector of its rows' dot
    /// products with `v`.
    private mutating func matrixProduct(_ a: Value, _ b: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard case .table(let rows, _, _) = a else {
            throw Diagnostic("'@' needs a constant matrix on its left, found \(a.typeName)", at: range, notes: ["as in: m.W_hh @ m.h[1]"])
        }
        let v = try vector(b, range)
        guard rows.allSatisfy({ $0.allSatisfy(\.isConstant) }) else { throw Diagnostic("'@' needs a constant matrix on its left", at: range) }
        guard let width = rows.first?.count, rows.allSatisfy({ $0.count == width }), width == v.count else {
            throw Diagnostic("'@' of a matrix with \(rows.first?.count ?? 0) columns and a vector of length \(v.count)", at: range)
        }
        return .vector(rows.map { row in zip(row, v).reduce(LinearForm()) { $0 + $1.0.constant * $1.1 } })
    }

    private func elementwise(
        _ a: Value, _ b: Value, _ range: SourceRange, _ f: (LinearForm, LinearForm) throws(Diagnostic) -> LinearForm
    ) throws(Diagnostic) -> Value {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)): return .scalar(try f(x, y))
        case (.scalar(let x), .vector(let v)):
            var out: [LinearForm] = []
            for y in v { out.append(try f(x, y)) }
            return .vector(out)
        case (.vector(let v), .scalar(let y)):
            var out: [LinearForm] = []
            for x in v { out.append(try f(x, y)) }
            return .vector(out)
        case (.vector(let x), .vector(let y)) where x.count == y.count:
            var out: [LinearForm] = []
            for (p, q) in zip(x, y) { out.append(try f(p, q)) }
            return .vector(out)
        default:
            throw Diagnostic("cannot combine \(a.typeName) and \(b.typeName)", at: range)
        }
    }

    private func compare(_ a: Value, _ op: String, _ b: Value, _ range: SourceRange) throws(Diagnostic) -> Formula {
        let relations: [String: Relation] = ["<": .less, "<=": .lessOrEqual, "==": .equal, ">=": .greaterOrEqual, ">": .greater]
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            if op == "!=" { return .differ(x, y) }
            return .compare(x, relations[op] ?? .equal, y)
        case (.selection, _), (_, .selection):
            guard let left = cases(a), let right = cases(b) else { throw Diagnostic("cannot compare \(a.typeName) with \(b.typeName)", at: range) }
            var split: [Formula.Case] = []
            for p in left {
                for q in right {
                    let condition = Formula.all([p.condition, q.condition])
                    if condition == .constant(false) { continue }
                    let body: Formula = op == "!=" ? .differ(p.value, q.value) : .compare(p.value, relations[op] ?? .equal, q.value)
                    split.append(Formula.Case(condition: condition, body: body))
                }
            }
            return .split(split)
        case (.vector(let x), .vector(let y)):
            guard op == "==" || op == "!=" else {
                throw Diagnostic("'\(op)' compares scalars; vectors only compare with '==' and '!='", at: range, notes: ["compare entries with 'all i in 0..\(x.count - 1): ...'"])
            }
            guard x.count == y.count else { throw Diagnostic("comparing vectors of lengths \(x.count) and \(y.count)", at: range) }
            let equal = Formula.all(zip(x, y).map { Formula.compare($0, .equal, $1) })
            return op == "==" ? equal : equal.negated
        case (.index, _), (_, .index):
            guard op == "==" || op == "!=" else { throw Diagnostic("indices compare only with '==' and '!='", at: range) }
            let equal = try indexEquality(a, b, range)
            return op == "==" ? equal : equal.negated
        default:
            throw Diagnostic("cannot compare \(a.typeName) with \(b.typeName)", at: range)
        }
    }

    private func indexEquality(_ a: Value, _ b: Value, _ range: SourceRange) throws(Diagnostic) -> Formula {
        func constant(_ v: Value) -> Int? {
            if case .scalar(let s) = v, s.isConstant { return s.constant.intValue }
            return nil
        }
        switch (a, b) {
        case (.index(let i), .index(let j)):
            guard i.cost * j.length + j.cost * i.length <= Self.maximumIndexCases else { throw Diagnostic("this index comparison expands to too many cases", at: range) }
            // With a total index (a rank) on one side, split on which k it
            // names: the negation stays a split over the same regions.
            if j.isTotal { return .split((0..<j.length).map { Formula.Case(condition: j.equals($0), body: i.equals($0)) }) }
            if i.isTotal { return .split((0..<i.length).map { Formula.Case(condition: i.equals($0), body: j.equals($0)) }) }
            return .any((0..<min(i.length, j.length)).map { k in .all([i.equals(k), j.equals(k)]) })
        case (.index(let i), _):
            guard let k = constant(b) else { throw Diagnostic("an index compares with another index or a constant integer", at: range) }
            return i.equals(k)
        case (_, .index):
            return try indexEquality(b, a, range)
        default:
            preconditionFailure("indexEquality without an index")
        }
    }

    // MARK: - Builtins

    private mutating func call(_ name: String, _ args: [(Value, SourceRange)], _ range: SourceRange) throws(Diagnostic) -> Value {
        func arity(_ n: Int) throws(Diagnostic) {
            guard args.count == n else { throw Diagnostic("\(name) takes \(n) argument\(n == 1 ? "" : "s"), got \(args.count)", at: range) }
        }
        switch name {
        case "relu", "abs":
            try arity(1)
            if case .selection = args[0].0, let mapped = mapCases(args[0].0, { l, s in name == "relu" ? l.relu(s) : l.absolute(s) }) {
                return mapped
            }
            switch args[0].0 {
            case .scalar(let s): return .scalar(name == "relu" ? relu(s) : absolute(s))
            case .vector(let v):
                var out: [LinearForm] = []
                for s in v { out.append(name == "relu" ? relu(s) : absolute(s)) }
                return .vector(out)
            default: throw Diagnostic("\(name) takes a scalar or a vector, found \(args[0].0.typeName)", at: args[0].1)
            }
        case "max", "min":
            var items: [LinearForm] = []
            var selections: [Value] = []
            for (value, r) in args {
                switch value {
                case .scalar(let s): items.append(s)
                case .vector(let v): items += v
                case .sorted(let v): items += v  // max and min ignore order
                case .selection: selections.append(value)
                default: throw Diagnostic("\(name) takes scalars or vectors, found \(value.typeName)", at: r)
                }
            }
            if !selections.isEmpty {
                var result: Value = items.isEmpty ? selections.removeFirst() : try call(name, items.map { (.scalar($0), range) }, range)
                for selection in selections {
                    guard let combined = try combine(result, selection, { l, x, y in name == "max" ? l.maximum(x, y) : l.minimum(x, y) }) else {
                        throw Diagnostic("\(name) of \(result.typeName) and \(selection.typeName)", at: range)
                    }
                    result = combined
                }
                return result
            }
            guard var result = items.first else { throw Diagnostic("\(name) of nothing", at: range) }
            for item in items.dropFirst() { result = name == "max" ? maximum(result, item) : minimum(result, item) }
            return .scalar(result)
        case "sum":
            try arity(1)
            return .scalar(try vector(args[0].0, args[0].1).reduce(LinearForm(constant: .zero), +))
        case "len":
            try arity(1)
            return .scalar(LinearForm(constant: Rational(try vector(args[0].0, args[0].1).count)))
        case "sort":
            try arity(1)
            return .sorted(try vector(args[0].0, args[0].1))
        case "median":
            try arity(1)
            let v = try vector(args[0].0, args[0].1)
            let middle = try selectRank(v, v.count / 2, range)
            if v.count % 2 == 1 { return middle }
            let below = try selectRank(v, v.count / 2 - 1, range)
            return try combine(below, middle) { _, x, y throws(Diagnostic) in Rational(1, 2) * (x + y) } ?? middle
        case "dot":
            try arity(2)
            let c = try vector(args[0].0, args[0].1)
            let v = try vector(args[1].0, args[1].1)
            guard c.allSatisfy(\.isConstant) else { throw Diagnostic("dot's first argument must be constant", at: args[0].1) }
            guard c.count == v.count else { throw Diagnostic("dot of vectors of lengths \(c.count) and \(v.count)", at: range) }
            return .scalar(zip(c, v).reduce(LinearForm(constant: .zero)) { $0 + $1.0.constant * $1.1 })
        case "distinct":
            try arity(1)
            let v = try vector(args[0].0, args[0].1)
            var parts: [Formula] = []
            for i in v.indices { for j in v.indices where j > i { parts.append(.differ(v[i], v[j])) } }
            return .boolean(.all(parts))
        case "argmax", "argmin":
            try arity(1)
            let v = try vector(args[0].0, args[0].1)
            return .index(name == "argmax" ? .argmax(v) : .argmin(v))
        case "argsort":
            try arity(1)
            return .ranking(try vector(args[0].0, args[0].1))
        default:
            throw Diagnostic(
                "unknown function '\(name)'", at: SourceRange(range.start, length: name.count),
                notes: suggestion(for: name, among: Self.builtins).map { ["did you mean '\($0)'?"] } ?? [])
        }
    }
}
