package import CertifiedEnclosures
package import Claims
package import ExactArithmetic
package import ModelImport
import Synchronization

/// A statement's verdict at one input or one set of inputs (a prefix of
/// fixed tokens), and the precision that decided it.
package enum PointwiseVerdict: Sendable, Equatable {
    /// Decided: whether the premise holds, and (when it does) the body; at
    /// `bits` binary digits (53: doubles).
    case decided(premise: Bool, body: Bool, bits: Int)
    /// Not separated at the last precision: an exact tie candidate.
    case undecided
    /// The statement has no value here (an index out of range).
    case failed(String)
}

/// The models a statement reads, enclosed at every precision of the
/// ladder: doubles first, then 128, 256, 512 and 1,024-bit rational
/// intervals, each tried only where the one before leaves a comparison
/// open (and enclosed the first time it is needed).
package struct PrecisionLadder: Sendable {
    /// The precisions after doubles.
    package static let preciseBits = [128, 256, 512, 1024]

    private let statement: PointwiseStatement
    private let doubles: [Int: TransformerEnclosure<Enclosure>]
    private let precise: [PreciseLevel]
    /// The tokens an unfixed position may hold.
    private let tokenRange: ClosedRange<Int>

    /// The ladder for `statement`, whose models are `networks` (by the
    /// file's model index), over tokens in `tokenRange`.
    package init(_ statement: PointwiseStatement, networks: [Int: AttentionTransformer], tokenRange: ClosedRange<Int>) {
        self.statement = statement
        self.tokenRange = tokenRange
        let read = statement.signalsRead
        @Sendable func rows(_ model: Int, _ network: AttentionTransformer) -> Set<Int> {
            let last = network.layers.count - 1
            var rows: Set<Int> = []
            for case .signal(let m, let family, let index) in read where m == model && index.count == 3 {
                if (family == "attn" || family == "scores") && index[0] == last { rows.insert(index[1]) }
                if family == "resid" && index[0] == last + 1 { rows.insert(index[1]) }
            }
            return rows
        }
        @Sendable func kept(_ model: Int) -> TransformerSignalFamilies {
            var families = TransformerSignalFamilies(residual: false, scores: false, attention: false)
            for case .signal(let m, let family, _) in read where m == model {
                if family == "resid" { families.residual = true }
                if family == "scores" { families.scores = true }
                if family == "attn" { families.attention = true }
            }
            return families
        }
        doubles = Dictionary(uniqueKeysWithValues: networks.map { m, network in
            let root = Double(network.hiddenSize).squareRoot()
            let inverse = Enclosure(exactly: 1).divided(by: Enclosure(root.nextDown, root.nextUp)) ?? Enclosure(0, 1)
            return (m, TransformerEnclosure(network, like: Enclosure(exactly: 0), inverseSquareRoot: inverse, tokenRange: tokenRange, lastLayerRows: rows(m, network), kept: kept(m), tabulated: true))
        })
        precise = Self.preciseBits.map { bits in
            PreciseLevel(bits: bits) {
                let context = PreciseInterval(RationalInterval(exactly: .zero), bits: bits)
                return Dictionary(uniqueKeysWithValues: networks.map { m, network in
                    let root = CertifiedFunctions.sqrt(Rational(network.hiddenSize), bits: bits + 8)
                    return (m, TransformerEnclosure(network, like: context, inverseSquareRoot: PreciseInterval(root.reciprocal, bits: bits), tokenRange: tokenRange, lastLayerRows: rows(m, network), kept: kept(m), tabulated: false))
                })
            }
        }
    }

    /// The verdict at `tokens` (nil: any token in range), at the first
    /// precision that decides it; at most `maximumBits`.
    package func verdict(_ tokens: [Int?], maximumBits: Int = 1024) -> PointwiseVerdict {
        verdict(tokens, doubleSignals: doubles.mapValues { $0.signals(tokens) }, maximumBits: maximumBits)
    }

    /// The first layer's sums at a prefix, per model: see
    /// ``TransformerEnclosure/extend(_:with:)``.
    package typealias Prefix = [Int: FirstLayerPrefix<Enclosure>]

    /// The empty prefix.
    package var emptyPrefix: Prefix { doubles.mapValues { _ in FirstLayerPrefix() } }

    /// `prefix` with its next position fixed to `token`.
    package func extend(_ prefix: Prefix, with token: Int) -> Prefix {
        var next = prefix
        for (m, model) in doubles {
            guard var sums = next[m] else { continue }
            model.extend(&sums, with: token)
            next[m] = sums
        }
        return next
    }

    /// The verdict at the full input `tokens`, whose first layer's sums
    /// `prefix` holds (each model's).
    package func verdict(_ tokens: [Int], completing prefix: Prefix) -> PointwiseVerdict {
        let signals = Dictionary(uniqueKeysWithValues: doubles.map { m, model in
            (m, prefix[m].map { model.signals(completing: $0) } ?? model.signals(tokens.map { Optional($0) }))
        })
        return verdict(tokens.map { Optional($0) }, doubleSignals: signals, maximumBits: 1024)
    }

    private func verdict(_ tokens: [Int?], doubleSignals: [Int: TransformerSignals<Enclosure>], maximumBits: Int) -> PointwiseVerdict {
        do throws(PointwiseEvaluationError) {
            let evaluator = PointwiseEvaluator(tokens: tokens, tokenRange: tokenRange, signals: doubleSignals, context: Enclosure(exactly: 0))
            if let decided = try Self.decide(statement, evaluator, bits: 53) { return decided }
            for level in precise where level.bits <= maximumBits {
                let models = level.models
                let context = PreciseInterval(RationalInterval(exactly: .zero), bits: level.bits)
                if let decided = try Self.decide(statement, tokens, tokenRange, models, context: context, bits: level.bits) { return decided }
            }
            return .undecided
        } catch {
            return .failed(error.message)
        }
    }

    /// The verdict at exactly `bits` (53: doubles), or nil when it leaves
    /// the statement open there.
    package func verdict(_ tokens: [Int?], atBits bits: Int) -> PointwiseVerdict? {
        do throws(PointwiseEvaluationError) {
            if bits == 53 { return try Self.decide(statement, tokens, tokenRange, doubles, context: Enclosure(exactly: 0), bits: 53) }
            guard let level = precise.first(where: { $0.bits == bits }) else { return nil }
            let context = PreciseInterval(RationalInterval(exactly: .zero), bits: bits)
            return try Self.decide(statement, tokens, tokenRange, level.models, context: context, bits: bits)
        } catch {
            return .failed(error.message)
        }
    }

    /// The readings' enclosures at a full input, at `bits` (doubles or a
    /// precise level), for reports.
    package func readings(_ tokens: [Int], bits: Int) -> [(label: String, low: Rational, high: Rational)] {
        func read<T: CertifiedScalar>(_ models: [Int: TransformerEnclosure<T>], _ context: T) -> [(label: String, low: Rational, high: Rational)] {
            let evaluator = Self.evaluator(tokens.map { Optional($0) }, tokenRange, models, context)
            return statement.readings.compactMap { label, scalar in
                guard let v = try? evaluator.value(scalar) else { return nil }
                return (label, v.bounds.low, v.bounds.high)
            }
        }
        if let level = precise.first(where: { $0.bits >= bits }), bits > 53 {
            return read(level.models, PreciseInterval(RationalInterval(exactly: .zero), bits: level.bits))
        }
        return read(doubles, Enclosure(exactly: 0))
    }

    private static func evaluator<T: CertifiedScalar>(
        _ tokens: [Int?], _ range: ClosedRange<Int>, _ models: [Int: TransformerEnclosure<T>], _ context: T
    ) -> PointwiseEvaluator<T> {
        PointwiseEvaluator(tokens: tokens, tokenRange: range, signals: models.mapValues { $0.signals(tokens) }, context: context)
    }

    private static func decide<T: CertifiedScalar>(
        _ statement: PointwiseStatement, _ tokens: [Int?], _ range: ClosedRange<Int>, _ models: [Int: TransformerEnclosure<T>], context: T, bits: Int
    ) throws(PointwiseEvaluationError) -> PointwiseVerdict? {
        try decide(statement, evaluator(tokens, range, models, context), bits: bits)
    }

    private static func decide<T: CertifiedScalar>(
        _ statement: PointwiseStatement, _ evaluator: PointwiseEvaluator<T>, bits: Int
    ) throws(PointwiseEvaluationError) -> PointwiseVerdict? {
        guard let premise = try evaluator.holds(statement.premise) else { return nil }
        guard premise else { return .decided(premise: false, body: false, bits: bits) }
        guard let body = try evaluator.holds(statement.body) else { return nil }
        return .decided(premise: true, body: body, bits: bits)
    }
}

/// One precise level of the ladder, its enclosures built on first use:
/// most statements never leave doubles, and a 1,024-bit table of the
/// first layer's exponentials costs more than deciding them.
private final class PreciseLevel: Sendable {
    let bits: Int
    private let build: @Sendable () -> [Int: TransformerEnclosure<PreciseInterval>]
    private let built = Mutex<[Int: TransformerEnclosure<PreciseInterval>]?>(nil)

    init(bits: Int, build: @escaping @Sendable () -> [Int: TransformerEnclosure<PreciseInterval>]) {
        self.bits = bits
        self.build = build
    }

    var models: [Int: TransformerEnclosure<PreciseInterval>] {
        built.withLock { cached in
            if let cached { return cached }
            let models = build()
            cached = models
            return models
        }
    }
}
