package import Claims
package import Encoding
package import ExactArithmetic
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import PiecewiseLinear

/// The result of re-checking one certificate.
package enum CertificateStatus: Sendable, Equatable {
    /// The certificate proves its verdict for the current model and statement.
    case valid
    /// The model or the statement changed since it was written: it proves
    /// nothing about them now, and the statement must be decided again.
    case stale(String)
    /// It does not prove its verdict: a bug or tampering.
    case invalid(String)
}

extension Certificate {
    /// The certificate for a decided statement of a document whose models
    /// have `modelDigests` (from ``modelDigests(of:)``).
    package init(query: Query, modelDigests: [ModelDigest], verdict: Verdict, evidence: Evidence, claimsFile: String) {
        self.init(
            statement: query.name, verdict: verdict, claimsFile: claimsFile, statementDigest: query.statementDigest,
            modelDigests: modelDigests, evidence: evidence)
    }

    /// SHA-256 of each model checkpoint a document loads, read once for
    /// all its statements; a file that cannot be read is left out.
    package static func modelDigests(of document: ClaimsDocument) -> [ModelDigest] {
        modelDigests(of: document.models)
    }

    /// SHA-256 of each model's checkpoint file as it is now; a file that
    /// cannot be read is left out.
    package static func modelDigests(of models: [ClaimsModel]) -> [ModelDigest] {
        models.compactMap { model in
            FileManager.default.contents(atPath: model.path).map { ModelDigest(name: model.name, digest: SHA256Digest(of: [UInt8]($0))) }
        }
    }

    /// Checks the certificate against a claims document whose models have
    /// `current` digests (from ``modelDigests(of:)``): staleness first
    /// (statement text and model bytes), then the evidence itself.
    package func check(against document: ClaimsDocument, models current: [ModelDigest]) -> CertificateStatus {
        guard let query = document.queries.first(where: { $0.name == statement }) else {
            return .stale("the claims file no longer has a statement named '\(statement)'")
        }
        guard query.statementDigest == statementDigest else {
            return .stale("the statement or the declarations before it changed")
        }
        for recorded in modelDigests {
            guard let model = document.models.first(where: { $0.name == recorded.name }) else {
                return .stale("the claims file no longer declares model '\(recorded.name)'")
            }
            guard current.first(where: { $0.name == model.name })?.digest == recorded.digest else {
                return .stale("the checkpoint of model '\(recorded.name)' changed")
            }
        }
        guard modelDigests.count == document.models.count else { return .stale("the claims file declares other models") }
        let isClaim = query.kind == .claim
        if let statement = query.pointwise {
            switch (verdict, evidence) {
            case (.proved, .pointwise(let e)) where isClaim, (.impossible, .pointwise(let e)) where query.kind == .witness:
                return PointwiseCheck.check(e, statement, query: query, document: document)
            case (.refuted, .point(let x)) where isClaim, (.found, .point(let x)) where query.kind == .witness:
                return PointwiseCheck.check(point: x, statement, query: query, document: document)
            case (_, .counts(let event, let region)) where query.kind == .measure:
                return PointwiseCheck.check(event: event, region: region, statement, verdict: verdict, query: query, document: document)
            default:
                return .invalid("a \(query.kind.rawValue) about a transformer cannot be '\(verdict.rawValue)' with this evidence")
            }
        }
        switch (verdict, evidence) {
        case (.proved, .proof(let proof)) where isClaim, (.impossible, .proof(let proof)) where query.kind == .witness:
            let checker = ProofChecker(query: query)
            do throws(ProofChecker.Failure) {
                try checker.check(proof)
            } catch {
                return .invalid(error.reason)
            }
            return .valid
        case (.refuted, .point(let x)) where isClaim && query.kind == .claim, (.found, .point(let x)) where query.kind == .witness:
            return Self.check(point: x, for: query)
        case (_, .counts(let event, let region)) where query.kind == .measure:
            return Self.check(event: event, region: region, verdict: verdict, for: query)
        case (_, .sectors(let rays, let bits)) where query.kind == .measure:
            return PlaneMeasureCheck.check(rays: rays, bits: bits, verdict: verdict, for: query)
        case (_, .boxCells(let steps)) where query.kind == .measure:
            return BoxMeasureCheck.check(steps: steps, verdict: verdict, for: query)
        case (_, .sphere(let steps, let bits)) where query.kind == .measure:
            return SphereMeasureCheck.check(steps: steps, bits: bits, verdict: verdict, for: query)
        case (_, .optimum(let value, let point, let bound, let attainment)) where query.objective != nil:
            return OptimumCheck.check(value: value, point: point, bound: bound, attainment: attainment, verdict: verdict, for: query)
        case (_, .unbounded(let point, let direction)) where query.objective != nil:
            return OptimumCheck.check(point: point, direction: direction, verdict: verdict, for: query)
        case (_, .infeasible(let proof)) where query.objective != nil:
            return OptimumCheck.check(infeasible: proof, verdict: verdict, for: query)
        default:
            return .invalid("a \(query.kind.rawValue) cannot be '\(verdict.rawValue)' with this evidence")
        }
    }

    /// A measure's counts, recounted at every point of its finite domain in
    /// exact rationals, and its verdict against its expectation.
    static func check(event: Int, region: Int, verdict: Verdict, for query: Query) -> CertificateStatus {
        guard let (points, _) = query.domain.finitePoints(dimension: query.inputs.count) else {
            return .invalid("a measure's counts need a finite domain")
        }
        var (events, regions) = (0, 0)
        let needed = query.program.dependencies(of: query.formula.nodes.union(query.premise.nodes))
        for x in points {
            let values = query.program.evaluate(at: x, only: needed)
            if query.premise.holds(values) { regions += 1 }
            if query.formula.holds(values) { events += 1 }
        }
        guard events == event, regions == region else {
            return .invalid("the counts are \(event) of \(region), but \(events) of \(regions) points satisfy the measure")
        }
        return shareVerdict(event: event, region: region, verdict: verdict, for: query)
    }

    /// Whether a measure's verdict is the one its share and expectation make.
    static func shareVerdict(event: Int, region: Int, verdict: Verdict, for query: Query) -> CertificateStatus {
        let share = region == 0 ? Rational.zero : Rational(event) / Rational(region)
        let expected: Verdict
        if let (relation, value) = query.expectation {
            expected = relation.holds(share, value) ? .proved : .refuted
        } else {
            expected = .measured
        }
        guard verdict == expected else { return .invalid("the share \(share) makes the verdict '\(expected.rawValue)', not '\(verdict.rawValue)'") }
        return .valid
    }

    /// A point satisfies the query when it lies in the domain and the
    /// formula holds at it, evaluated exactly.
    static func check(point x: [Rational], for query: Query) -> CertificateStatus {
        guard x.count == query.inputs.count else { return .invalid("the point has \(x.count) coordinates, the input \(query.inputs.count)") }
        guard query.domain.contains(x) else { return .invalid("the point lies outside the input domain") }
        guard query.formula.holds(query.program.evaluate(at: x)) else { return .invalid("the point does not satisfy the query") }
        return .valid
    }
}
