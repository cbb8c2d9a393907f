/// Parses tokens into statements, recovering at the next statement after an
/// error so one run reports every fault.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    private(set) var diagnostics: [Diagnostic] = []

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    struct Failure: Error {}

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }
    private func isKeyword(_ s: String) -> Bool { current.kind == .keyword(s) }

    private mutating func fail(_ expected: String, note: [String] = []) -> Failure {
        diagnostics.append(Diagnostic("expected \(expected), found \(current.kind == .newline || current.kind == .end ? current.text : "'\(current.text)'")", at: current.range, notes: note))
        return Failure()
    }

    private mutating func expectSymbol(_ s: String, _ what: String? = nil) throws(Failure) -> Token {
        guard isSymbol(s) else { throw fail(what ?? "'\(s)'") }
        return advance()
    }

    private mutating func expectKeyword(_ s: String) throws(Failure) {
        guard isKeyword(s) else { throw fail("'\(s)'") }
        _ = advance()
    }

    private mutating func expectName(_ what: String) throws(Failure) -> (String, SourceRange) {
        guard case .name(let name) = current.kind else {
            if case .keyword(let k) = current.kind {
                throw fail(what, note: ["'\(k)' is a keyword and cannot be used as a name"])
            }
            throw fail(what)
        }
        let range = advance().range
        return (name, range)
    }

    // MARK: - Statements

    mutating func parseFile() -> [Statement] {
        var statements: [Statement] = []
        while current.kind != .end {
            if current.kind == .newline {
                _ = advance()
                continue
            }
            do {
                statements.append(try statement())
                guard current.kind == .newline || current.kind == .end else { throw fail("end of statement") }
            } catch {
                while current.kind != .newline && current.kind != .end { _ = advance() }
            }
        }
        return statements
    }

    private mutating func statement() throws(Failure) -> Statement {
        let start = current.range
        guard case .keyword(let word) = current.kind else {
            if case .name(let name) = current.kind, let keyword = suggestion(for: name, among: Array(Lexer.statementKeywords)) {
                throw fail("a statement (model, input, let, assume, claim, witness, measure, maximize or minimize)", note: ["did you mean '\(keyword)'?"])
            }
            throw fail("a statement (model, input, let, assume, claim, witness, measure, maximize or minimize)")
        }
        _ = advance()
        switch word {
        case "model":
            let (name, nameRange) = try expectName("a model name")
            _ = try expectSymbol("=")
            if case .name = current.kind { return .editedModel(name: name, model: try modelExpression(), nameRange) }
            guard case .string(let path) = current.kind else {
                throw fail("a quoted checkpoint path or an earlier model", note: ["as in: model m = \"model.pth\", or model a = m with W_hh[0][1] = 0"])
            }
            _ = advance()
            var length: Int?
            if isKeyword("seq") {
                _ = advance()
                guard case .number(let text) = current.kind, let n = Int(text), n > 0 else { throw fail("a positive sequence length after 'seq'") }
                _ = advance()
                length = n
            }
            return .model(name: name, path: path, sequenceLength: length, nameRange)
        case "input":
            let (name, nameRange) = try expectName("the input's name")
            try expectKeyword("in")
            return .input(name: name, domain: try domain(), nameRange)
        case "let":
            let (name, nameRange) = try expectName("a name")
            _ = try expectSymbol("=")
            return .binding(name: name, value: try expression(), nameRange)
        case "assume":
            return .assume(try expression(), start)
        case "claim", "witness":
            let (name, nameRange, body, condition) = try namedStatement(word)
            return word == "claim" ? .claim(name: name, body: body, condition: condition, nameRange) : .witness(name: name, body: body, condition: condition, nameRange)
        case "measure":
            let (name, nameRange, body, condition) = try namedStatement(word)
            return .measure(name: name, body: body, condition: condition, expectation: try expectation(), nameRange)
        case "maximize", "minimize":
            let (name, nameRange, body, condition) = try namedStatement(word)
            return .optimize(name: name, maximize: word == "maximize", objective: body, condition: condition, expectation: try expectation(), nameRange)
        default:
            position -= 1
            throw fail("a statement (model, input, let, assume, claim, witness, measure, maximize or minimize)")
        }
    }

    /// An optional `expect OP NUMBER` after a measure or an optimization.
    private mutating func expectation() throws(Failure) -> (String, SourceRange, Expression)? {
        guard case .name("expect") = current.kind else { return nil }
        _ = advance()
        guard case .symbol(let op) = current.kind, ["<", "<=", ">=", ">"].contains(op) else {
            throw fail("'<', '<=', '>=' or '>' after 'expect'", note: ["as in: expect >= 0.98"])
        }
        let opRange = advance().range
        return (op, opRange, try additive())
    }

    /// `NAME: EXPR [where EXPR]`, after a claim's, witness's or measure's keyword.
    private mutating func namedStatement(_ word: String) throws(Failure) -> (String, SourceRange, Expression, Expression?) {
        let (name, nameRange) = try expectName("a \(word) name")
        _ = try expectSymbol(":", "':' after the \(word) name")
        let body = try expression()
        var condition: Expression?
        if isKeyword("where") {
            _ = advance()
            condition = try expression()
        }
        return (name, nameRange, body, condition)
    }

    /// `standardize(m)`, `m`, then any `with ...` and `without ...` parts.
    private mutating func modelExpression() throws(Failure) -> ModelSyntax {
        let (name, range) = try expectName("a model name")
        var model: ModelSyntax = .name(name, range)
        if name == "standardize", isSymbol("(") {
            _ = advance()
            model = .standardize(try modelExpression(), range)
            _ = try expectSymbol(")")
        }
        while case .name(let word) = current.kind, word == "with" || word == "without" {
            let wordRange = advance().range
            if word == "with" {
                var edits: [WeightEdit] = []
                repeat {
                    if !edits.isEmpty { _ = advance() }
                    edits.append(try weightEdit())
                } while isSymbol(",")
                model = .with(model, edits)
            } else {
                guard case .name(let noun) = current.kind, noun == "neuron" || noun == "neurons" else {
                    throw fail("'neuron' or 'neurons' after 'without'", note: ["as in: model b = m without neuron 3"])
                }
                _ = advance()
                var neurons = [try additive()]
                while isSymbol(",") {
                    _ = advance()
                    neurons.append(try additive())
                }
                model = .without(model, neurons: neurons, wordRange)
            }
        }
        return model
    }

    /// `W_hh[4][2] = 0`.
    private mutating func weightEdit() throws(Failure) -> WeightEdit {
        let (weight, range) = try expectName("a weight, as in W_hh[0][1] = 0")
        var indices: [Expression] = []
        while isSymbol("[") {
            _ = advance()
            indices.append(try additive())
            _ = try expectSymbol("]")
        }
        _ = try expectSymbol("=", "'=' and the weight's new value")
        return WeightEdit(weight: weight, indices: indices, value: try additive(), range: range)
    }

    private mutating func domain() throws(Failure) -> DomainSyntax {
        if isKeyword("R") {
            _ = advance()
            _ = try expectSymbol("^", "'^' and a dimension, as in R^3")
            return .reals(dimension: try primary())
        }
        if isSymbol("[") {
            _ = advance()
            let low = try additive()
            _ = try expectSymbol(",")
            let high = try additive()
            _ = try expectSymbol("]")
            _ = try expectSymbol("^", "'^' and a dimension, as in [-1, 1]^3")
            return .box(low: low, high: high, dimension: try primary())
        }
        if case .name("points") = current.kind {
            _ = advance()
            guard case .string(let path) = current.kind else { throw fail("a quoted path after 'points'", note: ["as in: input x in points \"impulses.csv\""]) }
            return .pointsFile(path: path, advance().range)
        }
        if isSymbol("{") {
            let open = advance()
            if isSymbol("[") {
                var points = [try primary()]
                while isSymbol(",") {
                    _ = advance()
                    points.append(try primary())
                }
                _ = try expectSymbol("}", "'}' or ',' and another point")
                return .pointSet(points, open.range)
            }
            let low = try additive()
            _ = try expectSymbol("..")
            let high = try additive()
            _ = try expectSymbol("}")
            _ = try expectSymbol("^", "'^' and a dimension, as in {0..3}^4")
            return .integers(low: low, high: high, dimension: try primary())
        }
        throw fail("a domain: R^n, [lo, hi]^n, {a..b}^n, points \"file.csv\" or {[...], ...}")
    }

    // MARK: - Expressions, loosest first

    mutating func expression() throws(Failure) -> Expression {
        let left = try disjunction()
        if isSymbol("=>") {
            let op = advance()
            let right = try expression()
            return .binary("=>", left, right, op.range)
        }
        return left
    }

    private mutating func disjunction() throws(Failure) -> Expression {
        var left = try conjunction()
        while isKeyword("or") {
            let op = advance()
            left = .binary("or", left, try conjunction(), op.range)
        }
        return left
    }

    private mutating func conjunction() throws(Failure) -> Expression {
        var left = try negation()
        while isKeyword("and") {
            let op = advance()
            left = .binary("and", left, try negation(), op.range)
        }
        return left
    }

    private mutating func negation() throws(Failure) -> Expression {
        if isKeyword("not") {
            let op = advance()
            return .unary("not", try negation(), op.range)
        }
        return try comparison()
    }

    private mutating func comparison() throws(Failure) -> Expression {
        let first = try additive()
        var operands = [first]
        var operators: [(String, SourceRange)] = []
        while case .symbol(let s) = current.kind, ["<", "<=", "==", "!=", ">=", ">"].contains(s) {
            operators.append((s, advance().range))
            operands.append(try additive())
        }
        if operators.isEmpty { return first }
        return .comparison(operands, operators, operators[0].1)
    }

    private mutating func additive() throws(Failure) -> Expression {
        var left = try multiplicative()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            let op = advance()
            left = .binary(s, left, try multiplicative(), op.range)
        }
        return left
    }

    private mutating func multiplicative() throws(Failure) -> Expression {
        var left = try unary()
        while case .symbol(let s) = current.kind, s == "*" || s == "/" || s == "@" {
            let op = advance()
            left = .binary(s, left, try unary(), op.range)
        }
        return left
    }

    private mutating func unary() throws(Failure) -> Expression {
        if isSymbol("-") {
            let op = advance()
            return .unary("-", try unary(), op.range)
        }
        if isSymbol("+") {
            _ = advance()
            return try unary()
        }
        return try postfix()
    }

    private mutating func postfix() throws(Failure) -> Expression {
        var value = try primary()
        while true {
            if isSymbol(".") {
                _ = advance()
                let (member, range) = try expectName("a signal name after '.'")
                value = .member(value, member, range)
            } else if isSymbol("[") {
                let open = advance()
                if isSymbol(":") {
                    _ = advance()
                    let high = isSymbol("]") ? nil : try additive()
                    _ = try expectSymbol("]")
                    value = .slice(value, nil, high, open.range)
                    continue
                }
                let index = try additive()
                if isSymbol(":") {
                    _ = advance()
                    let high = isSymbol("]") ? nil : try additive()
                    _ = try expectSymbol("]")
                    value = .slice(value, index, high, open.range)
                } else {
                    _ = try expectSymbol("]", "']' or ':'")
                    value = .index(value, index, index.range)
                }
            } else {
                return value
            }
        }
    }

    private mutating func range() throws(Failure) -> (Expression, Expression) {
        let low = try additive()
        _ = try expectSymbol("..", "'..' in a range such as 0..9")
        return (low, try additive())
    }

    private mutating func primary() throws(Failure) -> Expression {
        let token = current
        switch token.kind {
        case .number(let text):
            _ = advance()
            return .number(text, token.range)
        case .keyword("all"), .keyword("any"):
            _ = advance()
            let (variable, _) = try expectName("an index variable")
            try expectKeyword("in")
            let bounds = try range()
            _ = try expectSymbol(":", "':' before the quantified expression")
            return .quantifier(isAll: token.kind == .keyword("all"), variable: variable, range: bounds, body: try expression(), token.range)
        case .name(let name):
            _ = advance()
            guard isSymbol("(") else { return .name(name, token.range) }
            _ = advance()
            var arguments: [Expression] = []
            if !isSymbol(")") {
                let first = try expression()
                if isKeyword("for") {
                    let (variable, bounds, condition) = try generator()
                    _ = try expectSymbol(")")
                    return .comprehension(function: name, element: first, variable: variable, range: bounds, condition: condition, token.range)
                }
                arguments.append(first)
                while isSymbol(",") {
                    _ = advance()
                    arguments.append(try expression())
                }
            }
            _ = try expectSymbol(")", "')' or ','")
            return .call(name, arguments, token.range)
        case .symbol("("):
            _ = advance()
            let inner = try expression()
            _ = try expectSymbol(")")
            return inner
        case .symbol("["):
            _ = advance()
            var elements: [Expression] = []
            if !isSymbol("]") {
                elements.append(try expression())
                if isKeyword("for") {
                    // `[e for i in a..b if c]`: the vector of the elements.
                    let (variable, bounds, condition) = try generator()
                    _ = try expectSymbol("]")
                    return .comprehension(function: "", element: elements[0], variable: variable, range: bounds, condition: condition, token.range)
                }
                while isSymbol(",") {
                    _ = advance()
                    elements.append(try expression())
                }
            }
            _ = try expectSymbol("]", "']' or ','")
            return .vector(elements, token.range)
        default:
            throw fail("an expression")
        }
    }

    /// `for i in a..b [if condition]`.
    private mutating func generator() throws(Failure) -> (String, (Expression, Expression), Expression?) {
        try expectKeyword("for")
        let (variable, _) = try expectName("an index variable")
        try expectKeyword("in")
        let bounds = try range()
        var condition: Expression?
        if isKeyword("if") {
            _ = advance()
            condition = try expression()
        }
        return (variable, bounds, condition)
    }
}
