import Certificates
import Claims
import Encoding
import ExactArithmetic
import Foundation
import ModelImport
import PiecewiseLinear
@testable import Search
import Testing
import _TestSupport

/// Farkas's verdicts against z3's on the exported SMT-LIB of random small
/// RNNs and random claims. Set FARKAS_DIFF_CASES and FARKAS_DIFF_SEED to
/// run more cases locally.
@Suite struct DifferentialZ3Tests {
    static let environment = ProcessInfo.processInfo.environment
    static let cases = environment["FARKAS_DIFF_CASES"].flatMap(Int.init) ?? 500
    static let seed = environment["FARKAS_DIFF_SEED"].flatMap(UInt64.init) ?? 1
    /// One case in this many is also compared with ``NaiveSMTReference``.
    static let naiveShare = environment["FARKAS_DIFF_NAIVE_SHARE"].flatMap(Int.init) ?? 2

    /// Runs z3 on a script, for at most `seconds`: "sat", "unsat", or
    /// something else when it gives up.
    static func z3(_ script: String, seconds: Int = 30) throws -> String {
        try z3Output(script, seconds: seconds).split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Runs z3 on a script, for at most `seconds`: everything it prints.
    static func z3Output(_ script: String, seconds: Int = 30) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-diff-\(UUID().uuidString).smt2")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["z3", "-T:\(seconds)", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("verdicts agree with z3 on random RNNs and claims")
    func agreesWithZ3() throws {
        try compare(cases: Self.cases, hidden: 1...4, length: 1...4, seed: Self.seed)
    }

    /// Wider and longer RNNs: more ReLUs, longer rows for the simplex, and
    /// more conflicts the floating simplex must get certified.
    @Test("verdicts agree with z3 on larger random RNNs")
    func agreesWithZ3OnLargerModels() throws {
        try compare(cases: max(1, Self.cases / 20), hidden: 5...8, length: 4...6, seed: Self.seed &+ 1000, z3Seconds: 5)
    }

    /// Weights in {-1, 0, 1}, as AlgZoo's handcrafted models have: running
    /// maxima and negated copies of a value, and claims about the input's
    /// order at a middle rank, so extension atoms unfold whole chains and
    /// twin ReLUs share their phases.
    @Test("verdicts agree with z3 on rank claims about random RNNs with weights in {-1, 0, 1}")
    func agreesWithZ3OnSignWeights() throws {
        try compare(cases: max(1, Self.cases / 5), hidden: 1...5, length: 3...5, weights: .signs, ranked: true, seed: Self.seed &+ 2000)
    }

    func compare(
        cases: Int, hidden: ClosedRange<Int>, length: ClosedRange<Int>, weights: RandomRNN.Weights = .small, ranked: Bool = false, seed: UInt64,
        z3Seconds: Int = 30
    ) throws {
        #expect(try Self.z3("(check-sat)\n") == "sat", "z3 is needed for this test (apt-get install z3)")
        var rng = SplitMix64(seed: seed)
        var compared = 0
        var naiveCompared = 0
        var unknown = 0
        var checked = 0
        var verdicts: [String: Int] = [:]
        var (unfolded, twinned) = (0, 0)
        var farkasTime = Duration.zero
        var z3Time = Duration.zero
        let clock = ContinuousClock()
        for index in 0..<cases {
            let (document, source, network) = try RandomClaims.document(
                hidden: hidden, length: length, weights: weights, ranked: ranked, name: "case\(index).claims", using: &rng)
            for query in document.queries {
                if case .integers = query.domain {} else {
                    let (encoding, extensions) = AtomUnfoldingTests.extended(query)
                    if !extensions.unfoldings.isEmpty { unfolded += 1 }
                    if encoding.relus.contains(where: { $0.twin != nil }) { twinned += 1 }
                }
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
                theirs = try Self.z3(query.smtLIB, seconds: z3Seconds)
                z3Time += clock.now - started
                // Every other case also against the naive reference
                // encoding, which shares nothing with the lowering.
                if index % Self.naiveShare == 0 {
                    let naive = try Self.z3(NaiveSMTReference.script(source: source, network: network), seconds: z3Seconds)
                    if naive == "sat" || naive == "unsat" {
                        naiveCompared += 1
                        #expect(ours == naive, "case \(index) (seed \(seed)): Farkas \(ours), z3 on the naive encoding \(naive)\n\(source)")
                    }
                }
                guard theirs == "sat" || theirs == "unsat" else { continue }
                compared += 1
                verdicts[ours, default: 0] += 1
                #expect(ours == theirs, "case \(index) (seed \(seed)): Farkas \(ours), z3 \(theirs)\n\(source)")
            }
        }
        print("differential (hidden \(hidden), length \(length)): \(unfolded) queries with extension atoms, \(twinned) with twin ReLUs; \(compared) compared (\(naiveCompared) also with the naive encoding), \(unknown) unknown, \(checked) proofs checked, \(verdicts); Farkas \(farkasTime), z3 \(z3Time) (seed \(seed))")
        // The comparison means something only if both answers occur often.
        #expect(compared >= cases * 8 / 10, "only \(compared) of \(cases) compared (\(unknown) unknown)")
        #expect(naiveCompared >= cases * 8 / 10 / Self.naiveShare, "only \(naiveCompared) compared with the naive encoding")
        #expect(verdicts["sat", default: 0] >= cases / 10)
        #expect(verdicts["unsat", default: 0] >= cases / 10)
    }
}
