import Models
import Claims
import Encoding
import ExactArithmetic
import Foundation
import ModelImport
import PiecewiseLinear
@testable import Search
import Testing
import _TestSupport

/// Extension atoms and their unfoldings (``UnfoldingPlan``): each one is
/// right at every input of the network, the closure reaches atoms over
/// inputs alone where chains share their links, and a dense model gets none.
@Suite struct AtomUnfoldingTests {
    /// Each unfolding's four readings, at an input of the network: the
    /// atom equals the branch its phase picks, a maximum is the conjunction
    /// of its branches and a minimum their disjunction.
    static func checkUnfoldings(of query: Query, at x: [Rational], encoding: ClausalEncoding, _ extensions: ExtensionAtoms) {
        let values = query.program.evaluate(at: x)
        func operand(_ k: Int) -> Rational {
            let z = encoding.relus[k].operand
            return z.evaluate(values)
        }
        func truth(_ l: Literal) -> Bool {
            switch encoding.variables[l.variable] {
            case .atom(let atom): return atom.holds(!l.isNegative, values)
            case .phase(let k): return (operand(k).signum >= 0) != l.isNegative
            case .structure: preconditionFailure("an unfolding names no structure")
            }
        }
        func truth(_ branch: AtomUnfolding.Branch) -> Bool {
            switch branch.side {
            case .constant(let b): return b
            case .literal(let l, _): return truth(l)
            }
        }
        for u in extensions.unfoldings {
            // At z = 0 both phases are right, and the branches may differ.
            guard u.substitutions.allSatisfy({ !operand($0.relu).isZero }) else { continue }
            let (a, t, e) = (truth(u.atom), truth(u.whenTrue), truth(u.whenFalse))
            #expect(a == (truth(u.phase) ? t : e), "\(u) at \(x)")
            switch u.shape {
            case .maximum: #expect(a == (t && e), "\(u) at \(x)")
            case .minimum: #expect(a == (t || e), "\(u) at \(x)")
            case .same: #expect(t == e, "\(u) at \(x)")
            case .conditional: break
            }
        }
    }

    /// The query's encoding with the extension atoms a search declares on it.
    static func extended(_ query: Query) -> (ClausalEncoding, ExtensionAtoms) {
        var encoding = ClausalEncoding(query)
        let extensions = ExtensionAtoms(extending: &encoding)
        return (encoding, extensions)
    }

    static func positivityQuery() throws -> Query { try CaseSplitSearchTests.positivityQuery() }

    @Test("every unfolding holds at random inputs of rank claims about random models with weights in {-1, 0, 1}")
    func unfoldingsHoldEverywhere() throws {
        var rng = SplitMix64(seed: 77)
        var checked = 0
        for index in 0..<300 {
            let (document, _, _) = try RandomClaims.document(hidden: 1...5, length: 3...5, weights: .signs, ranked: true, name: "case\(index).claims", using: &rng)
            for query in document.queries {
                if case .integers = query.domain { continue }
                let (encoding, extensions) = Self.extended(query)
                if extensions.unfoldings.isEmpty { continue }
                checked += 1
                for _ in 0..<20 {
                    Self.checkUnfoldings(of: query, at: query.inputs.map { _ in rng.nextSmallInput() }, encoding: encoding, extensions)
                }
            }
        }
        #expect(checked >= 50, "only \(checked) queries had extension atoms")
    }

    @Test("the positivity claim's chains unfold down to comparisons of inputs, each at every input")
    func chainsReachInputs() throws {
        let query = try Self.positivityQuery()
        let (encoding, extensions) = Self.extended(query)
        #expect(!extensions.unfoldings.isEmpty)
        // Every branch atom that still reads a ReLU with a phase is unfolded in turn.
        let unfolded = Set(extensions.unfoldings.map(\.atom.variable))
        let inputs = Set(encoding.inputs)
        for u in extensions.unfoldings {
            for branch in [u.whenTrue, u.whenFalse] {
                guard case .literal(let l, _) = branch.side, case .atom(let atom) = encoding.variables[l.variable] else { continue }
                let readsReLU = atom.form.nodeIndices.contains { !inputs.contains($0) }
                #expect(!readsReLU || unfolded.contains(l.variable), "\(atom) is left folded")
            }
        }
        // The simplex holds the seeds, not the atoms only unfolding made.
        #expect(!extensions.unfoldedAtoms.isEmpty && extensions.atoms.lowerBound < extensions.unfoldedAtoms.lowerBound)
        var rng = SplitMix64(seed: 5)
        for _ in 0..<50 { Self.checkUnfoldings(of: query, at: query.inputs.map { _ in rng.nextSmallInput() }, encoding: encoding, extensions) }
    }

    @Test("a dense trained model's claims get no extension atoms")
    func denseModelsGetNone() throws {
        let source = """
            model m = "trained_2nd_argmax_16_10.pth"
            input x in R^10
            claim c: argmax(m.logits) == argsort(x)[-2] where x[0] > x[1]

            """
        let models = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models").path
        let document = try ClaimsDocument.compile(source: source, file: "dense.claims", folder: models) { path, length throws(CheckpointError) in
            try ModelFamilies.adapter(contentsOf: path, sequenceLength: length)
        }
        let (_, extensions) = Self.extended(try #require(document.queries.first))
        #expect(extensions.unfoldings.isEmpty)
        #expect(extensions.atoms.isEmpty)
    }
}
