package import ExactArithmetic
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import ModelImport
package import Models
package import PiecewiseLinear

/// A claims file, checked and lowered: its models, input domain, and one
/// query per claim and witness.
public struct ClaimsDocument: Sendable {
    /// The file name used in messages.
    public let file: String
    /// The models it loads, unrolled into one shared program.
    package let models: [ClaimsModel]
    /// The input domain.
    package let domain: InputDomain
    /// One query per claim or witness, in file order.
    package let queries: [Query]

    /// Loads a model for a `model` statement: a resolved path and an
    /// optional sequence length to the model's adapter.
    /// The claims and witnesses lowered, in file order.
    public var statements: [(name: String, kind: String, line: Int)] {
        queries.map { ($0.name, $0.kind.rawValue, $0.location.line) }
    }

    package typealias ModelLoader = @Sendable (_ path: String, _ sequenceLength: Int?) throws(CheckpointError) -> any ModelAdapter

    /// Reads, checks and lowers a claims file from disk, resolving model
    /// paths against the file's folder.
    ///
    /// - Parameters:
    ///   - only: the claims and witnesses to lower (all when empty); the
    ///     others are parsed and their names checked, but give no query.
    /// - Throws: ``ClaimsFileError`` with every diagnostic found.
    package static func load(path: String, only: Set<String> = [], loadModel: @escaping ModelLoader) throws(ClaimsFileError) -> ClaimsDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClaimsFileError(file: path, source: "", diagnostics: [Diagnostic("cannot read the claims file", at: SourceRange(SourceLocation(line: 1, column: 1)))])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try compile(source: String(decoding: data, as: UTF8.self), file: path, folder: folder, only: only, loadModel: loadModel)
    }

    /// Checks and lowers claims source text.
    ///
    /// - Parameters:
    ///   - folder: relative model paths are resolved against it.
    ///   - only: the claims and witnesses to lower (all when empty).
    /// - Throws: ``ClaimsFileError`` with every diagnostic found.
    package static func compile(
        source: String, file: String, folder: String, only: Set<String> = [], loadModel: @escaping ModelLoader
    ) throws(ClaimsFileError) -> ClaimsDocument {
        let (tokens, lexical) = Lexer.tokens(source)
        var parser = Parser(tokens: tokens)
        let statements = parser.parseFile()
        var diagnostics = lexical + parser.diagnostics
        var compiler = Compiler(source: source, folder: folder, only: only, loadModel: loadModel)
        for statement in statements {
            do throws(Diagnostic) {
                try compiler.process(statement)
            } catch {
                if !error.isConsequence { diagnostics.append(error) }
            }
        }
        if compiler.lowering == nil, diagnostics.isEmpty {
            diagnostics.append(Diagnostic("the file declares no input", at: SourceRange(SourceLocation(line: 1, column: 1)), notes: ["add a line such as: input x in R^2"]))
        }
        guard diagnostics.isEmpty, let lowering = compiler.lowering, let domain = compiler.domain else {
            throw ClaimsFileError(file: file, source: source, diagnostics: diagnostics.sorted { $0.range.start < $1.range.start })
        }
        return ClaimsDocument(file: file, models: lowering.models, domain: domain, queries: compiler.queries)
    }
}

/// Processes statements in order, keeping names, assumptions and the shared program.
private struct Compiler {
    let sourceLines: [Substring]
    let folder: String
    let loadModel: ClaimsDocument.ModelLoader
    /// The claims and witnesses to lower (all when empty).
    let only: Set<String>
    var lowering: Lowering?
    var domain: InputDomain?
    var dimension: Int?
    var pendingModels: [(name: String, path: String, adapter: any ModelAdapter, range: SourceRange, definition: String?)] = []
    var names: Set<String> = []
    /// Models that could not be loaded: statements that read them report nothing more.
    var unavailableNames: Set<String> = []
    /// Whether the `input` line failed: later statements report nothing more.
    var inputFailed = false
    var assumptions: [Formula] = []
    var queries: [Query] = []
    /// Declarations so far, as written.
    var preamble: [String] = []
    /// Whether the file loads a model read input by input (a transformer):
    /// its statements are then compiled for evaluation at each input.
    var isPointwise = false
    /// `let` values and assumptions as compiled for such a file.
    var pointwiseBindings: [String: PointwiseValue] = [:]
    var pointwiseAssumptions: [Expression] = []

