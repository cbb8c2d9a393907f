
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
    /// Which output wins: `logits[1]`, or why none does (a tie at the top);
    /// nil for a scalar-output model.
    public let winner: String?
    /// The task the model is evaluated against, when known.
    public let task: AlgZooTask?
    /// The task's answer at the input, when there is one.
    public let answer: String?

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
    public init(model: LoadedModel, input: [Rational], digits: Int = 8, task: AlgZooTask? = nil) throws(InputParseError) {
        path = model.path
        self.task = task ?? AlgZooTask(fileName: model.path)
        answer = self.task?.answer(input)
        let adapter = model.adapter
        architecture = adapter.architectureName
        self.input = input.map(\.description)
        float32Input = input.map { "\($0.nearestFloat)" }
        let floats: [(name: String, value: Float)]
        do throws(ModelInputError) {
            floats = try adapter.float32Signals(at: input)
        } catch {
            throw InputParseError(description: error.description)
        }
        var program = Program(inputCount: input.count)
        let inputs = program.inputs
        guard let lowered = try? adapter.lower(into: &program, inputs: inputs) else {
            rows = floats.map { Row(signal: $0.name, exact: nil, exactDecimal: nil, float32: "\($0.value)", difference: nil) }
            winner = Self.winner(floats.filter { $0.name.hasPrefix("logits[") }.map(\.value), exact: false)
            note = "float32 only: exact evaluation of softmax attention is not implemented yet"
            return
        }
        let exact = program.evaluate(at: input)
        let logits = lowered.signals["logits"]?.rows.first?.map { $0.evaluate(exact) } ?? []
        winner = Self.winner(logits, exact: true)
        let nodeOfName = Dictionary(lowered.namedNodes.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
        rows = floats.map { name, float in
            guard let node = nodeOfName[name] else { return Row(signal: name, exact: nil, exactDecimal: nil, float32: "\(float)", difference: nil) }
            let value = exact[node.index]
            let gap = (try? Rational(exactly: float)).map { $0 - value }
            return Row(
                signal: name, exact: value.description, exactDecimal: value.decimalString(fractionDigits: digits),
                float32: "\(float)", difference: gap.map(Self.gapText))
        }
        note = nil
    }

    /// Which logit wins; nil for a single output.
    static func winner<Value: Comparable>(_ logits: [Value], exact: Bool) -> String? {
        guard logits.count > 1, let top = logits.max() else { return nil }
        let best = logits.indices.filter { logits[$0] == top }
        let source = exact ? "" : " (in float32)"
        if best.count == 1 { return "logits[\(best[0])]\(source)" }
        return "none\(source): logits \(best.map(String.init).joined(separator: ", ")) tie at the top"
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
        if let winner { lines.append("winner: \(winner)") }
        if let task { lines.append("task: \(task.rawValue); its answer: \(answer ?? "none (a tie, or an input outside the task)")") }
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
