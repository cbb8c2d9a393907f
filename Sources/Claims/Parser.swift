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
            throw fail("a statement (model, input, let, assume, claim or witness)")
        }
        _ = advance()
        switch word {
        case "model":
            let (name, nameRange) = try expectName("a model name")
            _ = try expectSymbol("=")
            guard case .string(let path) = current.kind else { throw fail("a quoted checkpoint path") }
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
            let (name, nameRange) = try expectName("a \(word) name")
            _ = try expectSymbol(":", "':' after the \(word) name")
            let body = try expression()
            var condition: Expression?
            if isKeyword("where") {
                _ = advance()
                condition = try expression()
            }
            return word == "claim" ? .claim(name: name, body: body, condition: condition, nameRange) : .witness(name: name, body: body, condition: condition, nameRange)
        default:
            position -= 1
            throw fail("a statement (model, input, let, assume, claim or witness)")
        }
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
        if isSymbol("{") {
            _ = advance()
            let low = try additive()
            _ = try expectSymbol("..")
            let high = try additive()
            _ = try expectSymbol("}")
            _ = try expectSymbol("^", "'^' and a dimension, as in {0..3}^4")
            return .integers(low: low, high: high, dimension: try primary())
        }
        throw fail("a domain: R^n, [lo, hi]^n or {a..b}^n")
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
        while case .symbol(let s) = current.kind, s == "*" || s == "/" {
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
                    _ = advance()
                    let (variable, _) = try expectName("an index variable")
                    try expectKeyword("in")
                    let bounds = try range()
                    var condition: Expression?
                    if isKeyword("if") {
                        _ = advance()
                        condition = try expression()
                    }
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
}
