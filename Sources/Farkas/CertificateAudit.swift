#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The outcome of re-checking one statement's certificate.
public struct CheckedStatement: Sendable, Codable, Equatable {
    /// What `farkas check` concluded.
    public enum Status: String, Sendable, Codable {
        /// The certificate proves its verdict.
        case valid
        /// The model or statement changed since the certificate was written.
        case stale
        /// The certificate does not prove its verdict.
        case invalid
        /// No certificate was found for the statement.
        case missing
        /// A sampled estimate, which has no certificate to check.
        case estimate
    }

    /// The statement's name.
    public let name: String
    /// The certificate file.
    public let certificate: String
    /// The status.
    public let status: Status
    /// The verdict the certificate records (when it could be read).
    public let verdict: Verdict?
    /// Why it is stale, invalid or missing.
    public let reason: String?
    /// Wall-clock seconds spent checking.
    public let seconds: Double
}

/// The certificates of one claims file, re-checked.
public struct CheckReport: Sendable, Codable, Equatable {
    /// The claims file.
    public let path: String
    /// One entry per statement (or per certificate given on its own).
    public let statements: [CheckedStatement]
    /// Total seconds, including loading the claims file and models.
    public let seconds: Double
}

/// Re-checks certificates with the independent checker, without searching.
public enum CertificateAudit {
    /// Checks the certificate of every statement of a claims file.
    ///
    /// - Throws: ``ClaimsFileError`` when the claims file cannot be accepted.
    public static func check(claimsFile: String, store: CertificateStore = CertificateStore()) throws(ClaimsFileError) -> CheckReport {
        let start = ContinuousClock.now
        let loader = DigestingModelLoader()
        let document = try ClaimsDocument.load(path: claimsFile, loadModel: loader.load)
        let models = loader.modelDigests(of: document)
        @Sendable func result(_ k: Int) -> CheckedStatement {
            let query = document.queries[k]
            let path = store.path(claimsFile: claimsFile, statement: query.name)
            if Verifier.isEstimate(query) {
                return CheckedStatement(
                    name: query.name, certificate: path, status: .estimate, verdict: nil,
                    reason: "an estimate, not certified: there is no certificate to check", seconds: 0)
            }
            return check(CertificateStore.read(path), at: path, document: document, models: models, expected: query.name)
        }
        // Certificates are independent: check them on every core. Those of
        // statements decided input by input split their inputs across the
        // cores themselves, so they go one after another.
        let queries = document.queries
        let pointwise = queries.indices.filter { queries[$0].pointwise != nil }
        let others = queries.indices.filter { queries[$0].pointwise == nil }
        var results = [CheckedStatement?](repeating: nil, count: queries.count)
        for k in pointwise { results[k] = result(k) }
        let parallel = parallelMap(count: others.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { result(others[$0]) }
        for (k, r) in zip(others, parallel) { results[k] = r }
        return CheckReport(path: claimsFile, statements: results.compactMap { $0 }, seconds: Verifier.seconds(since: start))
    }

    /// Checks one certificate file, finding its claims file through the
    /// path it records.
    public static func check(certificateFile path: String) -> CheckReport {
        let start = ContinuousClock.now
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        func single(_ status: CheckedStatement.Status, _ reason: String, claims: String = "?") -> CheckReport {
            CheckReport(
                path: claims,
                statements: [CheckedStatement(name: name, certificate: path, status: status, verdict: nil, reason: reason, seconds: Verifier.seconds(since: start))],
                seconds: Verifier.seconds(since: start))
        }
        let read = CertificateStore.read(path)
        switch read {
        case nil: return single(.missing, "cannot read the certificate")
        case .failure(let error): return single(error.meansStale ? .stale : .invalid, error.description)
        case .success(let certificate):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            let claimsFile = folder.appendingPathComponent(certificate.claimsFile).standardizedFileURL.path
            let document: ClaimsDocument
            let loader = DigestingModelLoader()
            do throws(ClaimsFileError) {
                document = try ClaimsDocument.load(path: claimsFile, loadModel: loader.load)
            } catch {
                return single(.stale, "its claims file \(claimsFile) no longer compiles: \(error.diagnostics.first?.message ?? "unreadable")", claims: claimsFile)
            }
            let statement = check(read, at: path, document: document, models: loader.modelDigests(of: document), expected: certificate.statement)
            return CheckReport(path: claimsFile, statements: [statement], seconds: Verifier.seconds(since: start))
        }
    }

    /// Checks a certificate read from `path` (nil: no file) against the
    /// statement named `name` of a document whose models have `models` digests.
    private static func check(
        _ read: Result<Certificate, CertificateFormatError>?, at path: String, document: ClaimsDocument, models: [ModelDigest], expected name: String
    ) -> CheckedStatement {
        let start = ContinuousClock.now
        func result(_ status: CheckedStatement.Status, _ verdict: Verdict?, _ reason: String?) -> CheckedStatement {
            CheckedStatement(name: name, certificate: path, status: status, verdict: verdict, reason: reason, seconds: Verifier.seconds(since: start))
        }
        switch read {
        case nil:
            return result(.missing, nil, "no certificate; run farkas prove")
        case .failure(let error):
            return result(error.meansStale ? .stale : .invalid, nil, error.description)
        case .success(let certificate):
            let verdict = Verdict(rawValue: certificate.verdict.rawValue)
            guard certificate.statement == name else {
                return result(.invalid, verdict, "the certificate is for statement '\(certificate.statement)'")
            }
            switch certificate.check(against: document, models: models) {
            case .valid: return result(.valid, verdict, nil)
            case .stale(let reason): return result(.stale, verdict, reason)
            case .invalid(let reason): return result(.invalid, verdict, reason)
            }
        }
    }
}

/// Results filled in by concurrent checks, in statement order.
extension CheckReport {
    /// The report as the text `farkas check` prints.
    public var text: String {
        var lines = [path]
        let width = max(12, statements.map(\.name.count).max() ?? 0)
        let verdictWidth = statements.map { ($0.verdict?.rawValue.count ?? 1) + 2 }.max() ?? 0
        for s in statements {
            let status = s.status.rawValue.padded(to: 8)
            let name = s.name.padded(to: width)
            let verdict = "(\(s.verdict?.rawValue ?? "?"))".padded(to: verdictWidth)
            let detail = s.status == .valid ? "\(verdict) \(String(printf: "%8.3f s", s.seconds))" : s.reason ?? ""
            lines.append("  \(status) \(name) \(detail)")
        }
        let valid = statements.filter { $0.status == .valid }.count
        let estimates = statements.filter { $0.status == .estimate }.count
        var summary = "\(valid) of \(FileReport.count(statements.count - estimates, "certificate")) valid (\(String(printf: "%.2f", seconds)) s)"
        if estimates > 0 { summary += "; \(FileReport.count(estimates, "estimate")) without one" }
        // A valid certificate of a refuted claim or an impossible witness
        // proves the statement false: check fails on it, and says so.
        let refuting = statements.filter { $0.status == .valid && ($0.verdict == .refuted || $0.verdict == .impossible) }
        if !refuting.isEmpty {
            let which = refuting.map(\.name).joined(separator: ", ")
            summary += "; \(refuting.count == 1 ? "one certifies" : "\(refuting.count) certify") a refuted claim or an impossible witness (\(which)), so check fails"
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }
}
