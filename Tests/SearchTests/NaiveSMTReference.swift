@testable import Claims
import ExactArithmetic
import ModelImport

/// A deliberately naive second encoding of a claims file, for the tests
/// only: from the network's weights and the statement's syntax tree
/// straight to SMT-LIB. It shares nothing with the lowering: no program,
/// no node sharing, no homogeneity trick, no case splits; a ReLU is an
/// `ite`, a rank is a count of the entries before it, a sorted entry is
/// the entry whose rank it is. A lowering bug that the search, the checker
/// and the SMT export would all agree on shows up as a disagreement with
/// z3 on this script.
///
/// It covers the part of the language the random claims use (`RandomClaims`).
struct NaiveSMTReference {
    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    private enum Value {
        case scalar(String)
        case vector([String])
        /// Rows numbered from `first`.
        case table([[String]], first: Int)
        case integer(Int)
        case boolean(String)
        case model
        /// `argmax(v)` or `argmin(v)` (`isMax` false).
        case extremeIndex([String], isMax: Bool)
        /// `argsort(v)`, to be indexed.
        case ranking([String])
        /// `argsort(v)[k]`.
        case rankIndex([String], Int)
    }

    private let network: RecurrentNetwork
    private var definitions: [String] = []
    private var signals: [String: Value] = [:]
    private var inputs: [String] = []
    private var inputName = "x"
    private var modelName = "m"
    private var bindings: [String: Value] = [:]

    /// The SMT-LIB script whose satisfiability is the statement's query:
    /// assumptions, `where` part and the negated claim (or the witness).
    static func script(source: String, network: RecurrentNetwork) throws -> String {
        var reference = NaiveSMTReference(network: network)
        return try reference.build(source)
    }

    private init(network: RecurrentNetwork) {
        self.network = network
    }

    private mutating func build(_ source: String) throws -> String {
        var parser = Parser(tokens: Lexer.tokens(source).tokens)
        var assertions: [String] = []
        var premise: [String] = []
        for statement in parser.parseFile() {
            switch statement {
            case .model(let name, _, _, _):
                modelName = name
            case .editedModel, .measure, .optimize:
                throw Unsupported(description: "edited models, measures and optimization")
            case .input(let name, let domain, _):
                inputName = name
                assertions += try declareInputs(domain)
                unroll()
            case .binding(let name, let value, _):
                bindings[name] = try lower(value)
            case .assume(let condition, _):
                premise.append(try boolean(condition))
            case .claim(_, let body, let condition, _), .witness(_, let body, let condition, _):
                if let condition { premise.append(try boolean(condition)) }
                let goal = try boolean(body)
                if case .claim = statement { assertions.append("(not \(goal))") } else { assertions.append(goal) }
            }
        }
        let declarations = inputs.map { "(declare-const \($0) Real)" }
        return (declarations + definitions + (premise + assertions).map { "(assert \($0))" } + ["(check-sat)"]).joined(separator: "\n") + "\n"
    }

    // MARK: - Terms

    private static func number(_ r: Rational) -> String {
        let magnitude = r.magnitude
        let numerator = (magnitude * magnitude.denominator).description
        let text = magnitude.isInteger ? "\(numerator).0" : "(/ \(numerator).0 \(magnitude.denominator.description).0)"
        return r.signum < 0 ? "(- \(text))" : text
    }

    /// Names a term, so that terms read twice are not written twice.
    private mutating func define(_ term: String) -> String {
        let name = "t\(definitions.count)"
        definitions.append("(define-fun \(name) () Real \(term))")
        return name
    }

    private mutating func relu(_ t: String) -> String { define("(ite (>= \(t) 0.0) \(t) 0.0)") }
    private mutating func absolute(_ t: String) -> String { define("(ite (>= \(t) 0.0) \(t) (- \(t)))") }
    private mutating func maximum(_ a: String, _ b: String) -> String { define("(ite (>= \(a) \(b)) \(a) \(b))") }
    private mutating func minimum(_ a: String, _ b: String) -> String { define("(ite (<= \(a) \(b)) \(a) \(b))") }

