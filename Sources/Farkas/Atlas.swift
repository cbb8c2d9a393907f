import Foundation
import Measures

/// The linear regions of a bias-free model with two inputs: cones of the
/// plane in each of which every hidden neuron keeps its phase, with the
/// exact linear form of each output there, which output wins, whether that
/// is the task's answer, and the cone's standard Gaussian measure.
public struct Atlas: Sendable, Codable, Equatable {
    /// One cone: counterclockwise from one ray to another.
    public struct Region: Sendable, Codable, Equatable {
        /// The rays that bound it, exactly (max |coordinate| = 1).
        public let from: [String]
        public let to: [String]
        /// The rays' angles in degrees (for pictures; not exact).
        public let fromDegrees: Double
        public let toDegrees: Double
        /// For each step t, the active hidden neurons (`h[t][j] > 0`).
        public let activeNeurons: [[Int]]
        /// Each output as an exact linear form `[c0, c1]` in (x0, x1).
        public let outputs: [[String]]
        /// The output that wins inside the cone (nil: a tie or a scalar output).
        public let winner: Int?
        /// Whether the winner is the task's answer inside the cone (nil: no task).
        public let correct: Bool?
        /// Whether the cone satisfies the `--where` condition.
        public let inside: Bool
        /// The cone's probability for x ~ N(0, I), as a certified bracket.
        public let probability: [String]
        /// The digits the bracket certifies.
        public let probabilityDigits: String
    }

    /// The checkpoint.
    public let model: String
    /// The task whose answer decides `correct` (nil: none).
    public let task: String?
    /// The `--where` condition the regions are restricted to, if any.
    public let condition: String?
    /// The cones, counterclockwise from the positive x0 axis.
    public let regions: [Region]
    /// The probability that the model errs (its cones where `correct` is
    /// false), certified, when there is a task.
    public let errorProbability: [String]?
}

/// Why an atlas cannot be drawn.
public struct AtlasError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension Atlas {
    /// The binary digits of the angles.
    static let bits = 128

    /// The atlas of the model at `path` (two inputs, bias-free), restricted
    /// to the inputs where `condition` (claims syntax, over `x` and `m`) holds.
    ///
    /// - Throws: ``AtlasError`` for a model it cannot draw, or
    ///   ``ClaimsFileError`` for a condition that does not compile.
    public static func build(path: String, sequenceLength: Int? = nil, condition: String? = nil, task: AlgZooTask? = nil) throws -> Atlas {
        let (query, model, task) = try statement(path: path, sequenceLength: sequenceLength, condition: condition, task: task, dimensions: [2])
        let sectors = PlaneMeasure.sectors(query)
        let named = signalNodes(model)
        let pieces = sectors.indices.map { piece($0, sectors[$0], query: query, named: named, hasTask: task == .secondArgmax || task == .argmedian) }
        let regions = merge(pieces).map { region($0, of: sectors) }
        var errors: [String]?
        if task == .secondArgmax || task == .argmedian {
            // Given the where part: the wrong sectors' share of the premise's.
            let wrong = sectors.map { PlaneMeasure.Sector(from: $0.from, to: $0.to, event: !$0.event, premise: $0.premise) }
            let (low, high) = PlaneMeasure.share(wrong, bits: bits)
            errors = Verifier.outwardDecimals(low, high, places: 40)
        }
        return Atlas(model: path, task: task?.rawValue, condition: condition, regions: regions, errorProbability: errors)
    }

