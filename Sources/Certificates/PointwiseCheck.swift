package import Claims
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

    /// The checker's verdict at an input: doubles, then each precision.
    static func truth(_ statement: PointwiseStatement, _ networks: [Int: AttentionTransformer], _ tokens: ClosedRange<Int>, _ input: [Int?], bits: Int?) -> (premise: Bool, body: Bool)? {
        if bits == nil || bits == 53, let t = CheckedStatement<CheckedDouble>(statement: statement, networks: networks, tokens: tokens, bits: 53).truth(at: input) { return t }
        for level in ladder where bits == nil || bits == level {
            if let t = CheckedStatement<CheckedBracket>(statement: statement, networks: networks, tokens: tokens, bits: level).truth(at: input) { return t }
        }
        return nil
    }

    static func networks(_ statement: PointwiseStatement, _ document: ClaimsDocument) -> [Int: AttentionTransformer] {
        var networks: [Int: AttentionTransformer] = [:]
        for m in statement.models {
            if let adapter = document.models[m].adapter as? TransformerAdapter { networks[m] = adapter.network }
        }
        return networks
    }

    /// A claim proved (every input of the premise satisfies the body) or a
    /// witness proved impossible (none does).
    static func check(_ evidence: PointwiseEvidence, _ statement: PointwiseStatement, query: Query, document: ClaimsDocument) -> CertificateStatus {
        let networks = networks(statement, document)
        let expected = query.kind == .claim
        let precise = Dictionary(evidence.preciseInputs.map { ($0.input, $0.bits) }, uniquingKeysWith: { a, _ in a })
        func settles(_ input: [Int?], bits: Int?, _ tokens: ClosedRange<Int>) -> Bool {
            guard let t = truth(statement, networks, tokens, input, bits: bits) else { return false }
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
        guard let t = truth(statement, networks(statement, document), (input.min() ?? 0)...(input.max() ?? 0), input, bits: nil) else {
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
        let networks = networks(statement, document)
        var (events, regions) = (0, 0)
        for input in inputs {
            guard let t = truth(statement, networks, range, input, bits: nil) else {
                return .invalid("x = [\(input.map(String.init).joined(separator: ", "))] is not separated at 1,024 bits")
            }
            if t.premise { regions += 1 }
            if t.premise, t.body { events += 1 }
        }
        guard events == event, regions == region else {
            return .invalid("the counts are \(event) of \(region), but \(events) of \(regions) inputs satisfy the measure")
        }
        return Certificate.shareVerdict(event: event, region: region, verdict: verdict, for: query)
    }
}
