package import ExactArithmetic
package import Models

extension PointwiseCompiler {
    // MARK: - Members and indexing

    mutating func member(_ base: PointwiseValue, _ name: String, _ range: SourceRange, _ baseRange: SourceRange) throws(Diagnostic) -> PointwiseValue {
        let nameRange = SourceRange(range.start, length: name.count)
        if case .weightPath(let m, let path, _) = base { return try weight(m, path + "." + name, range) }
        guard case .model(let m) = base else { throw Diagnostic("'.\(name)' needs a model on its left, found \(base.typeName)", at: baseRange) }
        let model = models[m]
        guard let adapter = model.adapter as? any PointwiseModelAdapter else {
            throw Diagnostic(
                "'\(model.name)' is a \(model.adapter.architectureName), but this file's statements are decided input by input because it loads a transformer",
                at: range, notes: ["put claims about '\(model.name)' in a file of their own"])
        }
        try requireFiniteTokens(model.name, name, adapter, range)
        readModels.insert(m)
        if let shape = adapter.signalShapes.first(where: { $0.name == name })?.shape {
            return Self.table(shape) { PointwiseScalar.signal(model: m, family: name, index: $0) }
        }
        if adapter.namedWeights.contains(where: { $0.name == name || $0.name.hasPrefix(name + ".") }) {
            return try weight(m, name, range)
        }
        let names = adapter.signalShapes.map(\.name)
        throw Diagnostic(
            "model '\(model.name)' has no signal '\(name)'", at: nameRange,
            notes: (suggestion(for: name, among: names + ["embed", "pos_embed", "attns", "unembed"]).map { ["did you mean '\($0)'?"] } ?? [])
                + ["signals: " + names.joined(separator: ", ") + "; weights by checkpoint name, such as " + model.name + ".embed.weight"])
    }

    /// A transformer reads tokens: its statements need a finite domain of
    /// tokens it accepts.
    private func requireFiniteTokens(_ model: String, _ name: String, _ adapter: any PointwiseModelAdapter, _ range: SourceRange) throws(Diagnostic) {
        let tokens = "{0..\(adapter.tokenCount - 1)}^\(adapter.inputCount)"
        switch domain {
        case .reals, .box:
            throw Diagnostic(
                "'\(model).\(name)' is a transformer's signal: its softmax is not piecewise-linear, so its statements are decided input by input, over a finite domain",
                at: range, notes: ["declare the tokens as the input: input \(inputName) in \(tokens)"])
        case .integers(let low, let high):
            guard low >= 0, high < adapter.tokenCount else {
                throw Diagnostic("model '\(model)' reads tokens 0..\(adapter.tokenCount - 1), but the input ranges over \(low)..\(high)", at: range,
                                 notes: ["declare: input \(inputName) in \(tokens)"])
            }
        case .points(let points):
            guard points.allSatisfy({ $0.allSatisfy { $0.intValue.map { (0..<adapter.tokenCount).contains($0) } ?? false } }) else {
                throw Diagnostic("model '\(model)' reads tokens 0..\(adapter.tokenCount - 1), but some input point has another coordinate", at: range)
            }
        }
    }

    /// A weight by checkpoint name, or part of one (`m.attns[0]`).
    private func weight(_ m: Int, _ path: String, _ range: SourceRange) throws(Diagnostic) -> PointwiseValue {
        guard let adapter = models[m].adapter as? any PointwiseModelAdapter else { throw Diagnostic("no weight '\(path)'", at: range) }
        if let w = adapter.namedWeights.first(where: { $0.name == path }) {
            let columns = w.shape.dropFirst().reduce(1, *)
            return Self.table(w.shape) { index in
                .constant(w.entries[index.count == 1 ? index[0] : index[0] * columns + index[1]])
            }
        }
        guard adapter.namedWeights.contains(where: { $0.name.hasPrefix(path + ".") }) else {
            let names = adapter.namedWeights.map(\.name)
            throw Diagnostic("model '\(models[m].name)' has no weight '\(path)'", at: range,
                             notes: (suggestion(for: path, among: names).map { ["did you mean '\($0)'?"] } ?? []) + ["weights: " + names.joined(separator: ", ")])
        }
        return .weightPath(model: m, path: path, range: range)
    }