    /// The measure statement an atlas reads (the task's answer, or true),
    /// compiled for the model at `path`, which must have one of `dimensions` inputs.
    static func statement(
        path: String, sequenceLength: Int?, condition: String?, task: AlgZooTask?, dimensions: Set<Int>
    ) throws -> (query: Query, model: ClaimsModel, task: AlgZooTask?) {
        let loaded = try LoadedModel(path: path, sequenceLength: sequenceLength)
        let n = loaded.adapter.inputCount
        guard dimensions.contains(n) else { throw AtlasError(description: "atlas lists models with 2 to 5 inputs for now; this one reads \(n)") }
        let task = task ?? AlgZooTask(fileName: path)
        let event: String
        switch task {
        case .secondArgmax?: event = "argmax(m.logits) == argsort(x)[-2]"
        case .argmedian?: event = "argmax(m.logits) == argsort(x)[\((n - 1) / 2)]"
        default: event = "x[0] == x[0]"
        }
        let seq = sequenceLength.map { " seq \($0)" } ?? ""
        let escaped = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let source = "model m = \"\(escaped)\"\(seq)\ninput x in R^\(n)\nmeasure atlas: \(event)\(condition.map { " where \($0)" } ?? "")\n"
        let document = try ClaimsDocument.compile(source: source, file: "--where", folder: FileManager.default.currentDirectoryPath, loadModel: Verifier.modelLoader)
        guard let query = document.queries.first, let model = document.models.first else { throw AtlasError(description: "the model could not be lowered") }
        return (query, model, task)
    }

