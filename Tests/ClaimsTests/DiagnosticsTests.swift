import Claims
import Encoding
import Foundation
import Testing

@Suite struct DiagnosticsTests {
    @Test("the mistakes file reports every error kind with a caret")
    func mistakesFileMatchesSnapshot() throws {
        let path = ClaimsFixtures.folder.appendingPathComponent("mistakes.claims").path
        let expected = try String(contentsOf: ClaimsFixtures.folder.appendingPathComponent("mistakes.expected"), encoding: .utf8)
        do {
            _ = try ClaimsDocument.load(path: path, loadModel: ClaimsFixtures.loader)
            Issue.record("the mistakes file was accepted")
        } catch {
            let rendered = error.description.replacingOccurrences(of: path, with: "mistakes.claims")
            #expect(rendered + "\n" == expected, "rendered:\n\(rendered)")
            #expect(error.diagnostics.count == 20)
        }
    }

    private func firstDiagnostic(_ source: String) -> Diagnostic? {
        do {
            _ = try ClaimsFixtures.compile(source)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    private let header = "model m = \"../../../examples/models/handcrafted_2nd_argmax_2.pth\"\ninput x in R^2\n"

    @Test func caretPointsAtTheFault() throws {
        let diagnostic = try #require(firstDiagnostic(header + "claim c: argmax(m.logit) == 0\n"))
        #expect(diagnostic.range.start == SourceLocation(line: 3, column: 19))
        #expect(diagnostic.range.length == 5)
        #expect(diagnostic.notes.first == "did you mean 'logits'?")
        let rendered = diagnostic.rendered(file: "f.claims", source: header + "claim c: argmax(m.logit) == 0\n")
        #expect(rendered.split(separator: "\n").prefix(3).joined(separator: "\n") == """
            f.claims:3:19: error: model 'm' has no signal 'logit'
            claim c: argmax(m.logit) == 0
                              ^~~~~
            """)
    }

    @Test func sequenceLengthMismatchIsNamed() throws {
        let diagnostic = try #require(firstDiagnostic("model m = \"../../../examples/models/handcrafted_2nd_argmax_2.pth\"\ninput x in R^3\n"))
        #expect(diagnostic.message == "the input has dimension 3, but model 'm' reads sequences of length 2")
        #expect(diagnostic.notes == ["write: input x in R^2"])
    }

    @Test func aMisspelledKeywordGetsASuggestion() throws {
        let diagnostic = try #require(firstDiagnostic(header + "clam c: x[0] > 0\n"))
        #expect(diagnostic.message == "expected a statement (model, input, let, assume, claim, witness, measure, maximize or minimize), found 'clam'")
        #expect(diagnostic.notes == ["did you mean 'claim'?"])
    }

    @Test func scalarModelNeedsSeq() throws {
        let diagnostic = try #require(firstDiagnostic("model m = \"../../../examples/models/trained_median_2_3.pth\"\ninput x in R^3\n"))
        #expect(diagnostic.message.contains("does not fix the sequence length") || diagnostic.message.contains("do not fix the sequence length"))
        #expect(diagnostic.notes == ["write: model m = \"../../../examples/models/trained_median_2_3.pth\" seq N"])
    }

    @Test func transformerClaimsOnRealInputsSayWhatToWrite() throws {
        let source = "model t = \"../../../examples/models/zoo_longest_cycle_4_4.pth\"\ninput x in R^4\nclaim c: t.logits[0] > 0\n"
        let diagnostic = try #require(firstDiagnostic(source))
        #expect(diagnostic.message.contains("decided input by input, over a finite domain"))
        #expect(diagnostic.notes == ["declare the tokens as the input: input x in {0..3}^4"])
    }

    @Test func fileWithoutInput() throws {
        let diagnostic = try #require(firstDiagnostic("# nothing here\n"))
        #expect(diagnostic.message == "the file declares no input")
    }

    @Test("only the selected statements are lowered; every name is still checked")
    func selectedStatementsAlone() throws {
        let source = header + """
            claim bad: m.logits[0] * m.logits[1] >= 0
            claim good: m.h[1][0] >= 0
            witness good: x[0] > 0
            """
        let folder = ClaimsFixtures.folder.path
        let selected = try ClaimsDocument.compile(source: header + "claim bad: m.logits[0] * m.logits[1] >= 0\nclaim good: m.h[1][0] >= 0\n", file: "t.claims", folder: folder, only: ["good"], loadModel: ClaimsFixtures.loader)
        #expect(selected.queries.map(\.name) == ["good"])
        // Unselected, a product of two signals is not lowered; selected, it is an error.
        #expect(throws: ClaimsFileError.self) {
            _ = try ClaimsDocument.compile(source: header + "claim bad: m.logits[0] * m.logits[1] >= 0\n", file: "t.claims", folder: folder, only: ["bad"], loadModel: ClaimsFixtures.loader)
        }
        // A duplicate name is an error whatever is selected.
        do {
            _ = try ClaimsDocument.compile(source: source, file: "t.claims", folder: folder, only: ["good"], loadModel: ClaimsFixtures.loader)
            Issue.record("a duplicate name was accepted")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["'good' is already defined in this file"])
        }
    }
}