    /// A table of the given shape whose entry at an index is `entry(index)`.
    static func table(_ shape: [Int], prefix: [Int] = [], _ entry: ([Int]) -> PointwiseScalar) -> PointwiseValue {
        if shape.count == 1 { return .vector((0..<shape[0]).map { entry(prefix + [$0]) }) }
        return .array((0..<shape[0]).map { table(Array(shape.dropFirst()), prefix: prefix + [$0], entry) })
    }

    mutating func index(_ base: PointwiseValue, _ indexExpression: Expression, _ range: SourceRange) throws(Diagnostic) -> PointwiseValue {
        switch base {
        case .vector(let v):
            let i = try scalar(try compile(indexExpression), indexExpression.range)
            if case .constant(let c) = i.folded {
                guard let k = c.intValue else { throw Diagnostic("an index is an integer, found \(c)", at: indexExpression.range) }
                return .scalar(v[try normalizedIndex(k, count: v.count, indexExpression.range)])
            }
            guard i.isIntegerValued else { throw Diagnostic("an index is an integer; this expression is not integer-valued", at: indexExpression.range) }
            return .scalar(.select(i, v))
        case .array(let rows):
            let k = try normalizedIndex(try constantInteger(indexExpression), count: rows.count, indexExpression.range)
            return rows[k]
        case .weightPath(let m, let path, _):
            return try weight(m, path + ".\(try constantInteger(indexExpression))", range)
        case .ranking(let v):
            return .scalar(.rankPosition(v, try normalizedIndex(try constantInteger(indexExpression), count: v.count, indexExpression.range)))
        case .sorted(let v):
            return .scalar(.rankValue(v, try normalizedIndex(try constantInteger(indexExpression), count: v.count, indexExpression.range)))
        default:
            throw Diagnostic("cannot index \(base.typeName)", at: range)
        }
    }

    private func normalizedIndex(_ i: Int, count: Int, _ range: SourceRange) throws(Diagnostic) -> Int {
        let k = i < 0 ? i + count : i
        guard k >= 0, k < count else { throw Diagnostic("index \(i) is out of range: valid are 0...\(count - 1)", at: range) }
        return k
    }

    // MARK: - Operators

    mutating func binary(_ op: String, _ lhs: Expression, _ rhs: Expression, _ range: SourceRange) throws(Diagnostic) -> PointwiseValue {
        switch op {
        case "and": return .boolean(.and([try condition(lhs), try condition(rhs)]))
        case "or": return .boolean(.or([try condition(lhs), try condition(rhs)]))
        case "=>": return .boolean(.or([.not(try condition(lhs)), try condition(rhs)]))
        default: break
        }
        let a = try compile(lhs)
        let b = try compile(rhs)
        switch op {
        case "+": return try elementwise(a, b, range) { x, y throws(Diagnostic) in .sum([x, y]) }
        case "-": return try elementwise(a, b, range) { x, y throws(Diagnostic) in .sum([x, .product(.constant(-1), y)]) }
        case "*": return try elementwise(a, b, range) { x, y throws(Diagnostic) in .product(x, y) }
        case "@": return try matrixProduct(a, b, range)
        default:  // "/"
            return try elementwise(a, b, range) { x, y throws(Diagnostic) in
                if case .constant(let c) = y.folded, c.isZero { throw Diagnostic("division by zero", at: range) }
                return .quotient(x, y)
            }
        }
    }