    /// The model's signals by name (`h[2][1]`), each its node.
    static func signalNodes(_ model: ClaimsModel) -> [String: NodeID] {
        Dictionary(model.lowered.namedNodes.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
    }

    /// For each step t, the hidden neurons active (`h[t][j] > 0`) at these node values.
    static func activeNeurons(_ values: [Rational], named: [String: NodeID]) -> [[Int]] {
        var active: [[Int]] = []
        var t = 1
        while named["h[\(t)][0]"] != nil {
            var step: [Int] = []
            var j = 0
            while let node = named["h[\(t)][\(j)]"] {
                if values[node.index].signum > 0 { step.append(j) }
                j += 1
            }
            active.append(step)
            t += 1
        }
        return active
    }

    /// A sector with what holds inside it.
    struct Piece {
        /// The indices of its sectors, counterclockwise.
        var sectors: [Int]
        var from: [Rational]
        var to: [Rational]
        var inside: Bool
        var active: [[Int]]
        var outputs: [[Rational]]
        var winner: Int?
        var correct: Bool?

        /// Whether two adjacent sectors belong to one region.
        func sameRegion(_ other: Piece) -> Bool {
            inside == other.inside && active == other.active && winner == other.winner && correct == other.correct
        }
    }

    /// What holds inside a sector, read at its middle ray.
    static func piece(_ index: Int, _ sector: PlaneMeasure.Sector, query: Query, named: [String: NodeID], hasTask: Bool) -> Piece {
        let middle = zip(sector.from, sector.to).map { $0 + $1 }
        let values = query.program.evaluate(at: middle)
        let active = activeNeurons(values, named: named)
        let outputs = outputForms(query, named: named, at: middle)
        let logits = logitNodes(named).map { values[$0.index] }
        var winner: Int?
        if logits.count > 1, let best = logits.indices.max(by: { logits[$0] < logits[$1] }), logits.indices.allSatisfy({ $0 == best || logits[$0] < logits[best] }) {
            winner = best
        }
        return Piece(sectors: [index], from: sector.from, to: sector.to, inside: sector.premise, active: active, outputs: outputs, winner: winner, correct: hasTask && sector.premise ? sector.event : nil)
    }

    /// The model's logits' nodes, in order.
    static func logitNodes(_ named: [String: NodeID]) -> [NodeID] {
        var nodes: [NodeID] = []
        while let node = named["logits[\(nodes.count)]"] { nodes.append(node) }
        return nodes
    }

    /// Each logit's exact linear form (one coefficient per input) in the
    /// linear region of `point`.
    static func outputForms(_ query: Query, named: [String: NodeID], at point: [Rational]) -> [[Rational]] {
        let nodes = logitNodes(named)
        let region = LinearRegion(program: query.program, formula: query.formula, nodes: Set(nodes), at: point)
        return nodes.map { region.inputForm(of: LinearForm(node: $0)).coefficients }
    }

    /// Adjacent sectors of one region joined (the last with the first when
    /// they meet across the positive x0 axis).
    static func merge(_ pieces: [Piece]) -> [Piece] {
        var merged: [Piece] = []
        for piece in pieces {
            if var last = merged.last, last.sameRegion(piece) {
                last.to = piece.to
                last.sectors += piece.sectors
                merged[merged.count - 1] = last
            } else {
                merged.append(piece)
            }
        }
        if merged.count > 1, let first = merged.first, let last = merged.last, last.sameRegion(first) {
            merged[0].from = last.from
            merged[0].sectors = last.sectors + first.sectors
            merged.removeLast()
        }
        return merged
    }

    /// A region as reported: exact rays, degrees, forms, and its share of
    /// the plane, from the angles of its sectors (each under a quarter-turn).
    static func region(_ piece: Piece, of sectors: [PlaneMeasure.Sector]) -> Region {
        let members = Set(piece.sectors)
        let marked = sectors.indices.map { PlaneMeasure.Sector(from: sectors[$0].from, to: sectors[$0].to, event: members.contains($0), premise: true) }
        let (low, high) = PlaneMeasure.share(marked, bits: bits)
        let digits = Verifier.certifiedDigits(low, high).map { "\($0.text) (certified to \($0.places) decimal places)" } ?? "between \(low.doubleApproximation) and \(high.doubleApproximation)"
        return Region(
            from: piece.from.map(\.description), to: piece.to.map(\.description), fromDegrees: degrees(piece.from), toDegrees: degrees(piece.to),
            activeNeurons: piece.active, outputs: piece.outputs.map { $0.map(\.description) }, winner: piece.winner, correct: piece.correct,
            inside: piece.inside, probability: Verifier.outwardDecimals(low, high, places: 40), probabilityDigits: digits)
    }

    /// A ray's angle in [0, 360) degrees, from doubles (pictures only).
    static func degrees(_ ray: [Rational]) -> Double {
        let angle = atan2(ray[1].doubleApproximation, ray[0].doubleApproximation) * 180 / .pi
        return angle < 0 ? angle + 360 : angle
    }
}

extension Atlas {
    /// The atlas as the text `farkas atlas` prints: one line per cone.
    public var text: String {
        var lines = ["\(model): \(regions.count) linear regions of R^2" + (task.map { " (task \($0))" } ?? "") + (condition.map { ", where \($0)" } ?? "")]
        for (k, r) in regions.enumerated() {
            let rays = String(format: "%7.3f° to %7.3f°", r.fromDegrees, r.toDegrees)
            let neurons = r.activeNeurons.enumerated().map { "h\($0.offset + 1){\($0.element.map(String.init).joined(separator: ","))}" }.joined(separator: " ")
            var verdict = r.winner.map { "logit \($0) wins" } ?? (r.outputs.count > 1 ? "no winner (tie)" : "")
            if let correct = r.correct { verdict += correct ? ", right" : ", WRONG" }
            if !r.inside { verdict += " (outside the where part)" }
            lines.append("  \(k + 1). \(rays)  active \(neurons)  \(verdict)  probability \(r.probabilityDigits)")
            for (i, form) in r.outputs.enumerated() {
                let c = form.compactMap { Rational($0)?.doubleApproximation }
                if c.count == 2 { lines.append("       logits[\(i)] = " + String(format: "%.6g x0 %@ %.6g x1", c[0], c[1] < 0 ? "-" : "+", abs(c[1]))) }
            }
        }
        if let error = errorProbability, let low = Rational(error[0]), let high = Rational(error[1]) {
            guard !high.isZero else {
                lines.append("the model never errs (probability 0: no cone is wrong)" + (condition == nil ? "" : " where the where part holds"))
                return lines.joined(separator: "\n")
            }
            let digits = Verifier.certifiedDigits(low, high).map { "\($0.text) (certified to \($0.places) decimal places)" } ?? "in [\(error[0]), \(error[1])]"
            lines.append("the model errs with probability \(digits) for x ~ N(0, I)" + (condition == nil ? "" : ", given the where part"))
        }
        return lines.joined(separator: "\n")
    }
}