    init(source: String, folder: String, only: Set<String>, loadModel: @escaping ClaimsDocument.ModelLoader) {
        sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
        self.folder = folder
        self.only = only
        self.loadModel = loadModel
    }

    private mutating func declare(_ name: String, _ range: SourceRange) throws(Diagnostic) {
        guard !names.contains(name) else { throw Diagnostic("'\(name)' is already defined in this file", at: range) }
        names.insert(name)
    }

    private func requireLowering(_ range: SourceRange) throws(Diagnostic) -> Lowering {
        guard let lowering else {
            if inputFailed { throw Diagnostic("the input could not be declared", at: range, isConsequence: true) }
            throw Diagnostic("declare the input before this line", at: range, notes: ["add a line such as: input x in R^2"])
        }
        return lowering
    }

    mutating func process(_ statement: Statement) throws(Diagnostic) {
        switch statement {
        case .model(_, _, _, let range), .editedModel(_, _, let range), .input(_, _, let range), .binding(_, _, let range), .assume(_, let range):
            preamble.append(statementText(range))
        case .claim, .witness, .measure, .optimize: break
        }
        switch statement {
        case .model(let name, let path, let length, let range):
            try processModel(name, path: path, sequenceLength: length, range)
        case .editedModel(let name, let model, let range):
            try declare(name, range)
            do throws(Diagnostic) {
                let (adapter, path) = try editedAdapter(model)
                let text = statementText(range).split(separator: "\n").map { $0.drop(while: { $0 == " " || $0 == "\t" }) }.joined(separator: " ")
                try addModel(name, path: path, adapter: adapter, range, definition: String(text.dropFirst("model ".count)))
            } catch {
                // A model built from one that could not be loaded is not there either.
                if error.isConsequence {
                    unavailableNames.insert(name)
                    lowering?.unavailableNames.insert(name)
                }
                throw error
            }
        case .input(let name, let syntax, let range):
            do throws(Diagnostic) {
                try processInput(name, syntax, range)
            } catch {
                inputFailed = lowering == nil
                throw error
            }
        case .binding(let name, let value, let range):
            var l = try requireLowering(range)
            try declare(name, range)
            if isPointwise {
                var compiler = try pointwiseCompiler(range)
                pointwiseBindings[name] = try compiler.compile(value)
                return
            }
            l.bindings[name] = try l.lower(value)
            lowering = l
        case .assume(let condition, let range):
            var l = try requireLowering(range)
            if isPointwise {
                var compiler = try pointwiseCompiler(range)
                _ = try compiler.condition(condition)
                pointwiseAssumptions.append(condition)
                return
            }
            assumptions.append(try l.boolean(try l.lower(condition), condition.range))
            lowering = l
        case .claim(let name, let body, let condition, let range):
            try processStatement(name, body, condition, isClaim: true, range)
        case .witness(let name, let body, let condition, let range):
            try processStatement(name, body, condition, isClaim: false, range)
        case .measure(let name, let body, let condition, let expectation, let range):
            try processMeasure(name, body, condition, expectation, range)
        case .optimize(let name, let maximize, let objective, let condition, let expectation, let range):
            try processOptimization(name, maximize: maximize, objective, condition, expectation, range)
        }
    }

    private mutating func processModel(_ name: String, path: String, sequenceLength length: Int?, _ range: SourceRange) throws(Diagnostic) {
        try declare(name, range)
        let resolved = resolve(path)
        let adapter: any ModelAdapter
        do {
            adapter = try loadModel(resolved, length)
        } catch {
            unavailableNames.insert(name)
            lowering?.unavailableNames.insert(name)
            var notes: [String] = []
            if case .sequenceLength = error { notes.append("write: model \(name) = \"\(path)\" seq N") }
            guard case .unreadable(_, let reason) = error else {
                throw Diagnostic("cannot load model '\(name)': \(error.description)", at: range, notes: notes)
            }
            throw Diagnostic("cannot load model '\(name)': cannot read \"\(path)\"\(Self.whence(path)): \(reason)", at: range, isMissingFile: true)
        }
        try addModel(name, path: resolved, adapter: adapter, range)
    }

