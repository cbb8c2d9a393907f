/// A token of the claims language.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case name(String)
        case keyword(String)
        /// An exact number as written (`0.1`, `1e-3`); parsed exactly later.
        case number(String)
        case string(String)
        case symbol(String)
        case newline
        case end
    }

    let kind: Kind
    let range: SourceRange

    var text: String {
        switch kind {
        case .name(let s), .keyword(let s), .number(let s), .symbol(let s): return s
        case .string(let s): return "\"\(s)\""
        case .newline: return "end of line"
        case .end: return "end of file"
        }
    }
}

/// Splits a claims file into tokens. A line break ends a statement unless a
/// bracket is open or the next non-blank line is indented.
struct Lexer {
    static let keywords: Set<String> = [
        "model", "input", "let", "assume", "claim", "witness", "measure", "maximize", "minimize", "where", "in", "and", "or", "not", "all", "any",
        "for", "if", "R", "seq",
    ]
    static let symbols = ["=>", "==", "!=", "<=", ">=", "..", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "<", ">", "+", "-", "*", "/", "@", "^"]

    static let statementKeywords: Set<String> = ["model", "input", "let", "assume", "claim", "witness", "measure", "maximize", "minimize"]

    /// Whether a line begins, at its first column, with a statement keyword.
    static func startsStatement(_ line: [Character]) -> Bool {
        let word = String(line.prefix { $0.isLetter })
        return statementKeywords.contains(word) && line.count > word.count && line[word.count] == " "
    }

    /// The characters of one line; ASCII lines skip grapheme breaking.
    static func characters(_ line: Substring) -> [Character] {
        guard line.utf8.allSatisfy({ $0 < 0x80 }) else { return Array(line) }
        return line.utf8.map { Character(Unicode.Scalar($0)) }
    }

    static func tokens(_ source: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(Self.characters)
        var tokens: [Token] = []
        var diagnostics: [Diagnostic] = []
        var depth = 0
        var openBrackets: [Token] = []
        for (lineIndex, line) in lines.enumerated() {
            var i = 0
            func at(_ offset: Int = 0) -> Character? { i + offset < line.count ? line[i + offset] : nil }
            func location(_ column: Int) -> SourceLocation { SourceLocation(line: lineIndex + 1, column: column + 1) }
            while let c = at() {
                if c == "#" { break }
                if c == " " || c == "\t" || c == "\r" {
                    i += 1
                    continue
                }
                let start = i
                if c.startsName {
                    while let d = at(), d.continuesName { i += 1 }
                    let word = String(line[start..<i])
                    tokens.append(Token(kind: keywords.contains(word) ? .keyword(word) : .name(word), range: SourceRange(location(start), length: i - start)))
                } else if c.isDecimalDigit {
                    while let d = at(), d.isDecimalDigit { i += 1 }
                    if at() == ".", let d = at(1), d.isDecimalDigit {
                        i += 1
                        while let d = at(), d.isDecimalDigit { i += 1 }
                    }
                    if let e = at(), e == "e" || e == "E" {
                        let sign = at(1) == "+" || at(1) == "-" ? 1 : 0
                        if let d = at(1 + sign), d.isDecimalDigit {
                            i += 1 + sign
                            while let d = at(), d.isDecimalDigit { i += 1 }
                        }
                    }
                    tokens.append(Token(kind: .number(String(line[start..<i])), range: SourceRange(location(start), length: i - start)))
                } else if c == "\"" {
                    i += 1
                    var text = ""
                    var closed = false
                    while let d = at() {
                        i += 1
                        if d == "\"" {
                            closed = true
                            break
                        }
                        if d == "\\", let e = at() {
                            i += 1
                            text.append(e)
                        } else {
                            text.append(d)
                        }
                    }
                    if !closed {
                        diagnostics.append(Diagnostic("unterminated string", at: SourceRange(location(start), length: i - start), notes: ["strings end with '\"' on the same line"]))
                    }
                    tokens.append(Token(kind: .string(text), range: SourceRange(location(start), length: i - start)))
                } else if let symbol = symbols.first(where: { s in s.enumerated().allSatisfy { at($0.offset) == $0.element } }) {
                    i += symbol.count
                    let token = Token(kind: .symbol(symbol), range: SourceRange(location(start), length: symbol.count))
                    if "([{".contains(symbol) {
                        depth += 1
                        openBrackets.append(token)
                    }
                    if ")]}".contains(symbol) {
                        depth = max(0, depth - 1)
                        _ = openBrackets.popLast()
                    }
                    tokens.append(token)
                } else {
                    diagnostics.append(Diagnostic("unexpected character '\(c)'", at: SourceRange(location(start))))
                    i += 1
                }
            }
            // End of line: a statement ends unless a bracket is open or the
            // next non-blank line is indented (a continuation).
            let next = lines[(lineIndex + 1)...].first { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                return !trimmed.isEmpty && trimmed.first != "#"
            }
            if depth > 0, let next, let open = openBrackets.first, Self.startsStatement(next) {
                // A statement keyword at the start of a line cannot continue an
                // expression: the bracket was never closed.
                diagnostics.append(Diagnostic("'\(open.text)' is never closed", at: open.range, notes: ["the next line starts a new statement"]))
                depth = 0
                openBrackets = []
            }
            guard depth == 0, let last = tokens.last, last.kind != .newline else { continue }
            if let next, next.first == " " || next.first == "\t" { continue }
            tokens.append(Token(kind: .newline, range: SourceRange(SourceLocation(line: lineIndex + 1, column: line.count + 1))))
        }
        let endLine = max(1, lines.count)
        tokens.append(Token(kind: .end, range: SourceRange(SourceLocation(line: endLine, column: (lines.last?.count ?? 0) + 1))))
        return (tokens, diagnostics)
    }
}

extension Character {
    /// A letter or `_`: the first character of a name.
    fileprivate var startsName: Bool {
        guard let ascii = asciiValue else { return isLetter }
        return (ascii | 0x20) >= 0x61 && (ascii | 0x20) <= 0x7A || ascii == 0x5F
    }

    /// A letter, digit or `_`: a character inside a name.
    fileprivate var continuesName: Bool { startsName || isDecimalDigit }

    /// A digit of a number (any Unicode decimal digit, as `isNumber` was).
    fileprivate var isDecimalDigit: Bool {
        guard let ascii = asciiValue else { return isNumber }
        return ascii >= 0x30 && ascii <= 0x39
    }
}
