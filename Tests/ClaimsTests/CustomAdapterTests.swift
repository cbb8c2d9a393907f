import Claims
import Encoding
import ExactArithmetic
import Models
import PiecewiseLinear
import Testing

/// A family the language has never heard of: `y = relu(x - c)` entrywise,
/// with its shift `c` as a weight. Claims read it through the adapter
/// protocol alone, which is all a new family needs.
private struct ShiftedReLUAdapter: ModelAdapter {
    let shift: [Rational]
    var architectureName: String { "ShiftedReLU" }
    var inputCount: Int { shift.count }
    var inputDomain: ModelInputDomain { .reals }
    var signalNames: [String] { ["y", "c"] }

    func lower(into program: inout Program, inputs: [NodeID]) throws(ModelLoweringError) -> LoweredModel {
        let y = zip(inputs, shift).map { input, c in program.addReLU(program.addAffine([LinearTerm(.one, input)], constant: -c)) }
        return LoweredModel(
            signals: ["y": .nodes(.vector, [y], reportedAs: "y"), "c": .constants(.vector, [shift])],
            namedNodes: y.enumerated().map { ("y[\($0.offset)]", $0.element) })
    }

    func float32Signals(at input: [Rational]) throws(ModelInputError) -> [(name: String, value: Float)] {
        zip(input, shift).enumerated().map { i, pair in ("y[\(i)]", max(pair.0.nearestFloat - pair.1.nearestFloat, 0)) }
    }
}

@Suite struct CustomAdapterTests {
    @Test func aNewFamilyPlugsInThroughItsAdapter() throws {
        let source = """
            model m = "shifted.pth"
            input x in R^2
            claim shifted: m.y == [relu(x[0] - m.c[0]), relu(x[1] - m.c[1])]
            claim wrong: m.y[0] >= x[0]
            """
        let adapter = ShiftedReLUAdapter(shift: [Rational(1, 2), -3])
        let document = try ClaimsDocument.compile(source: source, file: "shifted.claims", folder: "/") { _, _ in adapter }
        #expect(document.models.first?.adapter.architectureName == "ShiftedReLU")
        let (shifted, wrong) = (document.queries[0], document.queries[1])
        // A claim's query holds exactly where the claim fails.
        for x in [[Rational(2), Rational(-5)], [Rational(-1, 3), Rational(7)], [Rational(0), Rational(0)]] {
            #expect(!shifted.formula.holds(shifted.program.evaluate(at: x)))
        }
        #expect(wrong.formula.holds(wrong.program.evaluate(at: [1, 0])))
        #expect(wrong.readSignals.map(\.name) == ["m.y[0]", "m.y[1]"], "indexing a vector signal reads all of it, as m.logits[0] does")
    }

    @Test func anUnknownSignalListsTheAdaptersNames() {
        let source = """
            model m = "shifted.pth"
            input x in R^1
            claim bad: m.h[1][0] >= 0
            """
        #expect(throws: ClaimsFileError.self) {
            _ = try ClaimsDocument.compile(source: source, file: "bad.claims", folder: "/") { _, _ in ShiftedReLUAdapter(shift: [0]) }
        }
        do {
            _ = try ClaimsDocument.compile(source: source, file: "bad.claims", folder: "/") { _, _ in ShiftedReLUAdapter(shift: [0]) }
        } catch {
            #expect(error.description.contains("signals: y, c"))
        }
    }
}