    private func sum(_ terms: [String]) -> String { terms.count == 1 ? terms[0] : "(+ \(terms.joined(separator: " ")))" }
    private func all(_ parts: [String]) -> String { parts.isEmpty ? "true" : parts.count == 1 ? parts[0] : "(and \(parts.joined(separator: " ")))" }
    private func any(_ parts: [String]) -> String { parts.isEmpty ? "false" : parts.count == 1 ? parts[0] : "(or \(parts.joined(separator: " ")))" }

    /// The stable ascending rank of `v[i]`: how many entries come before it.
    private mutating func rank(_ v: [String], _ i: Int) -> String {
        let before = v.indices.filter { $0 != i }.map { j in
            let comes = j < i ? "(<= \(v[j]) \(v[i]))" : "(< \(v[j]) \(v[i]))"
            return "(ite \(comes) 1.0 0.0)"
        }
        return define(before.isEmpty ? "0.0" : sum(before))
    }

    /// The entry of rank `k`.
    private mutating func sorted(_ v: [String], _ k: Int) -> String {
        let ranks = v.indices.map { rank(v, $0) }
        var term = v[v.count - 1]
        for i in v.indices.dropLast().reversed() { term = "(ite (= \(ranks[i]) \(k).0) \(v[i]) \(term))" }
        return define(term)
    }

    // MARK: - The model and the input

    private mutating func declareInputs(_ domain: DomainSyntax) throws -> [String] {
        let n = network.sequenceLength
        inputs = (0..<n).map { "x\($0)" }
        switch domain {
        case .reals: return []
        case .box(let low, let high, _):
            let (lo, hi) = (try constant(low), try constant(high))
            return inputs.map { "(and (<= \(Self.number(lo)) \($0)) (<= \($0) \(Self.number(hi))))" }
        case .integers(let low, let high, _):
            let (lo, hi) = (try integer(low), try integer(high))
            return inputs.map { x in any((lo...hi).map { "(= \(x) \(Self.number(Rational($0))))" }) }
        case .pointsFile, .pointSet:
            throw Unsupported(description: "points domains")
        }
    }

    /// `z[t] = W_hh h[t-1] + W_hi x[t-1] (+ bias)`, `h[t] = relu(z[t])`, `logits = W_oh h[n] (+ bias)`.
    private mutating func unroll() {
        let (d, n) = (network.hiddenSize, network.sequenceLength)
        var h = [[String]](repeating: [String](repeating: "0.0", count: d), count: 1)
        var z: [[String]] = []
        for t in 1...n {
            let step = (0..<d).map { j in
                var terms = ["(* \(Self.number(network.inputWeights[j])) \(inputs[t - 1]))"]
                for k in 0..<d { terms.append("(* \(Self.number(network.recurrentWeights[j][k])) \(h[t - 1][k]))") }
                if let bias = network.hiddenBias { terms.append(Self.number(bias[j])) }
                return define(sum(terms))
            }
            z.append(step)
            h.append(step.map { relu($0) })
        }
        let logits = network.outputWeights.enumerated().map { i, row in
            var terms = row.enumerated().map { k, w in "(* \(Self.number(w)) \(h[n][k]))" }
            if let bias = network.outputBias { terms.append(Self.number(bias[i])) }
            return define(sum(terms))
        }
        signals = ["z": .table(z, first: 1), "h": .table(h, first: 0), "logits": .vector(logits)]
    }

    // MARK: - Expressions

    private mutating func constant(_ e: Expression) throws -> Rational {
        switch e {
        case .number(let text, _):
            guard let r = Rational(text) else { throw Unsupported(description: "number \(text)") }
            return r
        case .unary("-", let operand, _): return -(try constant(operand))
        default: throw Unsupported(description: "a non-constant bound")
        }
    }

