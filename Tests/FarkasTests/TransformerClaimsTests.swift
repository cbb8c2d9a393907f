import Claims
import ExactArithmetic
import Farkas
import Foundation
import ModelImport
import Models
import Testing
import _TestSupport

/// Statements about the longest-cycle transformers, decided input by input,
/// against plain enumeration in float64 (whose margins on these models are
/// far above its rounding), and the located errors for what cannot be
/// decided.
@Suite struct TransformerClaimsTests {
    static func scratchClaims(_ source: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-transformer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("t.claims").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func modelPath(_ name: String) -> String {
        ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models/\(name).pth").path
    }

    static func network(_ name: String) throws -> AttentionTransformer {
        let adapter = try ModelFamilies.adapter(contentsOf: modelPath(name), sequenceLength: nil)
        return try #require((adapter as? TransformerAdapter)?.network)
    }

    /// The logits in float64 with libm's exp: the plain reference.
    static func float64Logits(_ net: AttentionTransformer, _ tokens: [Int]) -> [Double] {
        func doubles(_ m: [[Rational]]) -> [[Double]] { m.map { $0.map(\.doubleApproximation) } }
        func apply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { zip($0, v).reduce(0) { $0 + $1.0 * $1.1 } } }
        let embed = doubles(net.embedding), positions = doubles(net.positionEmbedding)
        var state = tokens.enumerated().map { p, t in zip(embed[t], positions[p]).map(+) }
        let scale = 1 / Double(net.hiddenSize).squareRoot()
        for layer in net.layers {
            let (wq, wk, wv, wo) = (doubles(layer.query), doubles(layer.key), doubles(layer.value), doubles(layer.output))
            let q = state.map { apply(wq, $0).map { $0 * scale } }, k = state.map { apply(wk, $0) }, v = state.map { apply(wv, $0) }
            state = state.indices.map { p in
                let scores = k.map { zip(q[p], $0).reduce(0) { $0 + $1.0 * $1.1 } }
                let top = scores.max() ?? 0
                let exps = scores.map { exp($0 - top) }
                let total = exps.reduce(0, +)
                let mixed = (0..<net.hiddenSize).map { i in exps.indices.reduce(0) { $0 + exps[$1] / total * v[$1][i] } }
                return zip(state[p], apply(wo, mixed)).map(+)
            }
        }
        return apply(doubles(net.unembedding), state[state.count - 1])
    }

    static func longestCycle(_ f: [Int]) -> Int {
        f.indices.map { start in
            var node = start
            for _ in f.indices { node = f[node] }
            var length = 1
            var walker = f[node]
            while walker != node { walker = f[walker]; length += 1 }
            return length
        }.max() ?? 0
    }

    static func inputs(_ n: Int) -> [[Int]] {
        (0..<Int(pow(Double(n), Double(n)))).map { k in
            var rest = k
            return (0..<n).map { _ in defer { rest /= n }; return rest % n }.reversed()
        }
    }

    @Test("accuracy and the first wrong input equal plain float64 enumeration", arguments: [("zoo_longest_cycle_4_4", 4), ("trained_longest_cycle_4_5", 5)])
    func accuracyMatchesEnumeration(model: String, n: Int) throws {
        let net = try Self.network(model)
        var right = 0
        var firstWrong: [Int]?
        for x in Self.inputs(n) {
            let logits = Self.float64Logits(net, x)
            let sorted = logits.sorted()
            #expect(sorted[n - 1] - sorted[n - 2] > 1e-9, "float64 cannot serve as the reference at \(x)")
            if logits.firstIndex(of: sorted[n - 1]) == Self.longestCycle(x) - 1 { right += 1 } else if firstWrong == nil { firstWrong = x }
        }
        let path = try Self.scratchClaims("""
            model m = "\(Self.modelPath(model))"
            input x in {0..\(n - 1)}^\(n)
            measure accuracy: argmax(m.logits) == longest_cycle(x) - 1
            witness wrong: argmax(m.logits) != longest_cycle(x) - 1
            """)
        let report = try Verifier.verify(path: path, jobs: 2)
        let measure = try #require(report.statements.first)
        #expect(measure.share?.event == right)
        #expect(measure.share?.region == Int(pow(Double(n), Double(n))))
        let wrong = try #require(report.statements.last)
        if let firstWrong {
            #expect(wrong.verdict == .found)
            #expect(wrong.point?.input == firstWrong.map(String.init))
        } else {
            #expect(wrong.verdict == .impossible)
        }
    }

    @Test("attention rows sum to one exactly, and the verdicts do not depend on --jobs")
    func attentionAndJobs() throws {
        let path = try Self.scratchClaims("""
            model m = "\(Self.modelPath("zoo_longest_cycle_4_4"))"
            input x in {0..3}^4
            claim rows: all l in 0..1: all q in 0..3: sum(m.attn[l][q]) == 1
            measure last_attends_0: argmax(m.attn[1][3]) == 0
            witness spread: max(m.attn[1][3]) <= 0.5
            """)
        let one = try Verifier.verify(path: path, jobs: 1)
        let three = try Verifier.verify(path: path, jobs: 3)
        #expect(one.statements.map(\.verdict) == [.proved, .measured, .found])
        #expect(one.statements.map(\.verdict) == three.statements.map(\.verdict))
        #expect(one.statements.map(\.share) == three.statements.map(\.share))
        #expect(one.statements.map { $0.point?.input } == three.statements.map { $0.point?.input })
        #expect(one.statements[1].share?.event == 171)
    }

    @Test("what cannot be decided is a located error", arguments: [
        ("input x in R^4\nclaim c: argmax(m.logits) == 0", "is a transformer's signal", 3, 19),
        ("input x in {0..3}^4\nclaim c: longest_cycle(m.logits) == 1", "longest_cycle reads a vector of integers", 3, 26),
        ("input x in {0..3}^4\nclaim c: m.attn[1][3][4] > 0", "index 4 is out of range", 3, 23),
        ("input x in {0..3}^4\nclaim c: m.attn[2][3][0] > 0", "index 2 is out of range", 3, 17),
        ("input x in {0..5}^4\nclaim c: argmax(m.logits) == 0", "reads tokens 0..3", 3, 19),
    ])
    func locatedErrors(body: String, message: String, line: Int, column: Int) throws {
        let source = "model m = \"\(Self.modelPath("zoo_longest_cycle_4_4"))\"\n\(body)\n"
        do {
            _ = try ClaimsDocument.compile(source: source, file: "t.claims", folder: "/") { path, length throws(CheckpointError) in
                try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
            }
            Issue.record("accepted: \(body)")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
            #expect(diagnostic.range.start == SourceLocation(line: line, column: column))
        }
    }
}
