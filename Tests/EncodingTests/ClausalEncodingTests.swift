import Claims
import Encoding
import ExactArithmetic
import Foundation
import ModelImport
import Models
import PiecewiseLinear
import Testing
import _TestSupport

/// The encoding the search and the checker share: atoms normalized and
/// shared, structure folded, faces only where they are sound.
@Suite struct ClausalEncodingTests {
    private let header = "model m = \"handcrafted_2nd_argmax_2.pth\"\ninput x in R^2\n"

    private func encoding(_ statement: String, domain: String = "R^2") throws -> ClausalEncoding {
        let source = header.replacingOccurrences(of: "R^2", with: domain) + statement + "\n"
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "test.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        let query = try #require(document.queries.first)
        return ClausalEncoding(query)
    }

    private func atoms(_ e: ClausalEncoding) -> [AtomBound] {
        e.variables.compactMap { if case .atom(let a) = $0 { return a } else { return nil } }
    }

    @Test func atomsAreScaledToALeadingOneAndFlippedWhenItIsNegative() {
        // -2 x0 + 4 x1 - 2 < 0  is  x0 - 2 x1 > -1: the negation of "x0 - 2 x1 <= -1".
        let c = LinearForm(terms: [LinearTerm(-2, NodeID(0)), LinearTerm(4, NodeID(1))], constant: -2)
        guard case .literal(let atom, let positive) = AtomBound.normalizing(c, .less) else {
            Issue.record("one literal expected")
            return
        }
        #expect(atom.form == LinearForm(terms: [LinearTerm(1, NodeID(0)), LinearTerm(-2, NodeID(1))]))
        #expect(atom.bound == -1)
        #expect(!atom.strict)
        #expect(!positive)
        #expect(AtomBound.normalizing(LinearForm(constant: 3), .less) == .constant(false))
        guard case .equality(let atMost, let below) = AtomBound.normalizing(c, .equal) else {
            Issue.record("an equality is two atoms")
            return
        }
        #expect(atMost.form == below.form && !atMost.strict && below.strict)
    }

    @Test func theSameComparisonIsOneVariable() throws {
        let e = try encoding("claim c: x[0] < x[1] or x[1] > x[0] or 2 * x[0] < 2 * x[1]")
        // All three are "x0 - x1 < 0": one atom, and the disjunction folds to it.
        #expect(atoms(e).count == 1)
        #expect(e.clauses.filter { $0.count > 1 }.count <= 1)
    }

    @Test func aComparisonAndItsNegationDecideTheirDisjunction() throws {
        let e = try encoding("witness w: x[0] > 0 or x[0] <= 0")
        // True everywhere: no clause constrains the search.
        #expect(e.rootLiteral.isEmpty)
        let f = try encoding("witness w: x[0] > 0 and x[0] <= 0")
        #expect(f.rootLiteral == [nil])
        #expect(f.clauses.contains([]))
    }

    @Test func everyReLUTheQueryReadsHasAPhase() throws {
        let e = try encoding("claim c: m.logits[0] >= m.logits[1] where x[0] > x[1]")
        let phases = e.variables.filter { if case .phase = $0 { return true } else { return false } }.count
        // Twins share one variable; every other ReLU has its own.
        #expect(e.relus.filter { $0.twin == nil }.count == phases)
        #expect(e.relus.count > 0)
        for relu in e.relus {
            guard case .literal(let l) = relu.phase, case .phase = e.variables[l.variable] else {
                Issue.record("ReLU \(relu.node) has no phase variable")
                continue
            }
        }
    }

    @Test("a ReLU of a negated operand is its twin's: the negated phase, and h - h' + z' = 0")
    func twinsShareTheirPhase() throws {
        // The length-2 model's first step is [relu(x0), relu(-x0)].
        let e = try encoding("claim c: m.h[1][0] + m.h[1][1] >= 0")
        #expect(e.relus.count == 2)
        let twin = try #require(e.relus.first { $0.twin != nil })
        let original = e.relus[try #require(twin.twin)]
        var sum = twin.operand
        sum.add(.one, original.operand)
        #expect(sum.terms.isEmpty && sum.constant.isZero)
        guard case .literal(let a) = original.phase, case .literal(let b) = twin.phase else {
            Issue.record("both phases are literals")
            return
        }
        #expect(b == !a)
        // Alone, it has no twin.
        let f = try encoding("claim c: m.h[1][0] >= 0")
        #expect(f.relus.count == 1 && f.relus[0].twin == nil)
    }

    @Test func facesOnlyForHomogeneousQueriesThatZeroDoesNotSolve() throws {
        // Homogeneous, 0 fails the strict comparison: box [-1, 1]^2 and faces.
        let homogeneous = try encoding("claim c: m.logits[0] >= 0 where x[0] > x[1]")
        #expect(homogeneous.hasFaceClause)
        #expect(homogeneous.box?.low == -1 && homogeneous.box?.high == 1)
        #expect(homogeneous.clauses.last?.count == 4)
        // A constant term breaks homogeneity: no box, no faces.
        let shifted = try encoding("claim c: m.logits[0] >= 1 where x[0] > x[1]")
        #expect(!shifted.hasFaceClause)
        #expect(shifted.box == nil)
        // 0 solves this query (logits are 0 there): a box, but no faces.
        let zero = try encoding("witness w: m.logits[0] >= 0")
        #expect(!zero.hasFaceClause)
        #expect(zero.box != nil)
        // A box domain keeps its own bounds; faces skip a bound of 0.
        let boxed = try encoding("claim c: m.logits[0] >= 0 where x[0] > x[1]", domain: "[0, 2]^2")
        #expect(boxed.box?.low == 0 && boxed.box?.high == 2)
        #expect(boxed.clauses.last?.count == 2)
    }
}