    /// Adds a model, lowered at once when the input is declared.
    private mutating func addModel(_ name: String, path: String, adapter: any ModelAdapter, _ range: SourceRange, definition: String? = nil) throws(Diagnostic) {
        if let n = dimension, n != adapter.inputCount {
            throw Diagnostic(
                "model '\(name)' reads sequences of length \(adapter.inputCount), but the input has dimension \(n)", at: range,
                notes: ["every model of a file reads the one input: give it dimension \(adapter.inputCount), or compare models of one length"])
        }
        pendingModels.append((name, path, adapter, range, definition))
        if lowering != nil { try attachPendingModels() }
    }

    /// The adapter of a model built from earlier ones, and the checkpoint
    /// path it comes from (its certificate binds to that file's bytes and
    /// the `model` line's text).
    private mutating func editedAdapter(_ syntax: ModelSyntax) throws(Diagnostic) -> (any ModelAdapter, String) {
        switch syntax {
        case .name(let name, let range):
            if let model = lowering?.models.first(where: { $0.name == name }) { return (model.adapter, model.path) }
            if let model = pendingModels.first(where: { $0.name == name }) { return (model.adapter, model.path) }
            let known = (lowering?.models.map(\.name) ?? []) + pendingModels.map(\.name)
            if unavailableNames.contains(name) { throw Diagnostic("model '\(name)' could not be loaded", at: range, isConsequence: true) }
            throw Diagnostic(
                "unknown model '\(name)'", at: range,
                notes: suggestion(for: name, among: known + ["standardize"]).map { ["did you mean '\($0)'?"] } ?? ["a model is built from one declared on an earlier line"])
        case .standardize(let inner, let range):
            let (adapter, path) = try editedAdapter(inner)
            return (try apply(.standardize, to: adapter, whole: range, part: { _ in range }), path)
        case .with(let inner, let edits):
            var (adapter, path) = try editedAdapter(inner)
            var scratch = lowering ?? Lowering(program: Program(inputCount: 0), inputName: "", models: [])
            for edit in edits {
                var indices: [Int] = []
                for index in edit.indices { indices.append(try scratch.constantInteger(index)) }
                let value = try scratch.scalar(try scratch.lower(edit.value), edit.value.range)
                guard value.isConstant else { throw Diagnostic("a weight is set to a constant", at: edit.value.range) }
                let change = ModelEdit.setWeight(name: edit.weight, indices: indices, value: value.constant)
                adapter = try apply(change, to: adapter, whole: edit.range, part: { edit.indices.indices.contains($0) ? edit.indices[$0].range : edit.range })
            }
            return (adapter, path)
        case .without(let inner, let neurons, let range):
            let (adapter, path) = try editedAdapter(inner)
            var scratch = lowering ?? Lowering(program: Program(inputCount: 0), inputName: "", models: [])
            var indices: [Int] = []
            for neuron in neurons { indices.append(try scratch.constantInteger(neuron)) }
            return (try apply(.removeNeurons(indices), to: adapter, whole: range, part: { neurons.indices.contains($0) ? neurons[$0].range : range }), path)
        }
    }

    /// Applies an edit; an error points at the part of it at fault.
    private func apply(_ edit: ModelEdit, to adapter: any ModelAdapter, whole: SourceRange, part: (Int) -> SourceRange) throws(Diagnostic) -> any ModelAdapter {
        do {
            return try adapter.edited(edit)
        } catch {
            throw Diagnostic(error.reason, at: error.part.map(part) ?? whole, notes: error.note.map { [$0] } ?? [])
        }
    }