    private func elementwise(
        _ a: PointwiseValue, _ b: PointwiseValue, _ range: SourceRange, _ f: (PointwiseScalar, PointwiseScalar) throws(Diagnostic) -> PointwiseScalar
    ) throws(Diagnostic) -> PointwiseValue {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)): return .scalar(try f(x, y))
        case (.scalar(let x), .vector(let v)):
            var out: [PointwiseScalar] = []
            for y in v { out.append(try f(x, y)) }
            return .vector(out)
        case (.vector(let v), .scalar(let y)):
            var out: [PointwiseScalar] = []
            for x in v { out.append(try f(x, y)) }
            return .vector(out)
        case (.vector(let x), .vector(let y)) where x.count == y.count:
            var out: [PointwiseScalar] = []
            for (p, q) in zip(x, y) { out.append(try f(p, q)) }
            return .vector(out)
        default:
            throw Diagnostic("cannot combine \(a.typeName) and \(b.typeName)", at: range)
        }
    }

    /// `M @ v`: the vector of the dot products of M's rows with v.
    private func matrixProduct(_ a: PointwiseValue, _ b: PointwiseValue, _ range: SourceRange) throws(Diagnostic) -> PointwiseValue {
        let v = try vector(b, range)
        guard case .array(let rows) = a else { throw Diagnostic("'@' needs a matrix on its left, found \(a.typeName)", at: range) }
        var out: [PointwiseScalar] = []
        for row in rows {
            guard case .vector(let r) = row, r.count == v.count else {
                throw Diagnostic("'@' of a matrix whose rows are not vectors of length \(v.count)", at: range)
            }
            out.append(.sum(zip(r, v).map { .product($0, $1) }))
        }
        return .vector(out)
    }

    func compare(_ a: PointwiseValue, _ op: String, _ b: PointwiseValue, _ range: SourceRange) throws(Diagnostic) -> PointwiseCondition {
        let relations: [String: Relation] = ["<": .less, "<=": .lessOrEqual, "==": .equal, ">=": .greaterOrEqual, ">": .greater]
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            return op == "!=" ? .differ(x, y) : .compare(x, relations[op] ?? .equal, y)
        case (.vector(let x), .vector(let y)):
            guard op == "==" || op == "!=" else {
                throw Diagnostic("'\(op)' compares scalars; vectors only compare with '==' and '!='", at: range, notes: ["compare entries with 'all i in 0..\(x.count - 1): ...'"])
            }
            guard x.count == y.count else { throw Diagnostic("comparing vectors of lengths \(x.count) and \(y.count)", at: range) }
            let equal = PointwiseCondition.and(zip(x, y).map { .compare($0, .equal, $1) })
            return op == "==" ? equal : .not(equal)
        default:
            throw Diagnostic("cannot compare \(a.typeName) with \(b.typeName)", at: range)
        }
    }

    // MARK: - Builtins

    mutating func call(_ name: String, _ args: [(PointwiseValue, SourceRange)], _ range: SourceRange) throws(Diagnostic) -> PointwiseValue {
        func arity(_ n: Int) throws(Diagnostic) {
            guard args.count == n else { throw Diagnostic("\(name) takes \(n) argument\(n == 1 ? "" : "s"), got \(args.count)", at: range) }
        }
        switch name {
        case "relu", "abs":
            try arity(1)
            let f: (PointwiseScalar) -> PointwiseScalar = { name == "relu" ? .relu($0) : .maximum([$0, .product(.constant(-1), $0)]) }
            switch args[0].0 {
            case .scalar(let s): return .scalar(f(s))
            case .vector(let v): return .vector(v.map(f))
            default: throw Diagnostic("\(name) takes a scalar or a vector, found \(args[0].0.typeName)", at: args[0].1)
            }
        case "max", "min":
            var items: [PointwiseScalar] = []
            for (value, r) in args {
                switch value {
                case .scalar(let s): items.append(s)
                case .vector(let v), .sorted(let v): items += v
                default: throw Diagnostic("\(name) takes scalars or vectors, found \(value.typeName)", at: r)
                }
            }
            guard !items.isEmpty else { throw Diagnostic("\(name) of nothing", at: range) }
            return .scalar(name == "max" ? .maximum(items) : .minimum(items))
        case "sum":
            try arity(1)
            let v = try vector(args[0].0, args[0].1)
            return .scalar(isProbabilityRow(v) ? .constant(.one) : .sum(v))
        case "len":
            try arity(1)
            return .scalar(.constant(Rational(try vector(args[0].0, args[0].1).count)))
        case "sort":
            try arity(1)
            return .sorted(try vector(args[0].0, args[0].1))
        case "argsort":
            try arity(1)
            return .ranking(try vector(args[0].0, args[0].1))
        case "median":
            try arity(1)
            let v = try vector(args[0].0, args[0].1)
            if v.count % 2 == 1 { return .scalar(.rankValue(v, v.count / 2)) }
            return .scalar(.product(.constant(Rational(1, 2)), .sum([.rankValue(v, v.count / 2 - 1), .rankValue(v, v.count / 2)])))
        case "dot":
            try arity(2)
            let (c, v) = (try vector(args[0].0, args[0].1), try vector(args[1].0, args[1].1))
            guard c.count == v.count else { throw Diagnostic("dot of vectors of lengths \(c.count) and \(v.count)", at: range) }
            return .scalar(.sum(zip(c, v).map { .product($0, $1) }))
        case "distinct":
            try arity(1)
            let v = try vector(args[0].0, args[0].1)
            var parts: [PointwiseCondition] = []
            for i in v.indices { for j in v.indices where j > i { parts.append(.differ(v[i], v[j])) } }
            return .boolean(.and(parts))
        case "argmax", "argmin":
            try arity(1)
            let v = try vector(args[0].0, args[0].1)
            return .scalar(name == "argmax" ? .argmax(v) : .argmin(v))
        case "longest_cycle":
            try arity(1)
            return .scalar(.longestCycle(try cycleArgument(args[0].0, args[0].1)))
        default:
            throw Diagnostic(
                "unknown function '\(name)'", at: SourceRange(range.start, length: name.count),
                notes: suggestion(for: name, among: Self.builtins).map { ["did you mean '\($0)'?"] } ?? [])
        }
    }

    /// `longest_cycle`'s argument: a vector of integers in `0..<len`, as a
    /// function `k -> v[k]`.
    private func cycleArgument(_ value: PointwiseValue, _ range: SourceRange) throws(Diagnostic) -> [PointwiseScalar] {
        guard case .vector(let v) = value else {
            throw Diagnostic("longest_cycle reads a vector of integers, found \(value.typeName)", at: range)
        }
        guard v.allSatisfy(\.isIntegerValued) else {
            throw Diagnostic("longest_cycle reads a vector of integers in {0..\(v.count - 1)}; this vector's entries are not integers", at: range,
                             notes: ["it reads a function i -> v[i], such as the input tokens: longest_cycle(\(inputName))"])
        }
        var values: [Rational] = []
        switch domain {
        case .integers(let low, let high): values = [Rational(low), Rational(high)]
        case .points(let points): values = points.flatMap { $0 }
        case .reals, .box: values = []
        }
        if v.contains(where: { if case .input = $0 { return true } else { return false } }),
            let bad = values.first(where: { $0.signum < 0 || $0 >= Rational(v.count) }) {
            throw Diagnostic("longest_cycle reads values in {0..\(v.count - 1)}, but the input takes the value \(bad)", at: range)
        }
        for case .constant(let c) in v where c.signum < 0 || c >= Rational(v.count) {
            throw Diagnostic("longest_cycle reads values in {0..\(v.count - 1)}, found \(c)", at: range)
        }
        return v
    }

    /// Whether `v` is a whole row of a signal whose rows are probability
    /// distributions (`m.attn[l][q]`): its sum is exactly 1, by softmax's
    /// definition, although its entries are only enclosed.
    private func isProbabilityRow(_ v: [PointwiseScalar]) -> Bool {
        guard case .signal(let m, let family, let first)? = v.first,
            let adapter = models[m].adapter as? any PointwiseModelAdapter, adapter.probabilityRows.contains(family),
            let shape = adapter.signalShapes.first(where: { $0.name == family })?.shape, shape.last == v.count
        else { return false }
        let row = Array(first.dropLast())
        return v.enumerated().allSatisfy { k, s in s == .signal(model: m, family: family, index: row + [k]) }
    }
}
