import CAllocator
import Dispatch
import Farkas
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `farkas` command: dispatches to a subcommand.
///
/// The command line is parsed by ``CommandSpecification`` rather than
/// ArgumentParser: its reflection costs about 2 ms at every start, a
/// quarter of the time of a small query.
@main
enum FarkasCommand {
    /// The version `farkas --version` prints.
    static let version = "0.1.0"

    /// The subcommands, in help order.
    static let subcommands: [any Subcommand.Type] = [Prove.self, Check.self, Inspect.self, Eval.self, AtlasCommand.self, ExportSMT.self]

    static func main() {
        // Every case of a split copies the simplex's tables (hundreds of
        // kilobytes) and frees them when it ends: kept for reuse, they cost
        // no fresh zeroed pages the next time.
        callocator_keep_freed_memory()
        // Starts the worker thread a search's set-up runs on while the
        // claims file and its models load: started when the set-up is
        // asked for, it often waited milliseconds for a core.
        DispatchQueue.global().async {}
        exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs a command line (without the program name) and returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first, first != "-h", first != "--help" else {
            print(help)
            return 0
        }
        if first == "--version" {
            print(version)
            return 0
        }
        if first == "help" {
            guard let name = arguments.dropFirst().first else {
                print(help)
                return 0
            }
            guard let command = subcommands.first(where: { $0.specification.name == name }) else {
                return fail(unknownSubcommand(name))
            }
            print(command.specification.help)
            return 0
        }
        guard let command = subcommands.first(where: { $0.specification.name == first }) else {
            return fail(unknownSubcommand(first))
        }
        do throws(UsageError) {
            let parsed = try command.specification.parse(Array(arguments.dropFirst()))
            if parsed.helpRequested {
                print(command.specification.help)
                return 0
            }
            let instance = try command.init(parsed)
            do {
                try instance.run()
                return 0
            } catch let status as ExitCode {
                return status.rawValue
            } catch let usage as UsageError {
                return fail(usage)
            } catch {
                reportError("\(error)")
                return ExitCode.internalError.rawValue
            }
        } catch {
            return fail(error)
        }
    }

    private static func unknownSubcommand(_ name: String) -> UsageError {
        let names = subcommands.map { $0.specification.name }
        let hint = suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
        return UsageError("unknown subcommand '\(name)'\(hint); subcommands: \(names.joined(separator: ", "))", command: nil)
    }

    private static func fail(_ error: UsageError) -> Int32 {
        writeToStandardError(error.text)
        return ExitCode.usage.rawValue
    }

    /// The top-level help screen.
    static var help: String {
        var lines = [
            "OVERVIEW: Prove or refute claims about tiny neural networks, exactly.",
            "",
            "USAGE: farkas <subcommand>",
            "",
            "OPTIONS:",
        ]
        lines += helpRow("--version", "Show the version.") + helpRow("-h, --help", "Show help information.")
        lines += ["", "SUBCOMMANDS:"]
        for command in subcommands { lines += helpRow(command.specification.name, command.specification.abstract) }
        lines += ["", "  See 'farkas help <subcommand>' for detailed help."]
        return lines.joined(separator: "\n")
    }
}

/// A subcommand of `farkas`: its command-line interface and what it does.
protocol Subcommand: Sendable {
    /// The arguments and options it accepts, and its help text.
    static var specification: CommandSpecification { get }
    /// Reads a parsed command line, rejecting values out of range.
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Does the work; throws ``ExitCode`` to end with a status other than 0.
    func run() throws
}

/// Options shared by the model commands.
let modelOptions: [OptionSpecification] = [
    .value("seq", "n", help: "Sequence length, for scalar-output RNNs whose tensors do not fix it."),
    .flag("json", help: "Print JSON instead of text."),
]

extension ParsedArguments {
    /// The `--task` option: an AlgZoo task by name, or nil when not given.
    func task(command: CommandSpecification) throws(UsageError) -> AlgZooTask? {
        guard let name = string("task") else { return nil }
        guard let task = AlgZooTask(rawValue: name) else {
            throw UsageError("--task must be one of \(AlgZooTask.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'", command: command)
        }
        return task
    }
}

/// An exit status other than 0, thrown to end a subcommand.
struct ExitCode: Error, Sendable {
    /// The status the process exits with.
    let rawValue: Int32

    init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The command line asked for something that is not there (sysexits' EX_USAGE).
    static let usage = ExitCode(64)
    /// The input data was bad: a checkpoint or claims file Farkas cannot accept.
    static let dataError = ExitCode(65)
    /// A named file does not exist or cannot be read.
    static let noInput = ExitCode(66)
    /// Farkas itself failed.
    static let internalError = ExitCode(70)
    /// An output file cannot be written.
    static let cannotCreate = ExitCode(73)
}

/// Writes text to standard error as it is.
func writeToStandardError(_ text: String) {
    FileBytes.write(Array(text.utf8), to: STDERR_FILENO)
}

/// Writes one line to standard error.
func reportError(_ message: String) {
    writeToStandardError("error: \(message)\n")
}

/// Writes text to a file (atomically, as certificates are), reporting a
/// failure as a cannot-create error.
func writeText(_ text: String, to path: String) throws {
    do {
        try FileBytes.writeAtomically(Array(text.utf8), to: path)
    } catch {
        reportError("cannot write \(path): \(error.reason)")
        throw ExitCode.cannotCreate
    }
}

/// Encodes a value as pretty, key-sorted JSON text.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Loads a model, turning a checkpoint error into a message and exit code.
func loadModel(_ path: String, sequenceLength: Int?) throws -> LoadedModel {
    do {
        return try LoadedModel(path: path, sequenceLength: sequenceLength)
    } catch {
        reportError("\(path): \(error)")
        if case .unreadable = error { throw ExitCode.noInput }
        throw ExitCode.dataError
    }
}

/// Expands directory arguments into the files in them with one of the
/// given suffixes, sorted by name; file arguments are kept as given.
func expandPaths(_ paths: [String], suffixes: [String]) throws -> [String] {
    var files: [String] = []
    for path in paths {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            reportError("\(path): no such file or directory")
            throw ExitCode.noInput
        }
        if isDirectory {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files += names.filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted()
                .map { URL(fileURLWithPath: path).appendingPathComponent($0).relativePath }
        } else {
            files.append(path)
        }
    }
    return files
}