    private mutating func processInput(_ name: String, _ syntax: DomainSyntax, _ range: SourceRange) throws(Diagnostic) {
        guard lowering == nil else { throw Diagnostic("a file has exactly one 'input' line", at: range) }
        try declare(name, range)
        var scratch = Lowering(program: Program(inputCount: 0), inputName: name, models: [])
        let n: Int
        switch syntax {
        case .reals(let d):
            n = try scratch.constantInteger(d)
            domain = .reals
        case .box(let lo, let hi, let d):
            n = try scratch.constantInteger(d)
            let low = try scratch.scalar(try scratch.lower(lo), lo.range)
            let high = try scratch.scalar(try scratch.lower(hi), hi.range)
            guard low.isConstant, high.isConstant, low.constant < high.constant else {
                throw Diagnostic("a box needs constant bounds with lo < hi", at: lo.range)
            }
            domain = .box(low: low.constant, high: high.constant)
        case .integers(let lo, let hi, let d):
            n = try scratch.constantInteger(d)
            let low = try scratch.constantInteger(lo)
            let high = try scratch.constantInteger(hi)
            guard low <= high else { throw Diagnostic("an integer range needs a <= b", at: lo.range) }
            domain = .integers(low: low, high: high)
        case .pointsFile(let path, let pathRange):
            let points = try readPoints(path, pathRange)
            n = points[0].count
            domain = .points(points)
        case .pointSet(let literals, _):
            var points: [[Rational]] = []
            for literal in literals {
                let point = try scratch.vector(try scratch.lower(literal), literal.range)
                guard point.allSatisfy(\.isConstant) else { throw Diagnostic("a point's coordinates are exact constants", at: literal.range) }
                guard point.count == points.first?.count ?? point.count else {
                    throw Diagnostic("this point has \(point.count) coordinates, the first has \(points[0].count)", at: literal.range)
                }
                points.append(point.map(\.constant))
            }
            n = points[0].count
            domain = .points(points)
        }
        guard (1...4096).contains(n) else { throw Diagnostic("the input dimension must be between 1 and 4096", at: range) }
        if let mismatch = pendingModels.first(where: { $0.adapter.inputCount != n }) {
            let length = mismatch.adapter.inputCount
            var notes = ["give the input the model's length"]
            if case .reals = syntax { notes = ["write: input \(name) in R^\(length)"] }
            throw Diagnostic("the input has dimension \(n), but model '\(mismatch.name)' reads sequences of length \(length)", at: range, notes: notes)
        }
        dimension = n
        lowering = Lowering(program: Program(inputCount: n), inputName: name, models: [])
        lowering?.unavailableNames = unavailableNames
        try attachPendingModels()
    }

