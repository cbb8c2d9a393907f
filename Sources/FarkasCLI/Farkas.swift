import ArgumentParser
import Farkas
import Foundation

@main
struct FarkasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "farkas",
        abstract: "Prove or refute claims about tiny neural networks, exactly.",
        version: "0.1.0",
        subcommands: [Prove.self, Check.self, Inspect.self, Eval.self, ExportSMT.self]
    )
}

/// Options shared by the model commands.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("seq"), help: "Sequence length, for scalar-output RNNs whose tensors do not fix it.")
    var sequenceLength: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false
}

/// Exit codes, following sysexits(3) as SwiftPM and Z3 users expect.
enum ExitStatus {
    /// The command line asked for something that is not there (a statement name).
    static let usage = ExitCode(64)
    /// The input data was bad (a checkpoint or claims file Farkas cannot accept).
    static let dataError = ExitCode(65)
    /// A named file does not exist or cannot be read.
    static let noInput = ExitCode(66)
}

/// Writes one line to standard error.
func reportError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

/// Writes text to a file, reporting a failure as a missing-output error.
func writeText(_ text: String, to path: String) throws {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } catch {
        reportError("cannot write \(path): \(error.localizedDescription)")
        throw ExitCode(73)
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
        if case .unreadable = error { throw ExitStatus.noInput }
        throw ExitStatus.dataError
    }
}

/// Expands directory arguments into the files in them with one of the
/// given suffixes, sorted by name; file arguments are kept as given.
func expandPaths(_ paths: [String], suffixes: [String]) throws -> [String] {
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            reportError("\(path): no such file or directory")
            throw ExitStatus.noInput
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files += names.filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted()
                .map { URL(fileURLWithPath: path).appendingPathComponent($0).relativePath }
        } else {
            files.append(path)
        }
    }
    return files
}
