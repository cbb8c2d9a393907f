import Models
import Claims
import Encoding
import ExactArithmetic
import ModelImport
import PiecewiseLinear
import Testing
import _TestSupport

@testable import Search

/// An unknown verdict's coverage figure: the share of inputs sampled from
/// the statement's region whose cells what the search learned refutes.
@Suite struct SampledCoverageTests {
    @Test("the coverage of an unknown split search grows with its budget and counts refuted cases")
    func coverageGrows() throws {
        let query = try CaseSplitSearchTests.positivityQuery()
        var shares: [Double] = []
        for conflicts in [20, 60] {
            guard case .unknown(_, let statistics) = ConflictDrivenSearch.solve(query, budget: SearchBudget(maximumConflicts: conflicts, recordsProofs: false, jobs: 2, coverageTime: nil)) else {
                Issue.record("decided within \(conflicts) conflicts per case")
                return
            }
            #expect(statistics.samples == ConflictDrivenSearch.coverageSamples)
            let share = Double(statistics.samplesRuledOut) / Double(statistics.samples)
            // A refuted case ("x[k] is the largest") rules out all of its
            // tenth of Gaussian inputs; allow for the sampling's spread.
            #expect(share >= Double(statistics.casesProved) / 10 - 0.1, "\(share) with \(statistics.casesProved) cases refuted")
            shares.append(share)
        }
        #expect(shares[0] < 0.5)
        #expect(shares[1] > shares[0])
    }

    @Test("a search that runs out before learning anything rules out nothing")
    func nothingLearned() throws {
        let source = """
            model m = "random.pth"
            input x in R^3
            claim ordered: m.logits[0] <= m.logits[1] where x[0] > x[1] > x[2]

            """
        var rng = SplitMix64(seed: 11)
        let network = try RandomRNN.make(hidden: 3, length: 3, bias: false, using: &rng)
        let document = try ClaimsDocument.compile(source: source, file: "ordered.claims", folder: "/") { _, _ in RecurrentAdapter(network) }
        let query = try #require(document.queries.first)
        var search = Self.search(query, budget: SearchBudget(maximumConflicts: 0, coverageTime: nil))
        guard case .unknown(_, let statistics) = search.run() else {
            Issue.record("decided without a conflict")
            return
        }
        #expect(statistics.samples == ConflictDrivenSearch.coverageSamples)
        #expect(statistics.samplesRuledOut == 0)
    }

    @Test("the cell of a solution is never refuted by what the search learned before finding it")
    func solutionCellsStayOpen() throws {
        var rng = SplitMix64(seed: 2026)
        var checked = 0
        for index in 0..<400 {
            let (document, source, _) = try RandomClaims.document(hidden: 1...3, length: 2...4, name: "random\(index).claims", using: &rng)
            for query in document.queries {
                if case .integers = query.domain { continue }
                var search = Self.search(query, budget: SearchBudget(maximumConflicts: 2_000, recordsProofs: false))
                guard case .satisfiable(var point, let statistics) = search.run(), statistics.conflicts > 0 else { continue }
                if search.encoding.hasFaceClause, let (low, high) = search.encoding.box {
                    // The search's clauses speak of the box's surface (its
                    // face clause), where coverage samples are taken: a
                    // homogeneous query's solution scales onto it.
                    let scales = point.compactMap { x in x.signum > 0 ? high / x : (x.signum < 0 ? low / x : nil) }
                    if let scale = scales.min() { point = point.map { $0 * scale } }
                }
                search.backtrack(to: 0)
                let cell = search.cell(at: search.floatValues(at: point.map(\.doubleApproximation)))
                let refuted = search.refutesCell(cell)
                #expect(!refuted, "case \(index): the cell of solution \(point) is refuted\n\(source)")
                checked += 1
            }
        }
        print("solution cells checked: \(checked)")
        #expect(checked >= 40)
    }

    static func search(_ query: Query, budget: SearchBudget) -> ConflictDrivenSearch {
        let needed = query.program.dependencies(of: query.formula.nodes)
        return ConflictDrivenSearch(query: query, needed: needed, floatProgram: FloatProgram(query.program, needed: needed), budget: budget)
    }
}

