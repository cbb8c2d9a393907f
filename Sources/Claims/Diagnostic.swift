/// A position in a claims file: 1-based line and column (in characters).
public struct SourceLocation: Sendable, Hashable, Comparable {
    /// Line number, from 1.
    public let line: Int
    /// Column number, from 1.
    public let column: Int

    /// A location.
    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders by line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A span of source text: where a fault starts and how many characters the
/// caret line underlines.
public struct SourceRange: Sendable, Hashable {
    /// The first character.
    public let start: SourceLocation
    /// How many characters to underline (at least 1).
    public let length: Int

    /// A range.
    package init(_ start: SourceLocation, length: Int = 1) {
        self.start = start
        self.length = max(1, length)
    }
}

/// An error in a claims file, rendered the way compilers do so editors can
/// jump to it: `file:line:column: error: message`, the source line, a caret
/// under the fault, and notes such as "did you mean 'logits'?".
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the fault is.
    public let range: SourceRange
    /// What is wrong, and what was expected.
    public let message: String
    /// Further lines (suggestions), each rendered as `note: ...`.
    public let notes: [String]
    /// Whether a file the claims file names (a model, a points file) is
    /// missing or unreadable: `farkas` then exits 66, not 65.
    public let isMissingFile: Bool
    /// Whether the fault only follows from an earlier one (a statement
    /// reading a model that could not be loaded): such a diagnostic is not
    /// reported, so one missing file gives one error.
    package let isConsequence: Bool

    /// A diagnostic.
    package init(_ message: String, at range: SourceRange, notes: [String] = [], isMissingFile: Bool = false, isConsequence: Bool = false) {
        self.message = message
        self.range = range
        self.notes = notes
        self.isMissingFile = isMissingFile
        self.isConsequence = isConsequence
    }

    /// `line:column: error: message` without the file name.
    public var description: String { "\(range.start.line):\(range.start.column): error: \(message)" }

    /// The full rendering with the file name, source line and caret.
    public func rendered(file: String, source: String) -> String {
        var lines = ["\(file):\(range.start.line):\(range.start.column): error: \(message)"]
        let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if range.start.line - 1 < sourceLines.count {
            let text = String(sourceLines[range.start.line - 1])
            lines.append(text)
            let available = max(1, text.count - range.start.column + 1)
            let caret = "^" + String(repeating: "~", count: max(0, min(range.length, available) - 1))
            lines.append(String(repeating: " ", count: range.start.column - 1) + caret)
        }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Every diagnostic found in one claims file.
public struct ClaimsFileError: Error, Sendable, CustomStringConvertible {
    /// The file name used in messages.
    public let file: String
    /// The file's text.
    public let source: String
    /// The faults, in source order.
    public let diagnostics: [Diagnostic]

    /// Whether a file the claims file names is missing or unreadable.
    public var isMissingFile: Bool { diagnostics.contains(where: \.isMissingFile) }

    /// All diagnostics rendered, separated by blank lines.
    public var description: String {
        diagnostics.map { $0.rendered(file: file, source: source) }.joined(separator: "\n")
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough
/// to be a plausible typo.
package func suggestion(for name: String, among candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let scored = candidates.map { ($0, distance(Array(name), Array($0))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(1, name.count / 3 + 1) ? best.0 : nil
}
