import Certificates
import Claims
import ExactArithmetic
import Foundation
import ModelImport
import PiecewiseLinear
import Search
import Testing
import _TestSupport

/// Farkas's verdicts against z3's on the exported SMT-LIB of random small
/// RNNs and random claims. Set FARKAS_DIFF_CASES and FARKAS_DIFF_SEED to
/// run more cases locally.
@Suite struct DifferentialZ3Tests {
    static let environment = ProcessInfo.processInfo.environment
    static let cases = environment["FARKAS_DIFF_CASES"].flatMap(Int.init) ?? 500
    static let seed = environment["FARKAS_DIFF_SEED"].flatMap(UInt64.init) ?? 1

    /// Runs z3 on a script: "sat", "unsat" or "unknown".
    static func z3(_ script: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-diff-\(UUID().uuidString).smt2")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["z3", "-T:30", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    }

    @Test("verdicts agree with z3 on random RNNs and claims")
    func agreesWithZ3() throws {
        #expect(try Self.z3("(check-sat)\n") == "sat", "z3 is needed for this test (apt-get install z3)")
        var rng = SplitMix64(seed: Self.seed)
        var compared = 0
        var unknown = 0
        var checked = 0
        var verdicts: [String: Int] = [:]
        var farkasTime = Duration.zero
        var z3Time = Duration.zero
        let clock = ContinuousClock()
        for index in 0..<Self.cases {
            let d = Int.random(in: 1...4, using: &rng)
            let n = Int.random(in: 1...4, using: &rng)
            let network = try RandomRNN.make(hidden: d, length: n, bias: Int.random(in: 0..<4, using: &rng) == 0, using: &rng)
            let source = RandomClaims(d: d, n: n).file(&rng)
            let document: ClaimsDocument
            do {
                document = try ClaimsDocument.compile(source: source, file: "case\(index).claims", folder: "/") { _, _ in .recurrent(network) }
            } catch {
                Issue.record("generated claims did not compile:\n\(source)\n\(error)")
                continue
            }
            for query in document.queries {
                var outcome: SearchOutcome = .unknown(reason: "", statistics: SearchStatistics())
                farkasTime += clock.measure { outcome = ConflictDrivenSearch.solve(query, budget: SearchBudget(maximumConflicts: 20_000)) }
                let ours: String
                switch outcome {
                case .satisfiable(let point, _):
                    ours = "sat"
                    #expect(query.formula.holds(query.program.evaluate(at: point)), "point does not replay for\n\(source)")
                case .unsatisfiable(let proof, _):
                    ours = "unsat"
                    // The independent checker must accept every proof the search gives.
                    let checker = ProofChecker(query: query)
                    #expect(throws: Never.self, "case \(index): the checker rejects the proof\n\(source)") { try checker.check(proof) }
                    checked += 1
                case .unknown:
                    unknown += 1
                    continue
                }
                var theirs = ""
                let started = clock.now
                theirs = try Self.z3(query.smtLIB)
                z3Time += clock.now - started
                if theirs == "unknown" || theirs.isEmpty { continue }
                compared += 1
                verdicts[ours, default: 0] += 1
                #expect(ours == theirs, "case \(index) (seed \(Self.seed)): Farkas \(ours), z3 \(theirs)\n\(source)")
            }
        }
        print("differential: \(compared) compared, \(unknown) unknown, \(checked) proofs checked, \(verdicts); Farkas \(farkasTime), z3 \(z3Time) (seed \(Self.seed))")
        // The comparison means something only if both answers occur often.
        #expect(compared >= Self.cases * 9 / 10, "only \(compared) of \(Self.cases) compared (\(unknown) unknown)")
        #expect(verdicts["sat", default: 0] >= Self.cases / 10)
        #expect(verdicts["unsat", default: 0] >= Self.cases / 10)
    }
}