    /// A path named in the claims file, relative to the file's folder unless absolute.
    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardized.path
    }

    /// How a path is read, for messages about it.
    private static func whence(_ path: String) -> String {
        path.hasPrefix("/") ? "" : " (relative to the claims file)"
    }

    /// The rows of a points file (relative to the claims file); its text
    /// joins the declarations a certificate binds to.
    private mutating func readPoints(_ path: String, _ range: SourceRange) throws(Diagnostic) -> [[Rational]] {
        let resolved = resolve(path)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw Diagnostic("cannot read the points file \"\(path)\"\(Self.whence(path))", at: range, isMissingFile: true)
        }
        let text = String(decoding: data, as: UTF8.self)
        do throws(PointsFile.Problem) {
            let points = try PointsFile.parse(text)
            preamble.append("points \"\(path)\":\n" + text)
            return points
        } catch {
            throw Diagnostic("\(path):\(error.line): \(error.message)", at: range)
        }
    }

    /// The compiler of statements decided input by input, with the file's
    /// models, `let` values and domain so far.
    private func pointwiseCompiler(_ range: SourceRange) throws(Diagnostic) -> PointwiseCompiler {
        let l = try requireLowering(range)
        var compiler = PointwiseCompiler(inputName: l.inputName, dimension: l.inputs.count, domain: domain ?? .reals, models: l.models)
        compiler.bindings = pointwiseBindings
        compiler.unavailableNames = unavailableNames
        return compiler
    }

    /// A statement of a file that loads a transformer: compiled for
    /// evaluation at each input of the finite domain.
    private mutating func processPointwise(_ name: String, _ kind: Query.Kind, _ body: Expression, _ condition: Expression?, _ range: SourceRange) throws(Diagnostic) {
        let l = try requireLowering(range)
        try declare(name, range)
        guard only.isEmpty || only.contains(name) else { return }
        var compiler = try pointwiseCompiler(range)
        let statement = try compiler.statement(premise: pointwiseAssumptions + (condition.map { [$0] } ?? []), body: body)
        guard !statement.models.isEmpty else {
            throw Diagnostic("this statement reads no model; in a file that loads a transformer, statements are about its signals", at: body.range)
        }
        var query = Query(
            name: name, kind: kind, location: range.start, text: statementText(range), context: preamble.joined(separator: "\n"),
            program: l.program, inputs: l.inputs, inputName: l.inputName, domain: domain ?? .reals, formula: .constant(false), premise: .constant(true),
            readSignals: [], readValues: [], readIndices: [])
        query.pointwise = statement
        queries.append(query)
    }

    private mutating func processStatement(_ name: String, _ body: Expression, _ condition: Expression?, isClaim: Bool, _ range: SourceRange) throws(Diagnostic) {
        if isPointwise { return try processPointwise(name, isClaim ? .claim : .witness, body, condition, range) }
        var l = try requireLowering(range)
        try declare(name, range)
        guard only.isEmpty || only.contains(name) else { return }
        l.beginStatement()
        let goal = try l.boolean(try l.lower(body), body.range)
        var parts = assumptions
        if let condition { parts.append(try l.boolean(try l.lower(condition), condition.range)) }
        let premise = Formula.all(parts)
        parts.append(isClaim ? goal.negated : goal)
        queries.append(Query(
            name: name, kind: isClaim ? .claim : .witness, location: range.start, text: statementText(range), context: preamble.joined(separator: "\n"),
            program: l.program, inputs: l.inputs, inputName: l.inputName, domain: domain ?? .reals, formula: .all(parts), premise: premise, readSignals: l.reads,
            readValues: l.readValues, readIndices: l.readIndices))
        lowering = l
    }

    /// A measure: its query's formula is the event (premise and body), whose
    /// solutions are counted against the premise's. Finite domains and R^n.
    private mutating func processMeasure(
        _ name: String, _ body: Expression, _ condition: Expression?, _ expectation: (String, SourceRange, Expression)?, _ range: SourceRange
    ) throws(Diagnostic) {
        var l = try requireLowering(range)
        let onReals: Bool
        if case .reals = domain { onReals = true } else { onReals = false }
        let expected = try expectedValue(expectation, &l, what: "the share")
        lowering = l
        let before = queries.count
        try processStatement(name, body, condition, isClaim: false, range)
        guard queries.count > before, var query = queries.popLast() else { return }
        if query.pointwise != nil {
            query.kind = .measure
            setExpectation(&query, expected, expectation)
            queries.append(query)
            return
        }
        if onReals, (2...3).contains(query.inputs.count), !(query.program.isHomogeneous && query.isPositivelyHomogeneous) {
            throw Diagnostic(
                "a Gaussian measure on R^\(query.inputs.count) needs a positively homogeneous statement", at: range,
                notes: ["its regions are then cones; a model with biases or a comparison with a nonzero constant is not supported yet"])
        }
        query.kind = .measure
        setExpectation(&query, expected, expectation)
        queries.append(query)
    }

    /// `expect OP NUMBER`: the relation and the constant.
    private func expectedValue(
        _ expectation: (String, SourceRange, Expression)?, _ l: inout Lowering, what: String
    ) throws(Diagnostic) -> (relation: Relation, value: Rational)? {
        guard let (op, _, number) = expectation else { return nil }
        let value = try l.scalar(try l.lower(number), number.range)
        guard value.isConstant else { throw Diagnostic("'expect' compares \(what) with a constant", at: number.range) }
        let relations: [String: Relation] = ["<": .less, "<=": .lessOrEqual, ">=": .greaterOrEqual, ">": .greater]
        return (relations[op] ?? .greaterOrEqual, value.constant)
    }

    /// Records an expectation on its query, with its text for reports: a
    /// number as written (0.98), anything else as its value (1/4).
    private func setExpectation(
        _ query: inout Query, _ expected: (relation: Relation, value: Rational)?, _ expectation: (String, SourceRange, Expression)?
    ) {
        query.expectation = expected
        guard let (op, _, number) = expectation, let value = expected?.value else { return }
        if case .number(let text, _) = number { query.expectationText = "\(op) \(text)" } else { query.expectationText = "\(op) \(value)" }
    }

    /// `maximize` or `minimize`: its query's formula is the premise, and the
    /// objective a scalar linear form over the program.
    private mutating func processOptimization(
        _ name: String, maximize: Bool, _ objective: Expression, _ condition: Expression?, _ expectation: (String, SourceRange, Expression)?,
        _ range: SourceRange
    ) throws(Diagnostic) {
        var l = try requireLowering(range)
        if isPointwise {
            throw Diagnostic(
                "'\(maximize ? "maximize" : "minimize")' over a transformer's signals is not supported yet: its values are irrational", at: range,
                notes: ["bound it with a claim instead, as in: claim c: m.attn[1][3][0] <= 0.9"])
        }
        try declare(name, range)
        guard only.isEmpty || only.contains(name) else { return }
        let expected = try expectedValue(expectation, &l, what: "the optimum")
        l.beginStatement()
        let value = try l.lower(objective)
        let form: Objective
        var reads: [ReadValue] = []
        switch value {
        case .scalar(let s):
            form = Objective(s)
            reads = s.isConstant ? [] : [ReadValue(name: objective.bareText, form: s)]
        case .selection(let cases): form = Objective(pieces: cases.map { Objective.Piece(condition: $0.condition, value: $0.value) })
        default:
            throw Diagnostic(
                "'\(maximize ? "maximize" : "minimize")' optimizes a scalar, found \(value.typeName)", at: objective.range,
                notes: ["as in: maximize worst: m.logits[0] - m.logits[1] where x[0] > x[1]"])
        }
        var parts = assumptions
        if let condition { parts.append(try l.boolean(try l.lower(condition), condition.range)) }
        let premise = Formula.all(parts)
        var query = Query(
            name: name, kind: maximize ? .maximize : .minimize, location: range.start, text: statementText(range),
            context: preamble.joined(separator: "\n"), program: l.program, inputs: l.inputs, inputName: l.inputName, domain: domain ?? .reals,
            formula: premise, premise: premise, readSignals: l.reads, readValues: reads + l.readValues,
            readIndices: l.readIndices, objective: form)
        setExpectation(&query, expected, expectation)
        queries.append(query)
        lowering = l
    }

    /// Lowers models declared so far into the shared program.
    private mutating func attachPendingModels() throws(Diagnostic) {
        guard var l = lowering else { return }
        let pending = pendingModels
        pendingModels = []
        for model in pending {
            if model.adapter is any PointwiseModelAdapter {
                isPointwise = true
                l.models.append(ClaimsModel(name: model.name, path: model.path, adapter: model.adapter, lowered: LoweredModel(signals: [:], namedNodes: []), definition: model.definition))
                continue
            }
            var program = l.program
            do {
                let lowered = try model.adapter.lower(into: &program, inputs: l.inputs)
                l.program = program
                l.models.append(ClaimsModel(name: model.name, path: model.path, adapter: model.adapter, lowered: lowered, definition: model.definition))
            } catch {
                throw Diagnostic(error.reason, at: model.range, notes: [error.note])
            }
        }
        lowering = l
    }

    /// The statement's lines: its first line and indented continuations.
    private func statementText(_ range: SourceRange) -> String {
        var lines = [String(sourceLines[range.start.line - 1])]
        var next = range.start.line
        while next < sourceLines.count, let first = sourceLines[next].first, first == " " || first == "\t" {
            lines.append(String(sourceLines[next]))
            next += 1
        }
        return lines.joined(separator: "\n")
    }
}