    private mutating func integer(_ e: Expression) throws -> Int {
        switch try lower(e) {
        case .integer(let k): return k
        default: throw Unsupported(description: "a non-integer index")
        }
    }

    private mutating func scalar(_ e: Expression) throws -> String {
        switch try lower(e) {
        case .scalar(let t): return t
        case .integer(let k): return Self.number(Rational(k))
        default: throw Unsupported(description: "a scalar expected")
        }
    }

    private mutating func vector(_ e: Expression) throws -> [String] {
        guard case .vector(let v) = try lower(e) else { throw Unsupported(description: "a vector expected") }
        return v
    }

    private mutating func boolean(_ e: Expression) throws -> String {
        guard case .boolean(let b) = try lower(e) else { throw Unsupported(description: "a condition expected") }
        return b
    }

    private mutating func lower(_ e: Expression) throws -> Value {
        switch e {
        case .number(let text, _):
            guard let r = Rational(text) else { throw Unsupported(description: "number \(text)") }
            if let k = r.intValue, !text.contains(".") { return .integer(k) }
            return .scalar(Self.number(r))
        case .name(let name, _):
            if name == inputName { return .vector(inputs) }
            if name == modelName { return .model }
            guard let value = bindings[name] else { throw Unsupported(description: "name \(name)") }
            return value
        case .member(let base, let member, _):
            guard case .model = try lower(base), let signal = signals[member] else { throw Unsupported(description: "member \(member)") }
            return signal
        case .index(let base, let index, _):
            return try indexed(try lower(base), try integer(index))
        case .call(let name, let arguments, _):
            return try call(name, arguments)
        case .unary("-", let operand, _):
            switch try lower(operand) {
            case .integer(let k): return .integer(-k)
            case .scalar(let t): return .scalar("(- \(t))")
            default: throw Unsupported(description: "negating a non-scalar")
            }
        case .unary(_, let operand, _):
            return .boolean("(not \(try boolean(operand)))")
        case .binary(let op, let lhs, let rhs, _):
            return try binary(op, lhs, rhs)
        case .comparison(let operands, let operators, _):
            var parts: [String] = []
            for (k, (op, _)) in operators.enumerated() { parts.append(try compare(operands[k], op, operands[k + 1])) }
            return .boolean(all(parts))
        case .quantifier(let isAll, let variable, let range, let body, _):
            var parts: [String] = []
            for k in try integer(range.0)...(try integer(range.1)) {
                let saved = bindings[variable]
                bindings[variable] = .integer(k)
                defer { bindings[variable] = saved }
                parts.append(try boolean(body))
            }
            return .boolean(isAll ? all(parts) : any(parts))
        case .slice, .comprehension, .vector:
            throw Unsupported(description: "slices, comprehensions and vector literals")
        }
    }

    private mutating func indexed(_ base: Value, _ k: Int) throws -> Value {
        switch base {
        case .vector(let v):
            let i = k < 0 ? k + v.count : k
            guard v.indices.contains(i) else { throw Unsupported(description: "index \(k) out of range") }
            return .scalar(v[i])
        case .table(let rows, let first):
            let i = k < 0 ? k + rows.count : k - first
            guard rows.indices.contains(i) else { throw Unsupported(description: "row \(k) out of range") }
            return .vector(rows[i])
        case .ranking(let v):
            return .rankIndex(v, k < 0 ? k + v.count : k)
        default:
            throw Unsupported(description: "indexing")
        }
    }

    private mutating func binary(_ op: String, _ lhs: Expression, _ rhs: Expression) throws -> Value {
        switch op {
        case "and", "or", "=>":
            let (a, b) = (try boolean(lhs), try boolean(rhs))
            return .boolean("(\(op) \(a) \(b))")
        case "+", "-", "*", "/":
            let (a, b) = (try scalar(lhs), try scalar(rhs))
            return .scalar("(\(op) \(a) \(b))")
        default:
            throw Unsupported(description: "operator \(op)")
        }
    }

