import Foundation
import Measures

/// The linear regions of a bias-free model with three inputs, by
/// activation pattern: how much of N(0, I) each pattern covers and how much
/// of that the model gets wrong, both certified; and the cells of the unit
/// sphere, drawn in an equal-area projection of each hemisphere.
public struct SphereAtlas: Sendable, Codable, Equatable {
    /// One activation pattern's share of the inputs.
    public struct Pattern: Sendable, Codable, Equatable {
        /// For each step t, the active hidden neurons (`h[t][j] > 0`).
        public let activeNeurons: [[Int]]
        /// Its probability for x ~ N(0, I), a certified bracket.
        public let probability: [String]
        /// The probability that x falls in it and the model is wrong there
        /// (nil without a task).
        public let wrongProbability: [String]?
    }

    /// One cell of the sphere, for pictures: its corners (unit-sphere
    /// directions, doubles), its pattern's index, and whether the model is
    /// wrong in it.
    public struct Cell: Sendable, Codable, Equatable {
        public let corners: [[Double]]
        public let pattern: Int
        public let wrong: Bool
        public let inside: Bool
    }

    public let model: String
    public let task: String?
    public let condition: String?
    public let patterns: [Pattern]
    public let cells: [Cell]
    /// The probability that the model errs, given the condition (certified).
    public let errorProbability: [String]?

    static let bits = 96

    /// The atlas of the model at `path` (three inputs, bias-free).
    public static func build(path: String, sequenceLength: Int? = nil, condition: String? = nil, task: AlgZooTask? = nil) throws -> SphereAtlas {
        let (query, model, task) = try Atlas.statement(path: path, sequenceLength: sequenceLength, condition: condition, task: task, dimensions: [3])
        let hasTask = task == .secondArgmax || task == .argmedian
        let (leaves, _) = SphereMeasure.cells(query)
        let pi = AngleBracket.pi(bits: bits)
        let sphere = (low: 4 * pi.low, high: 4 * pi.high)
        var order: [[[Int]]] = []
        var totals: [[[Int]]: (all: (Rational, Rational), wrong: (Rational, Rational))] = [:]
        var cells: [Cell] = []
        let named = Atlas.signalNodes(model)
        for leaf in leaves {
            let active = Atlas.activeNeurons(query.program.evaluate(at: leaf.cell.interior), named: named)
            if totals[active] == nil {
                order.append(active)
                totals[active] = ((.zero, .zero), (.zero, .zero))
            }
            let area = leaf.cell.solidAngle(bits: bits, pi: pi)
            let wrong = hasTask && leaf.premise && !leaf.event
            if var t = totals[active] {
                t.all = (t.all.0 + area.low, t.all.1 + area.high)
                if wrong { t.wrong = (t.wrong.0 + area.low, t.wrong.1 + area.high) }
                totals[active] = t
            }
            let corners = leaf.cell.rays.map { ray -> [Double] in
                let v = ray.map(\.doubleApproximation)
                let norm = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot()
                return v.map { $0 / norm }
            }
            cells.append(Cell(corners: corners, pattern: order.firstIndex(of: active) ?? 0, wrong: wrong, inside: leaf.premise))
        }
        let patterns = order.map { active -> Pattern in
            let t = totals[active] ?? ((.zero, .zero), (.zero, .zero))
            return Pattern(
                activeNeurons: active, probability: Verifier.outwardDecimals(t.all.0 / sphere.high, t.all.1 / sphere.low, places: 20),
                wrongProbability: hasTask ? Verifier.outwardDecimals(t.wrong.0 / sphere.high, t.wrong.1 / sphere.low, places: 20) : nil)
        }
        var errors: [String]?
        if hasTask {
            let flipped = leaves.map { SphereMeasure.Cell(cell: $0.cell, event: !$0.event, premise: $0.premise) }
            let (low, high) = SphereMeasure.share(flipped, bits: bits)
            errors = Verifier.outwardDecimals(low, high, places: 40)
        }
        return SphereAtlas(model: path, task: task?.rawValue, condition: condition, patterns: patterns, cells: cells, errorProbability: errors)
    }

    /// The atlas as text: one line per activation pattern.
    public var text: String {
        var lines = ["\(model): \(patterns.count) activation patterns over \(cells.count) cells of the sphere" + (task.map { " (task \($0))" } ?? "") + (condition.map { ", where \($0)" } ?? "")]
        for (k, p) in patterns.enumerated() {
            let neurons = p.activeNeurons.enumerated().map { "h\($0.offset + 1){\($0.element.map(String.init).joined(separator: ","))}" }.joined(separator: " ")
            let wrong = p.wrongProbability.map { ", wrong in it: \(Self.digits($0))" } ?? ""
            lines.append("  \(k + 1). active \(neurons)  probability \(Self.digits(p.probability))\(wrong)")
        }
        if let error = errorProbability { lines.append("the model errs with probability \(Self.digits(error)) for x ~ N(0, I)" + (condition == nil ? "" : ", given the where part")) }
        return lines.joined(separator: "\n")
    }

    /// A bracket as the digits it certifies.
    static func digits(_ bracket: [String]) -> String {
        guard bracket.count == 2, let low = Rational(bracket[0]), let high = Rational(bracket[1]) else { return bracket.joined(separator: " to ") }
        if high.isZero { return "0" }
        return Verifier.certifiedDigits(low, high).map { "\($0.text) (certified)" } ?? "in [\(bracket[0]), \(bracket[1])]"
    }
}
