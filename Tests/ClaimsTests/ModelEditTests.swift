import Claims
import ExactArithmetic
import Foundation
import Models
import PiecewiseLinear
import Testing

/// `model a = m with ...`, `m without neuron j`, `standardize(m)`: edited
/// models are models like any other, and a bad edit is a located error.
@Suite struct ModelEditTests {
    private let zoo = "model m = \"../../../examples/models/zoo_2nd_argmax_2_2.pth\"\n"

    private func document(_ source: String) throws(ClaimsFileError) -> ClaimsDocument { try ClaimsFixtures.compile(source) }

    private func diagnostic(_ source: String) -> Diagnostic? {
        do {
            _ = try document(source)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    /// The weights of a model, read through its signals.
    private func weights(_ model: ClaimsModel, _ name: String) -> [[Rational]] {
        (model.lowered.signals[name]?.rows ?? []).map { $0.map(\.constant) }
    }

    @Test func standardizationRescalesEachNeuronAndSharesTheReLUs() throws {
        let doc = try document(zoo + "model s = standardize(m)\ninput x in R^2\nclaim same: s.logits == m.logits\n")
        let (m, s) = (doc.models[0], doc.models[1])
        #expect(weights(s, "W_hi") == [[1, -1]])
        let a = weights(m, "W_hi")[0].map(\.magnitude)
        for j in 0..<2 {
            for k in 0..<2 { #expect(weights(s, "W_hh")[j][k] == weights(m, "W_hh")[j][k] * a[k] / a[j]) }
            for i in 0..<2 { #expect(weights(s, "W_oh")[i][j] == weights(m, "W_oh")[i][j] * a[j]) }
        }
        // A positive rescaling commutes with relu, and the program knows it:
        // the rescaled logits are the original's nodes.
        #expect(s.lowered.signals["logits"]?.rows == m.lowered.signals["logits"]?.rows)
        #expect(doc.queries[0].formula == .constant(false))
    }

    @Test func ablationAndWeightEditsCompose() throws {
        let doc = try document(zoo + "model b = m without neurons 0, 1\nmodel c = standardize(m) with W_hh[0][1] = 0, W_oh[1][0] = 1/2\ninput x in R^2\n")
        #expect(weights(doc.models[1], "W_hh").allSatisfy { $0.allSatisfy(\.isZero) })
        #expect(weights(doc.models[1], "W_oh").allSatisfy { $0.allSatisfy(\.isZero) })
        #expect(weights(doc.models[2], "W_hh")[0][1] == 0)
        #expect(weights(doc.models[2], "W_oh")[1][0] == Rational(1, 2))
        #expect(weights(doc.models[2], "W_hi") == [[1, -1]])
        #expect(doc.models[2].path == doc.models[0].path, "an edited model binds to its checkpoint's bytes")
    }

    @Test("bad edits are located errors", arguments: [
        ("model a = m with W_xx[0] = 0", "the model has no weight 'W_xx'", 18),
        ("model a = m with W_hh[4][0] = 0", "index 4 of W_hh is out of range: valid are 0...1", 23),
        ("model a = m with W_hh[0] = 0", "W_hh takes 2 indices, got 1", 18),
        ("model a = m with W_hi[0] = x", "unknown name 'x'", 28),
        ("model a = m without neuron 99", "the model has no neuron 99: its neurons are 0...1", 28),
        ("model a = n without neuron 1", "unknown model 'n'", 11),
        ("model a = m with W_hi[1] = 0\nmodel s = standardize(a)", "neuron 1 has input weight 0, so standardize would leave it as it is", 11),
    ])
    func badEdits(line: String, message: String, column: Int) throws {
        let d = try #require(diagnostic(zoo + line + "\ninput x in R^2\n"))
        #expect(d.message == message)
        #expect(d.range.start.column == column, "\(d.range.start)")
    }
}