    private mutating func compare(_ lhs: Expression, _ op: String, _ rhs: Expression) throws -> String {
        let (a, b) = (try lower(lhs), try lower(rhs))
        switch (a, b) {
        case (.extremeIndex, _), (.rankIndex, _), (_, .extremeIndex), (_, .rankIndex):
            let equal = try indexEquality(a, b)
            return op == "==" ? equal : "(not \(equal))"
        default:
            let (x, y) = (try scalarTerm(a), try scalarTerm(b))
            switch op {
            case "==": return "(= \(x) \(y))"
            case "!=": return "(not (= \(x) \(y)))"
            default: return "(\(op) \(x) \(y))"
            }
        }
    }

    private func scalarTerm(_ v: Value) throws -> String {
        switch v {
        case .scalar(let t): return t
        case .integer(let k): return Self.number(Rational(k))
        default: throw Unsupported(description: "a scalar expected")
        }
    }

    /// Whether index value `v` names `i`.
    private mutating func names(_ v: Value, _ i: Int) throws -> String {
        switch v {
        case .integer(let k): return k == i ? "true" : "false"
        case .extremeIndex(let u, let isMax):
            guard u.indices.contains(i) else { return "false" }
            return all(u.indices.filter { $0 != i }.map { isMax ? "(> \(u[i]) \(u[$0]))" : "(< \(u[i]) \(u[$0]))" })
        case .rankIndex(let u, let k):
            guard u.indices.contains(i) else { return "false" }
            return "(= \(rank(u, i)) \(k).0)"
        default:
            throw Unsupported(description: "an index expected")
        }
    }

    private mutating func indexEquality(_ a: Value, _ b: Value) throws -> String {
        var length = 0
        for v in [a, b] {
            switch v {
            case .extremeIndex(let u, _), .rankIndex(let u, _): length = max(length, u.count)
            case .integer(let k): length = max(length, k + 1)
            default: throw Unsupported(description: "an index expected")
            }
        }
        var options: [String] = []
        for i in 0..<length { options.append(all([try names(a, i), try names(b, i)])) }
        return any(options)
    }

    private mutating func call(_ name: String, _ arguments: [Expression]) throws -> Value {
        switch name {
        case "relu", "abs":
            switch try lower(arguments[0]) {
            case .vector(let v): return .vector(v.map { name == "relu" ? relu($0) : absolute($0) })
            case let value:
                let t = try scalarTerm(value)
                return .scalar(name == "relu" ? relu(t) : absolute(t))
            }
        case "max", "min":
            var items: [String] = []
            for argument in arguments {
                switch try lower(argument) {
                case .vector(let v): items += v
                case let value: items.append(try scalarTerm(value))
                }
            }
            var result = items[0]
            for item in items.dropFirst() { result = name == "max" ? maximum(result, item) : minimum(result, item) }
            return .scalar(result)
        case "sum":
            return .scalar(sum(try vector(arguments[0])))
        case "median":
            let v = try vector(arguments[0])
            if v.count % 2 == 1 { return .scalar(sorted(v, v.count / 2)) }
            return .scalar("(/ (+ \(sorted(v, v.count / 2 - 1)) \(sorted(v, v.count / 2))) 2.0)")
        case "sort":
            return .vector(try sortedVector(try vector(arguments[0])))
        case "argmax", "argmin":
            return .extremeIndex(try vector(arguments[0]), isMax: name == "argmax")
        case "argsort":
            return .ranking(try vector(arguments[0]))
        case "distinct":
            let v = try vector(arguments[0])
            var parts: [String] = []
            for i in v.indices { for j in v.indices where j > i { parts.append("(not (= \(v[i]) \(v[j])))") } }
            return .boolean(all(parts))
        default:
            throw Unsupported(description: "function \(name)")
        }
    }

    private mutating func sortedVector(_ v: [String]) throws -> [String] {
        var out: [String] = []
        for k in v.indices { out.append(sorted(v, k)) }
        return out
    }
}
