import Foundation
import Testing
import _TestSupport

/// The command line as a user types it: help, version, and every kind of
/// mistake, each with exit status 64 and the usage line.
@Suite struct CommandLineParsingTests {
    @Test func helpListsSubcommandsAndOptions() throws {
        let top = try FarkasProcess.run(["--help"])
        #expect(top.status == 0)
        for name in ["prove", "check", "inspect", "eval", "export-smt"] { #expect(top.standardOutput.contains("  \(name) ")) }
        #expect(top.standardOutput.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let bare = try FarkasProcess.run([])
        #expect(bare.status == 0 && bare.standardOutput == top.standardOutput)
        for arguments in [["prove", "--help"], ["prove", "-h"], ["help", "prove"]] {
            let prove = try FarkasProcess.run(arguments)
            #expect(prove.status == 0)
            #expect(prove.standardOutput.hasPrefix("OVERVIEW: Prove or refute every claim"))
            #expect(prove.standardOutput.contains("--max-conflicts <n>"))
            #expect(prove.standardOutput.contains("--statement <name>"))
            #expect(prove.standardOutput.split(separator: "\n").allSatisfy { $0.count <= 80 })
        }
        let version = try FarkasProcess.run(["--version"])
        #expect(version.status == 0 && version.standardOutput == "0.1.0\n")
    }

    @Test(arguments: [
        (["prove", "proofs/", "--statment", "x"], "unknown option '--statment'; did you mean '--statement'?"),
        (["prvoe", "proofs/"], "unknown subcommand 'prvoe'; did you mean 'prove'?"),
        (["prove", "proofs/", "--timeout"], "--timeout needs a value"),
        (["prove", "proofs/", "--timeout", "soon"], "--timeout must be a positive number, not 'soon'"),
        (["prove", "proofs/", "--jobs", "0"], "--jobs must be a whole number at least 1, not '0'"),
        (["prove", "proofs/", "--json=yes"], "--json takes no value"),
        (["prove"], "missing <paths>"),
        (["eval", "examples/models/handcrafted_2nd_argmax_2.pth"], "missing --input <values>"),
        (["eval", "a.pth", "b.pth", "--input", "1"], "unexpected argument 'b.pth'"),
        (["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "1, 2", "--digits", "99"], "--digits must be a whole number between 0 and 60"),
        (["export-smt", "proofs/handcrafted_2nd_argmax_2.claims"], "missing --statement <name>"),
    ])
    func mistakesAreUsageErrors(arguments: [String], message: String) throws {
        let run = try FarkasProcess.run(arguments)
        #expect(run.status == 64)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.hasPrefix("error: " + message), "\(run.standardError)")
        #expect(run.standardError.contains("for more information."))
    }

    @Test func valuesCanBeInlineAndStartWithADash() throws {
        let inline = try FarkasProcess.run(["prove", "--statement=correct", "--no-certificates", "proofs/handcrafted_2nd_argmax_2.claims"])
        #expect(inline.status == 0, "\(inline.standardError)")
        #expect(inline.standardOutput.contains("1 statement: 1 proved"))
        let negative = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "-1, 2"])
        #expect(negative.status == 0)
        #expect(negative.standardOutput.contains("input x = [-1, 2]"))
        let afterDoubleDash = try FarkasProcess.run(["inspect", "--json", "--", "examples/models/handcrafted_2nd_argmax_2.pth"])
        #expect(afterDoubleDash.status == 0)
    }
}
