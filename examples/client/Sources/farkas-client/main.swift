// Uses only the Farkas library's public surface (README, "The library").
// Run from the repository root:
//   swift run --package-path examples/client farkas-client
import Farkas

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let root = CommandLine.arguments.dropFirst().first ?? "."

// Load a model and evaluate it exactly and in float32.
let model = try LoadedModel(path: "\(root)/examples/models/handcrafted_2nd_argmax_2.pth")
print(ModelSummary(model).text)
print(try EvaluationReport(model: model, input: [Rational(1, 2), -1]).text)

// Parse a claims file: every diagnostic comes with its line and column.
let claims = "\(root)/proofs/handcrafted_2nd_argmax_2.claims"
let document = try ClaimsDocument.load(path: claims)
print(document.statements.map { "\($0.kind) \($0.name) (line \($0.line))" }.joined(separator: "\n"))

// Verify it, writing certificates to a folder of our own, then check them.
let store = CertificateStore(directory: "\(root)/.build/farkas-client-certificates")
let report = try Verifier.verify(path: claims, budget: SearchBudget(timeout: 60), certificates: .init(store: store))
print(report.text)
let check = try CertificateAudit.check(claimsFile: claims, store: store)
print(check.text)

let allHold = report.statements.allSatisfy { $0.verdict == .proved || $0.verdict == .found }
let allValid = check.statements.allSatisfy { $0.status == .valid }
exit(allHold && allValid ? 0 : 1)
