
/// Why an input vector given on the command line was not accepted.
public struct InputParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A one-line message.
    public let description: String
}

/// What `farkas eval` reports: every signal of a model at one input, exact
/// and in float32.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// One row: a signal's exact value, its float32 value, and their gap.
    public struct Row: Sendable, Codable, Equatable {
        /// Signal name, such as `h[2][0]` or `attn[0][3][1]`.
        public let signal: String
        /// The exact value as a fraction (nil for transformers, whose softmax
        /// is not evaluated exactly yet).
        public let exact: String?
        /// The exact value rounded for display.
        public let exactDecimal: String?
        /// The float32 value (shortest round-trip text).
        public let float32: String
        /// `float32 - exact` rounded for display; nil when not exact-evaluated
        /// or when float32 overflowed.
        public let difference: String?
    }

    /// The model file.
    public let path: String
    /// The architecture name.
    public let architecture: String
    /// The input as given, exact.
    public let input: [String]
    /// The float32 input PyTorch would see (each value rounded to nearest).
    public let float32Input: [String]
    /// One row per signal.
    public let rows: [Row]
    /// A note for the reader, such as what was not evaluated exactly.
    public let note: String?

    /// Parses `"0.5, -1, 2"` (commas and/or spaces) into exact values.
    ///
    /// - Throws: ``InputParseError`` naming the bad entry or the wrong count.
    public static func parseInput(_ text: String, expectedCount: Int) throws(InputParseError) -> [Rational] {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "[" || $0 == "]" }).map(String.init)
        var values: [Rational] = []
        for part in parts {
            do {
                values.append(try Rational(parsing: part))
            } catch {
                throw InputParseError(description: "input entry '\(part)' is not a number (write 0.5, -2/3 or 1e-3)")
            }
        }
        guard values.count == expectedCount else {
            throw InputParseError(description: "the model reads \(expectedCount) inputs, got \(values.count)")
        }
        return values
    }

    /// Evaluates a model at an input.
    ///
    /// - Parameters:
    ///   - digits: fraction digits for the display columns.
    /// - Throws: ``InputParseError`` for a transformer input that is not a
    ///   token in range.
    public init(model: LoadedModel, input: [Rational], digits: Int = 8) throws(InputParseError) {
        path = model.path
        architecture = model.network.architectureName
        self.input = input.map(\.description)
        float32Input = input.map { "\($0.nearestFloat)" }
        switch model.network {
        case .recurrent(let rnn):
            rows = UnrolledRNN(rnn).evaluate(at: input).map { value in
                Row(
                    signal: value.name, exact: value.exact.description,
                    exactDecimal: value.exact.decimalString(fractionDigits: digits), float32: "\(value.float32)",
                    difference: value.float32Error.map(Self.gapText))
            }
            note = nil
        case .transformer(let t):
            var tokens: [Int] = []
            for value in input {
                guard let token = value.intValue, (0..<t.inputRange).contains(token) else {
                    throw InputParseError(description: "transformer inputs are tokens in 0..\(t.inputRange - 1); got \(value)")
                }
                tokens.append(token)
            }
            let trace = t.float32Forward(tokens)
            var rows: [Row] = []
            func add(_ name: String, _ value: Float) {
                rows.append(Row(signal: name, exact: nil, exactDecimal: nil, float32: "\(value)", difference: nil))
            }
            for (l, stream) in trace.residual.enumerated() {
                for (p, vector) in stream.enumerated() {
                    for (i, v) in vector.enumerated() { add("resid[\(l)][\(p)][\(i)]", v) }
                }
            }
            for (l, layer) in trace.attention.enumerated() {
                for (q, row) in layer.enumerated() {
                    for (k, v) in row.enumerated() { add("attn[\(l)][\(q)][\(k)]", v) }
                }
            }
            for (i, v) in trace.logits.enumerated() { add("logits[\(i)]", v) }
            self.rows = rows
            note = "float32 only: exact evaluation of softmax attention is not implemented yet"
        }
    }

    /// A float32 rounding gap for display: `0` when float32 is exact, else
    /// three significant digits (the exact gap is in the JSON columns).
    static func gapText(_ gap: Rational) -> String {
        gap.isZero ? "0" : String(printf: "%+.2e", gap.doubleApproximation)
    }

    /// The report as an aligned table.
    public var text: String {
        var lines = ["\(path)  (\(architecture))", "input x = [\(input.joined(separator: ", "))]"]
        lines.append("float32 x = [\(float32Input.joined(separator: ", "))]")
        let header = ["signal", "exact", "float32", "float32 - exact"]
        let table = rows.map { row in
            [row.signal, row.exact.map { $0.count <= 24 ? $0 : "~" + (row.exactDecimal ?? $0) } ?? "-", row.float32, row.difference ?? "-"]
        }
        let widths = (0..<header.count).map { c in ([header] + table).map { $0[c].count }.max() ?? 0 }
        for cells in [header] + table {
            lines.append(zip(cells, widths).map { $0.padded(to: $1) }.joined(separator: "  ").trimmingTrailingSpaces())
        }
        if rows.contains(where: { ($0.exact?.count ?? 0) > 24 }) {
            lines.append("~ marks an exact value shown rounded; --json prints every exact value in full")
        }
        if let note { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
