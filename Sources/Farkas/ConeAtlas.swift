import Foundation
import Measures
import Search

/// The linear regions of a bias-free model with four or five inputs, by
/// activation pattern: how much of N(0, I) each pattern covers, how much
/// of that the model gets wrong, and each output's exact linear form in
/// it. The probabilities are estimates from the statement's cones
/// (``Verifier/measuredCones(_:jobs:)``), not certified figures, and say
/// so.
public struct ConeAtlas: Sendable, Codable, Equatable {
    /// One activation pattern.
    public struct Pattern: Sendable, Codable, Equatable {
        /// For each step t, the active hidden neurons (`h[t][j] > 0`).
        public let activeNeurons: [[Int]]
        /// Each output as an exact linear form, one coefficient per input.
        public let outputs: [[String]]
        /// Its estimated probability for x ~ N(0, I), given the where part.
        public let probability: Double
        /// The estimated probability that x falls in it and the model is
        /// wrong there, given the where part (nil without a task).
        public let wrongProbability: Double?
        /// How many cones make it up.
        public let cones: Int
    }

    /// The checkpoint.
    public let model: String
    /// The task whose answer decides right and wrong (nil: none).
    public let task: String?
    /// The `--where` condition the patterns are restricted to, if any.
    public let condition: String?
    /// The patterns met where the where part holds, most probable first.
    public let patterns: [Pattern]
    /// How many cones the space was cut into.
    public let cones: Int
    /// The estimated probability that the model errs, given the condition.
    public let errorProbability: Double?
    /// The estimate's error: the integration's own estimate plus how far
    /// the cones' total is from 1 (not a bound).
    public let estimatedError: Double

    /// The atlas of the model at `path` (four or five inputs, bias-free).
    ///
    /// - Throws: ``AtlasError`` for a model it cannot draw or too many
    ///   cones, ``ClaimsFileError`` for a condition that does not compile.
    ///
    /// `progress`, when given, hears how many cones are cut and measured
    /// (``SearchStatistics/conesCut``, ``SearchStatistics/conesMeasured``).
    public static func build(
        path: String, sequenceLength: Int? = nil, condition: String? = nil, task: AlgZooTask? = nil, jobs: Int = 1,
        progress: (@Sendable (SearchStatistics) -> Void)? = nil
    ) throws -> ConeAtlas {
        let (query, model, task) = try Atlas.statement(path: path, sequenceLength: sequenceLength, condition: condition, task: task, dimensions: [4, 5])
        let hasTask = task == .secondArgmax || task == .argmedian
        guard Verifier.conesApply(to: query) else {
            throw AtlasError(description: "the regions are cones only for a bias-free model and a --where condition without constants (such as \"x[0] > x[1]\")")
        }
        guard case .measured(let cells, let measures) = Verifier.measuredCones(query, jobs: max(1, jobs), progress: progress) else {
            throw AtlasError(description: "more than \(Verifier.coneLimit) cones under one starting cone: too many regions to list; narrow it with --where")
        }
        let named = Atlas.signalNodes(model)
        var order: [[[Int]]] = []
        var totals: [[[Int]]: (all: Double, wrong: Double, cones: Int, point: [Rational])] = [:]
        let premise = zip(cells, measures).reduce(0.0) { $0 + ($1.0.premise ? $1.1.value : 0) }
        for (cell, measure) in zip(cells, measures) where cell.premise {
            let active = Atlas.activeNeurons(query.program.evaluate(at: cell.point), named: named)
            var total = totals[active] ?? (0, 0, 0, cell.point)
            if total.cones == 0 { order.append(active) }
            total.all += measure.value
            total.cones += 1
            if hasTask && !cell.event { total.wrong += measure.value }
            totals[active] = total
        }
        let patterns = order.compactMap { active -> Pattern? in
            guard let t = totals[active] else { return nil }
            let share = { (p: Double) in premise > 0 ? p / premise : 0 }
            return Pattern(
                activeNeurons: active, outputs: Atlas.outputForms(query, named: named, at: t.point).map { $0.map(\.description) }, probability: share(t.all),
                wrongProbability: hasTask ? share(t.wrong) : nil, cones: t.cones)
        }.sorted { $0.probability > $1.probability }
        let wrong = ConeMeasureEstimate.share(cells.map { ConeCells.Cell(flipping: $0) }, measures)
        return ConeAtlas(
            model: path, task: task?.rawValue, condition: condition, patterns: patterns, cones: cells.count,
            errorProbability: hasTask ? wrong.value : nil, estimatedError: wrong.error)
    }

    /// How many patterns the text lists with their forms.
    static let listed = 20

    /// The atlas as text: the most probable patterns, one line each with
    /// their outputs' forms below, then the error probability.
    public var text: String {
        let shown = patterns.prefix(Self.listed)
        var lines = ["\(model): \(patterns.count) activation patterns over \(FileReport.grouped(cones)) cones of R^\(patterns.first?.outputs.first?.count ?? 0)"
            + (task.map { " (task \($0))" } ?? "") + (condition.map { ", where \($0) (probabilities given it)" } ?? "")
            + "; probabilities estimated (± \(String(printf: "%.0e", estimatedError)) in all, not certified)"]
        for (k, p) in shown.enumerated() {
            let neurons = p.activeNeurons.enumerated().map { "h\($0.offset + 1){\($0.element.map(String.init).joined(separator: ","))}" }.joined(separator: " ")
            let wrong = p.wrongProbability.map { ", wrong in it ~ " + String(printf: "%.6f", $0) } ?? ""
            lines.append("  \(k + 1). active \(neurons)  probability ~ \(String(printf: "%.6f", p.probability))\(wrong)  (\(p.cones) cones)")
            for (i, form) in p.outputs.enumerated() {
                let terms = form.enumerated().compactMap { j, c in Rational(c).map { String(printf: "%+.4g x%d", $0.doubleApproximation, j) } }
                lines.append("       logits[\(i)] = " + terms.joined(separator: " "))
            }
        }
        if patterns.count > shown.count {
            let rest = patterns.dropFirst(shown.count).reduce(0) { $0 + $1.probability }
            lines.append("  ... \(patterns.count - shown.count) more patterns, probability ~ \(String(printf: "%.6f", rest)) together (--json lists all)")
        }
        if let error = errorProbability {
            lines.append("the model errs with probability ~ \(String(printf: "%.8f", error)) ± \(String(printf: "%.1e", estimatedError)) for x ~ N(0, I)"
                + (condition == nil ? "" : ", given the where part") + " (estimated, not certified)")
        }
        return lines.joined(separator: "\n")
    }
}
