@testable import Farkas
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct JUnitReportTests {
    /// Counts elements while parsing; fails on malformed XML.
    final class Counter: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var failureMessages: [String] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements[name, default: 0] += 1
            if name == "failure", let message = attributes["message"] { failureMessages.append(message) }
        }
    }

    static func statement(_ name: String, _ verdict: Verdict, reason: String? = nil) -> StatementReport {
        StatementReport(
            name: name, kind: "claim", line: 1, verdict: verdict, search: .decidedWithoutSearch, seconds: 0.5, point: nil, reason: reason)
    }

    @Test func proveResultsAreWellFormedXMLWithOneFailurePerBadVerdict() throws {
        let report = FileReport(
            path: "proofs/a<b>&\"c\".claims",
            statements: [
                Self.statement("holds", .proved),
                Self.statement("breaks", .unknown, reason: "timed out <after> 1 s & more\nnext line"),
            ],
            seconds: 1)
        let xml = JUnitReport.xml(prove: [report])
        let parser = XMLParser(data: Data(xml.utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "\(xml)")
        #expect(counter.elements["testcase"] == 2)
        #expect(counter.elements["failure"] == 1)
        #expect(counter.failureMessages == ["unknown: timed out <after> 1 s & more\nnext line"])
    }

    @Test func certificatesRecordTheirClaimsFileRelatively() {
        let store = CertificateStore()
        let folder = store.folder(forClaimsFile: "/repo/proofs/a.claims")
        #expect(folder == "/repo/proofs/.farkas/a.claims")
        #expect(CertificateStore(directory: "/tmp/certs").path(claimsFile: "/repo/proofs/a.claims", statement: "s") == "/tmp/certs/a.claims/s.farkascert")
    }
}
