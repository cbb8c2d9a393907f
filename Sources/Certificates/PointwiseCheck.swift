package import Claims
import Dispatch
import Foundation
import Synchronization
package import ExactArithmetic
package import ModelImport
package import Models

/// Checks the evidence of statements about transformers without the
/// search: a proof's closed prefixes are re-evaluated and shown to cover
/// the domain with the inputs between them, each input at the precision
/// the certificate names; a counterexample or witness, and a measure's
/// counts, by re-evaluation up to 1,024 bits.
package enum PointwiseCheck {
    static let ladder = [128, 256, 512, 1024]

    /// The checker's evaluations of one statement, each precision's
    /// weights enclosed once (the highest ones on first use).
    final class Evaluations {
        let doubles: CheckedStatement<CheckedDouble>
        private var brackets: [Int: CheckedStatement<CheckedBracket>] = [:]
        private let make: (Int) -> CheckedStatement<CheckedBracket>

        init(_ statement: PointwiseStatement, _ networks: [Int: AttentionTransformer], _ tokens: ClosedRange<Int>) {
            doubles = CheckedStatement(statement: statement, networks: networks, tokens: tokens, bits: 53)
            make = { CheckedStatement(statement: statement, networks: networks, tokens: tokens, bits: $0) }
        }

        func bracket(_ bits: Int) -> CheckedStatement<CheckedBracket> {
            if let cached = brackets[bits] { return cached }
            let built = make(bits)
            brackets[bits] = built
            return built
        }

        /// The verdict at an input: from `bits` (doubles when 53 or nil)
        /// up the ladder. Starting higher than doubles only saves work: a
        /// verdict any precision separates is the exact one.
        func truth(_ input: [Int?], from bits: Int?) -> (premise: Bool, body: Bool)? {
            let start = bits ?? 53
            if start <= 53, let t = doubles.truth(at: input) { return t }
            for level in PointwiseCheck.ladder where level >= start {
                if let t = bracket(level).truth(at: input) { return t }
            }
            return nil
        }
    }

    /// A claim proved (every input of the premise satisfies the body) or a
    /// witness proved impossible (none does).
    static func check(_ evidence: PointwiseEvidence, _ statement: PointwiseStatement, query: Query, document: ClaimsDocument) -> CertificateStatus {
        let networks = document.transformers(readBy: statement)
        let expected = query.kind == .claim
        let precise = Dictionary(evidence.preciseInputs.map { ($0.input, $0.bits) }, uniquingKeysWith: { a, _ in a })
        var evaluations: Evaluations?
        func settles(_ input: [Int?], bits: Int?, _ tokens: ClosedRange<Int>) -> Bool {
            let e = evaluations ?? Evaluations(statement, networks, tokens)
            evaluations = e
            guard let t = e.truth(input, from: bits) else { return false }
            return !t.premise || t.body == expected
        }
        switch query.domain {
        case .integers(let low, let high):
            let closed = Set(evidence.closedPrefixes)
            let n = query.inputs.count
            var used = 0
            var failure: [Int]?
            func walk(_ prefix: [Int]) {
                guard failure == nil else { return }
                if prefix.count == n {
                    if !settles(prefix, bits: precise[prefix] ?? 53, low...high) { failure = prefix }
                    return
                }
                if !prefix.isEmpty, closed.contains(prefix) {
                    used += 1
                    let partial = prefix.map { Optional($0) } + Array(repeating: nil, count: n - prefix.count)
                    if !settles(partial, bits: 53, low...high) { failure = prefix }
                    return
                }
                for t in low...high { walk(prefix + [t]) }
            }
            walk([])
            if let failure { return .invalid("the statement is not settled at x = [\(failure.map(String.init).joined(separator: ", "))\(failure.count < n ? ", ..." : "")] as the certificate says") }
            guard used == closed.count else { return .invalid("the certificate closes prefixes that the walk of the domain never meets") }
            return .valid
        case .points(let points):
            let tokens = points.map { $0.map { $0.intValue ?? 0 } }
            let all = tokens.flatMap { $0 }
            let range = (all.min() ?? 0)...(all.max() ?? 0)
            for input in tokens where !settles(input, bits: precise[input] ?? 53, range) {
                return .invalid("the statement is not settled at x = [\(input.map(String.init).joined(separator: ", "))] as the certificate says")
            }
            return .valid
        case .reals, .box:
            return .invalid("a transformer statement needs a finite domain")
        }
    }

    /// A counterexample (claim) or witness, re-evaluated.
    static func check(point x: [Rational], _ statement: PointwiseStatement, query: Query, document: ClaimsDocument) -> CertificateStatus {
        guard x.count == query.inputs.count, query.domain.contains(x) else { return .invalid("the point lies outside the input domain") }
        let input = x.map { $0.intValue ?? 0 }
        guard let t = Evaluations(statement, document.transformers(readBy: statement), (input.min() ?? 0)...(input.max() ?? 0)).truth(input, from: nil) else {
            return .invalid("the point's verdict is not separated at 1,024 bits")
        }
        guard t.premise, t.body != (query.kind == .claim) else { return .invalid("the point does not \(query.kind == .claim ? "refute the claim" : "satisfy the witness")") }
        return .valid
    }

    /// A measure's counts, recounted input by input.
    static func check(event: Int, region: Int, _ statement: PointwiseStatement, verdict: Certificate.Verdict, query: Query, document: ClaimsDocument) -> CertificateStatus {
        guard let (points, _) = query.domain.finitePoints(dimension: query.inputs.count) else { return .invalid("a measure's counts need a finite domain") }
        let inputs = points.map { $0.map { $0.intValue ?? 0 } }
        let all = inputs.flatMap { $0 }
        let range = (all.min() ?? 0)...(all.max() ?? 0)
        let networks = document.transformers(readBy: statement)
        let readsOnlyLogits = statement.signalsRead.allSatisfy { if case .signal(_, "logits", _) = $0 { true } else { false } }
        let counts: (events: Int, regions: Int, unseparated: [Int]?)
        if case .integers(let low, let high) = query.domain, readsOnlyLogits {
            counts = recount(statement, networks, tokens: low...high, dimension: query.inputs.count)
        } else {
            counts = recount(statement, networks, inputs: inputs, tokens: range)
        }
        if let input = counts.unseparated {
            return .invalid("x = [\(input.map(String.init).joined(separator: ", "))] is not separated at 1,024 bits")
        }
        guard counts.events == event, counts.regions == region else {
            return .invalid("the counts are \(event) of \(region), but \(counts.events) of \(counts.regions) inputs satisfy the measure")
        }
        return Certificate.shareVerdict(event: event, region: region, verdict: verdict, for: query)
    }

    /// A measure recounted input by input with the plain forward pass, in
    /// slices, one per core, each with its own evaluations; the sums do
    /// not depend on how they are cut.
    private static func recount(
        _ statement: PointwiseStatement, _ networks: [Int: AttentionTransformer], inputs: [[Int]], tokens range: ClosedRange<Int>
    ) -> (events: Int, regions: Int, unseparated: [Int]?) {
        let slices = max(1, min(inputs.count, ProcessInfo.processInfo.activeProcessorCount))
        let results = Mutex([(events: Int, regions: Int, unseparated: [Int]?)](repeating: (0, 0, nil), count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { k in
            let evaluations = Evaluations(statement, networks, range)
            var (events, regions) = (0, 0)
            var unseparated: [Int]?
            for input in inputs[(k * inputs.count / slices)..<((k + 1) * inputs.count / slices)] {
                guard let t = evaluations.truth(input, from: nil) else {
                    unseparated = input
                    break
                }
                if t.premise { regions += 1 }
                if t.premise, t.body { events += 1 }
            }
            results.withLock { $0[k] = (events, regions, unseparated) }
        }
        let parts = results.withLock { $0 }
        return (parts.map(\.events).reduce(0, +), parts.map(\.regions).reduce(0, +), parts.compactMap(\.unseparated).first)
    }

    /// A measure of the logits over `{low..high}^n` recounted by walking
    /// the inputs in order with ``CheckedLogits`` (first-layer sums shared
    /// along prefixes), one first token per task; an input its doubles
    /// leave open goes up the ladder from 128 bits.
    private static func recount(
        _ statement: PointwiseStatement, _ networks: [Int: AttentionTransformer], tokens: ClosedRange<Int>, dimension n: Int
    ) -> (events: Int, regions: Int, unseparated: [Int]?) {
        let fast = networks.mapValues { CheckedLogits($0, tokens: tokens) }
        let firsts = Array(tokens)
        let results = Mutex([(events: Int, regions: Int, unseparated: [Int]?)](repeating: (0, 0, nil), count: firsts.count))
        DispatchQueue.concurrentPerform(iterations: firsts.count) { k in
            let evaluations = Evaluations(statement, networks, tokens)
            var (events, regions) = (0, 0)
            var unseparated: [Int]?
            func walk(_ input: [Int], _ sums: [Int: CheckedLogits.Prefix]) {
                guard unseparated == nil else { return }
                guard input.count == n else {
                    for t in tokens {
                        walk(input + [t], sums.reduce(into: [:]) { next, entry in next[entry.key] = fast[entry.key]?.extend(entry.value, with: t) })
                    }
                    return
                }
                if evaluations.doubles.premiseFails(at: input.map { Optional($0) }) { return }
                var logits: [Int: [CheckedDouble]] = [:]
                for (m, prefix) in sums { logits[m] = fast[m]?.logits(completing: prefix) }
                let quick = logits.count == fast.count ? evaluations.doubles.truth(at: input, logits: logits) : nil
                guard let t = quick ?? evaluations.truth(input.map { Optional($0) }, from: 128) else {
                    unseparated = input
                    return
                }
                if t.premise { regions += 1 }
                if t.premise, t.body { events += 1 }
            }
            let start = fast.mapValues { $0.extend(CheckedLogits.Prefix(), with: firsts[k]) }
            walk([firsts[k]], start)
            results.withLock { $0[k] = (events, regions, unseparated) }
        }
        let parts = results.withLock { $0 }
        return (parts.map(\.events).reduce(0, +), parts.map(\.regions).reduce(0, +), parts.compactMap(\.unseparated).first)
    }
}
