package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear
package import Sampling

/// How much of a query's region what the search learned so far rules
/// out, by sampling: the figure an `unknown` verdict reports besides the
/// progress estimate.
///
/// The *region* is the query's premise (the assumptions and `where` part
/// of a statement). The search samples it (``RegionSampler``: Gaussian
/// inputs, or uniform ones in a box domain, conditioned on the premise)
/// and takes each sample's *cell*: the phase of every ReLU and the truth
/// of every comparison over inputs alone, as the network has them there.
/// A sample counts as ruled out when unit propagation over the clauses
/// (the encoding's and the learned ones) from its cell's literals reaches
/// a conflict: every clause follows from the query, so the whole cell (a
/// polyhedron around the sample) then holds no solution. Comparisons of
/// outputs are left open, so evaluating the claim at the sample is never
/// what rules it out; a literal within rounding of its boundary is left
/// open too.
extension ConflictDrivenSearch {
    /// The samples an unknown verdict's coverage figure is estimated from.
    static let coverageSamples = 1_000

    /// Of `coverageSamples` inputs sampled from the region (fewer when
    /// the budget's `coverageTime` passes first), how many have a cell that one of
    /// `probes` (searches over this query, taken back to level 0) refutes;
    /// nil when no input of the region turns up to start the sampling from
    /// (the probes' own region points are tried first). A probe with an
    /// option (a case of a split) is asked only at samples where the
    /// option's condition on inputs holds (``holdsOnInputs(_:_:)``): its
    /// clauses are valid everywhere, but they are what
    /// it learned about its own case, and asking every case at every
    /// sample costs as many propagations as there are cases.
    func sampledCoverage(probes: [(search: ConflictDrivenSearch, option: Literal?)]) -> (ruledOut: Int, samples: Int)? {
        var probes = probes
        for i in probes.indices { probes[i].search.backtrack(to: 0) }
        // A homogeneous query on R^n is searched in [-1, 1]^n (Gaussian
        // directions), and with the face clause only on the box's surface:
        // a homogeneous query's samples are scaled onto it.
        let onSurface = encoding.hasFaceClause || query.domain == .reals
        let region = PremiseRegion(query: query, program: floatProgram, surface: onSurface ? encoding.box : nil)
        let deadline = budget.coverageTime.map { ContinuousClock.now + $0 }
        let starts = probes.compactMap(\.search.regionPoint)
        guard let points = region.samples(count: Self.coverageSamples, deadline: deadline, starts: starts) else { return nil }
        var (ruledOut, probed) = (0, 0)
        for point in points {
            if probed > 0, let deadline, ContinuousClock.now > deadline { break }
            let values = floatValues(at: point)
            let literals = cell(at: values)
            var truth = floatTruthValues(at: values)
            for i in probes.indices where probes[i].option.map({ holdsOnInputs($0, &truth) }) ?? true {
                if probes[i].search.refutesCell(literals) {
                    ruledOut += 1
                    break
                }
            }
            probed += 1
        }
        return probed > 0 ? (ruledOut, probed) : nil
    }

    /// The literals of the cell at the given node values: each ReLU's
    /// phase and each comparison over inputs alone, unless a margin of
    /// 1e-7 of the sizes involved does not separate it from equality (a
    /// bound on one input is compared exactly).
    func cell(at values: [Double]) -> [Literal] {
        func sign(_ margin: Double, _ size: Double) -> Int8 {
            let tolerance = 1e-7 * (1 + size)
            return margin > tolerance ? 1 : (margin < -tolerance ? -1 : 0)
        }
        let inputNodes = Set(encoding.inputs)
        var literals: [Literal] = []
        for (v, variable) in encoding.variables.enumerated() {
            var truth: Int8 = 0
            switch variable {
            case .atom:
                let (terms, bound, strict) = (floatMeanings.terms(of: v), floatMeanings.bounds[v], floatMeanings.isStrict[v])
                guard terms.allSatisfy({ inputNodes.contains($0.node) }) else { continue }
                if terms.count == 1, let term = terms.first, term.coefficient == 1 {
                    // A bound on one input is compared exactly: on a face
                    // of the search box the input is exactly ±1.
                    let x = values[term.node]
                    literals.append(Literal(variable: v, negative: strict ? !(x < bound) : !(x <= bound)))
                    continue
                }
                var sum = 0.0
                var size = abs(bound)
                for (node, c) in terms {
                    sum += c * values[node]
                    size += abs(c * values[node])
                }
                truth = sign(bound - sum, size)
            case .phase(let k):
                var size = 0.0
                for (node, c) in floatOperands[k] { size += abs(c * values[node]) }
                truth = sign(values[floatOperandNode[k]], size)
            case .structure:
                continue
            }
            if truth != 0 { literals.append(Literal(variable: v, negative: truth < 0)) }
        }
        return literals
    }

    /// Whether unit propagation over this search's clauses from `cell`
    /// reaches a conflict. The assignment is left as it was.
    ///
    /// - Precondition: the search is at decision level 0.
    mutating func refutesCell(_ cell: [Literal]) -> Bool {
        precondition(core.decisionLevel == 0, "cells are probed from level 0")
        if propagate() != nil { return true }
        core.openLevel()
        defer { backtrack(to: 0) }
        for l in cell {
            switch core.literalValue(l) {
            case 1: continue
            case -1: return true
            default: core.assign(l, reason: -1)
            }
        }
        return propagate() != nil
    }
}
