import Models
import Certificates
import Claims
import Encoding
import Foundation
import ModelImport
import PiecewiseLinear
import Search
import Synchronization
import Testing
import _TestSupport

/// A query with a top-level case split (such as `argsort(x)[-2]`) is
/// searched case by case, several at once; the outcome must not depend on
/// how many.
@Suite struct CaseSplitSearchTests {
    /// Statements whose negations split on input ranks, with equalities
    /// that sample points miss, so the split search decides them.
    static func splitStatements(n: Int, using rng: inout SplitMix64) -> String {
        let i = Int.random(in: 0..<n, using: &rng)
        let j = Int.random(in: 0..<n, using: &rng)
        let c = ["1/2", "-1", "2", "-1/3"][Int.random(in: 0..<4, using: &rng)]
        return """
            claim largest_bounds: sort(x)[-1] >= x[\(i)]
            witness tie_at_rank: m.logits[0] == m.logits[1] and argsort(x)[-1] == \(j)
            witness ranks_related: sort(x)[-2] == \(c) * sort(x)[-1] + 1 and m.logits[\(i)] > m.logits[\(j)]
            claim ranked_second: argmax(m.logits) == argsort(x)[-2] where distinct(x) and sort(x)[-2] > 0

            """
    }

    @Test("split searches give the same outcome, point and proof for 1 and 3 jobs")
    func outcomeDoesNotDependOnJobs() throws {
        var rng = SplitMix64(seed: 77)
        var split = (proved: 0, found: 0)
        for index in 0..<80 {
            let d = Int.random(in: 1...3, using: &rng)
            let n = Int.random(in: 2...4, using: &rng)
            let network = try RandomRNN.make(hidden: d, length: n, bias: false, using: &rng)
            let source = "model m = \"random.pth\"\ninput x in R^\(n)\n" + Self.splitStatements(n: n, using: &rng)
            let document = try ClaimsDocument.compile(source: source, file: "case\(index).claims", folder: "/") { _, _ in RecurrentAdapter(network) }
            for query in document.queries {
                let one = ConflictDrivenSearch.solve(query, budget: SearchBudget(maximumConflicts: 20_000, jobs: 1))
                let three = ConflictDrivenSearch.solve(query, budget: SearchBudget(maximumConflicts: 20_000, jobs: 3))
                switch (one, three) {
                case (.satisfiable(let a, let s), .satisfiable(let b, _)):
                    #expect(a == b, "case \(index): points differ\n\(source)")
                    #expect(query.formula.holds(query.program.evaluate(at: a)))
                    if s.cases > 0 { split.found += 1 }
                case (.unsatisfiable(let a, let s), .unsatisfiable(let b, _)):
                    #expect(a == b, "case \(index): proofs differ\n\(source)")
                    #expect(throws: Never.self, "case \(index): the checker rejects the proof\n\(source)") { try ProofChecker(query: query).check(a) }
                    if s.cases > 0 {
                        split.proved += 1
                        #expect(s.casesProved == s.cases)
                    }
                case (.unknown, .unknown):
                    break
                default:
                    Issue.record("case \(index): outcomes differ: \(one) and \(three)\n\(source)")
                }
            }
        }
        // The comparison means something only if split searches end both ways.
        print("split searches: \(split)")
        #expect(split.proved >= 40, "only \(split.proved) split searches proved")
        #expect(split.found >= 12, "only \(split.found) split searches found a point")
    }

    /// The length-10 handcrafted model's positivity claim, which splits on
    /// the second largest input.
    static func positivityQuery() throws -> Query {
        let path = ReferenceOutputs.repositoryRoot.appendingPathComponent("proofs/handcrafted_2nd_argmax_10.claims").path
        let document = try ClaimsDocument.load(path: path, only: ["correct_when_second_positive"]) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        return try #require(document.queries.first)
    }

    @Test("progress reports of a split search sum the counters of its cases")
    func progressSumsCases() throws {
        let reports = Mutex<[SearchStatistics]>([])
        let budget = SearchBudget(recordsProofs: false, jobs: 2, progress: { statistics in reports.withLock { $0.append(statistics) } })
        guard case .unsatisfiable(_, let final) = ConflictDrivenSearch.solve(try Self.positivityQuery(), budget: budget) else {
            Issue.record("the positivity claim is not proved")
            return
        }
        let seen = reports.withLock { $0 }
        // One report per 1,024 decisions of a case, and one as each of the
        // ten cases ends, so the last sums reach the totals.
        #expect(seen.count >= 10)
        #expect(seen.map(\.decisions).max() == final.decisions)
        #expect(seen.map(\.conflicts).max() == final.conflicts)
        #expect(seen.map(\.progress).max() == 1)
    }

    @Test("an unknown split search counts the cases it refuted")
    func unknownCountsRefutedCases() throws {
        // The length-10 handcrafted model's positivity claim splits on the
        // second largest input, and its cases need 60 to 80 conflicts each.
        guard case .unknown(_, let statistics) = ConflictDrivenSearch.solve(try Self.positivityQuery(), budget: SearchBudget(maximumConflicts: 70, jobs: 2, coverageTime: nil)) else {
            Issue.record("decided within 70 conflicts per case")
            return
        }
        #expect(statistics.cases == 10)
        #expect(statistics.casesProved > 0 && statistics.casesProved < 10)
        #expect(statistics.progress == Double(statistics.casesProved) / 10)
    }
}
