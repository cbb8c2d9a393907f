/// An expression as written, before type checking.
indirect enum Expression: Sendable {
    case number(String, SourceRange)
    case name(String, SourceRange)
    case member(Expression, String, SourceRange)
    case index(Expression, Expression, SourceRange)
    case slice(Expression, Expression?, Expression?, SourceRange)
    case call(String, [Expression], SourceRange)
    case comprehension(function: String, element: Expression, variable: String, range: (Expression, Expression), condition: Expression?, SourceRange)
    case vector([Expression], SourceRange)
    case unary(String, Expression, SourceRange)
    case binary(String, Expression, Expression, SourceRange)
    /// `a < b <= c`: operands and the operators between them.
    case comparison([Expression], [(String, SourceRange)], SourceRange)
    case quantifier(isAll: Bool, variable: String, range: (Expression, Expression), body: Expression, SourceRange)

    var range: SourceRange {
        switch self {
        case .number(_, let r), .name(_, let r), .member(_, _, let r), .index(_, _, let r), .slice(_, _, _, let r), .call(_, _, let r),
            .comprehension(_, _, _, _, _, let r), .vector(_, let r), .unary(_, _, let r), .binary(_, _, _, let r),
            .comparison(_, _, let r), .quantifier(_, _, _, _, let r):
            return r
        }
    }
}

/// The domain of the input variable.
enum DomainSyntax: Sendable {
    /// `R^n`
    case reals(dimension: Expression)
    /// `[lo, hi]^n`
    case box(low: Expression, high: Expression, dimension: Expression)
    /// `{a..b}^n`
    case integers(low: Expression, high: Expression, dimension: Expression)
    /// `points "file.csv"`, with the path's range.
    case pointsFile(path: String, SourceRange)
    /// `{[1, 0.8, 0], [0.8, 1, 0]}`: each point a vector literal.
    case pointSet([Expression], SourceRange)
}

/// A model built from the file's earlier models: `standardize(m) with
/// W_hh[0][1] = 0`, `m without neurons 3, 5`.
indirect enum ModelSyntax: Sendable {
    /// An earlier model.
    case name(String, SourceRange)
    /// `standardize(model)`.
    case standardize(ModelSyntax, SourceRange)
    /// `model with W[i][j] = value, ...`.
    case with(ModelSyntax, [WeightEdit])
    /// `model without neuron j` or `without neurons j, k, ...`.
    case without(ModelSyntax, neurons: [Expression], SourceRange)
}

/// `W_hh[4][2] = 0`: a weight set to an exact constant.
struct WeightEdit: Sendable {
    let weight: String
    let indices: [Expression]
    let value: Expression
    /// The weight's name.
    let range: SourceRange
}

/// One line of a claims file.
enum Statement: Sendable {
    case model(name: String, path: String, sequenceLength: Int?, SourceRange)
    case editedModel(name: String, model: ModelSyntax, SourceRange)
    case input(name: String, domain: DomainSyntax, SourceRange)
    case binding(name: String, value: Expression, SourceRange)
    case assume(Expression, SourceRange)
    case claim(name: String, body: Expression, condition: Expression?, SourceRange)
    case witness(name: String, body: Expression, condition: Expression?, SourceRange)
    /// `measure NAME: EXPR [where EXPR] [expect OP NUMBER]`, with the
    /// expectation's operator, its range, and the number.
    case measure(name: String, body: Expression, condition: Expression?, expectation: (String, SourceRange, Expression)?, SourceRange)
    /// `maximize NAME: EXPR [where EXPR] [expect OP NUMBER]` (or
    /// `minimize`): the optimum of a scalar over the statement's region.
    case optimize(name: String, maximize: Bool, objective: Expression, condition: Expression?, expectation: (String, SourceRange, Expression)?, SourceRange)
}

extension Expression {
    /// The expression written out again (spacing normalized), to name it
    /// in reports: `argmax(m.logits)`, `argsort(x)[-2]`.
    var text: String {
        switch self {
        case .number(let t, _), .name(let t, _): return t
        case .member(let base, let member, _): return "\(base.text).\(member)"
        case .index(let base, let index, _): return "\(base.text)[\(index.text)]"
        case .slice(let base, let low, let high, _): return "\(base.text)[\(low?.text ?? ""):\(high?.text ?? "")]"
        case .call(let name, let arguments, _): return "\(name)(\(arguments.map(\.bareText).joined(separator: ", ")))"
        case .comprehension(let function, let element, let variable, let range, let condition, _):
            let generator = "\(element.text) for \(variable) in \(range.0.text)..\(range.1.text)" + (condition.map { " if \($0.text)" } ?? "")
            return function.isEmpty ? "[\(generator)]" : "\(function)(\(generator))"
        case .vector(let elements, _): return "[\(elements.map(\.bareText).joined(separator: ", "))]"
        case .unary(let op, let operand, _): return op == "not" ? "not \(operand.text)" : "\(op)\(operand.text)"
        case .binary(let op, let lhs, let rhs, _): return "(\(lhs.text) \(op) \(rhs.text))"
        case .comparison(let operands, let operators, _):
            var parts = [operands[0].text]
            for (k, (op, _)) in operators.enumerated() { parts += [op, operands[k + 1].text] }
            return parts.joined(separator: " ")
        case .quantifier(let isAll, let variable, let range, let body, _):
            return "\(isAll ? "all" : "any") \(variable) in \(range.0.text)..\(range.1.text): \(body.text)"
        }
    }

    /// The text without the parentheses around a binary operation, for
    /// places that delimit it already (an argument, a whole objective).
    var bareText: String {
        if case .binary(let op, let lhs, let rhs, _) = self { return "\(lhs.text) \(op) \(rhs.text)" }
        return text
    }
}
