import Claims
import ExactArithmetic
import Foundation
import Testing

/// Finite input sets: `points "file.csv"` and literal sets `{[...], ...}`.
@Suite struct PointsDomainTests {
    private let header = "model m = \"../../../examples/models/handcrafted_2nd_argmax_3.pth\"\n"

    /// A claims file beside a points file with `rows` as its text, in a fresh folder.
    private func compile(points rows: String?, input: String = "input x in points \"p.csv\"") throws(ClaimsFileError) -> ClaimsDocument {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-points-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let rows { try? rows.write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8) }
        let model = ClaimsFixtures.folder.appendingPathComponent("../../../examples/models/handcrafted_2nd_argmax_3.pth").standardized.path
        let source = "model m = \"\(model)\"\n\(input)\nclaim c: m.logits[0] >= m.logits[1]\n"
        return try ClaimsDocument.compile(source: source, file: "p.claims", folder: folder.path, loadModel: ClaimsFixtures.loader)
    }

    private func error(points rows: String?) -> Diagnostic? {
        do {
            _ = try compile(points: rows)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    @Test func pointsFilesAndLiteralSetsAreDomains() throws {
        let file = try compile(points: "# impulses\na,b,c\n1, 0.8, 0\n0.8,1,0\n\n-3/4,1e-3,0\n")
        guard case .points(let points) = file.queries[0].domain else { Issue.record("not a points domain"); return }
        #expect(points == [[1, Rational(4, 5), 0], [Rational(4, 5), 1, 0], [Rational(-3, 4), Rational(1, 1000), 0]])
        let literal = try compile(points: nil, input: "input x in {[1, 0.8, 0], [0.8, 1, 0]}")
        guard case .points(let set) = literal.queries[0].domain else { Issue.record("not a points domain"); return }
        #expect(set == [[1, Rational(4, 5), 0], [Rational(4, 5), 1, 0]])
    }

    @Test("bad points files are located errors", arguments: [
        ("1,2,3\n1,2\n", "p.csv:2: the row has 2 numbers, expected 3"),
        ("1,2,x\n", "p.csv:1: 'x' in column 3 is not an exact number (write 0.8, -3/4 or 1e-3)"),
        ("\n\n", "p.csv:1: the points file has no rows"),
        ("a,b,a\n1,2,3\n", "p.csv:1: the header names 'a' twice"),
        ("1,2\n3,4\n", "the input has dimension 2, but model 'm' reads sequences of length 3"),
    ])
    func badPointsFiles(text: String, message: String) throws {
        let d = try #require(error(points: text))
        #expect(d.message == message)
        #expect(d.range.start.line == 2)
        #expect(!d.isMissingFile)
    }

    @Test func aMissingPointsFileIsMissingAndCascadesNothing() throws {
        do {
            _ = try compile(points: nil)
            Issue.record("a missing points file was accepted")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.isMissingFile)
            #expect(error.diagnostics[0].message == "cannot read the points file \"p.csv\" (relative to the claims file)")
        }
    }

    @Test func aLiteralSetNeedsPointsOfOneLength() throws {
        do {
            _ = try compile(points: nil, input: "input x in {[1, 2, 3], [1, 2]}")
            Issue.record("points of two lengths were accepted")
        } catch {
            #expect(error.diagnostics.first?.message == "this point has 2 coordinates, the first has 3")
        }
    }
}
