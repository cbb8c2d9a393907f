// farkas-bench: times `farkas prove` and z3 on the very same queries.
//
// For each line of suite.txt (claims file, statement) it runs, as whole
// processes under /usr/bin/time (wall time and peak memory):
//   farkas prove FILE --statement NAME --json --timeout T
//   farkas export-smt FILE --statement NAME   then   z3 -T:T query.smt2
// and prints a Markdown table with both times, the ratio z3 / Farkas, the
// regions Farkas explored, whether the verdicts agree, and a summary; then
// the time to prove proofs/ (writing certificates) against the time to
// re-check those certificates with `farkas check`.
//
// Usage (from the repository root, after `swift build -c release`):
//   swift run -c release --package-path Benchmarks farkas-bench [--timeout S] [--farkas PATH] [--suite FILE]
import Foundation

struct Measurement {
    var seconds: Double
    var peakKilobytes: Int
    var output: String
}

enum BenchError: Error, CustomStringConvertible {
    case tool(String)
    var description: String {
        switch self {
        case .tool(let message): return message
        }
    }
}

/// Runs a command under GNU time and returns its wall time, peak RSS and stdout.
func measure(_ arguments: [String]) throws -> Measurement {
    let timing = FileManager.default.temporaryDirectory.appendingPathComponent("bench-time-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: timing) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%e %M", "-o", timing.path] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let fields = (try String(contentsOf: timing, encoding: .utf8)).split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard let last = fields.last, fields.count >= 2, let seconds = Double(fields[fields.count - 2]), let kb = Int(last) else {
        throw BenchError.tool("cannot read /usr/bin/time output for \(arguments.joined(separator: " "))")
    }
    return Measurement(seconds: seconds, peakKilobytes: kb, output: String(decoding: data, as: UTF8.self))
}

var timeout = 60.0
var farkas = ".build/release/farkas"
var suite = "Benchmarks/suite.txt"
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    guard let value = arguments.first else { break }
    arguments.removeFirst()
    switch flag {
    case "--timeout": timeout = Double(value) ?? timeout
    case "--farkas": farkas = value
    case "--suite": suite = value
    default: FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
    }
}
guard FileManager.default.isExecutableFile(atPath: farkas) else {
    FileHandle.standardError.write(Data("no farkas executable at \(farkas); run `swift build -c release` first\n".utf8))
    exit(1)
}

struct Row {
    var query: String
    var verdict: String
    var farkasSeconds: Double
    var regions: Int
    var peakMB: Double
    var z3: String
    var z3Seconds: Double
    var agree: String
}

var rows: [Row] = []
let lines = try String(contentsOfFile: suite, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
for line in lines {
    let parts = line.split(separator: " ").map(String.init)
    guard parts.count == 2 else { continue }
    let (file, name) = (parts[0], parts[1])
    let ours = try measure([farkas, "prove", file, "--statement", name, "--json", "--timeout", String(timeout)])
    var verdict = "?"
    var regions = 0
    var kind = "claim"
    if let data = ours.output.data(using: .utf8),
        let reports = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]],
        let statement = (reports.first?["statements"] as? [[String: Any]])?.first
    {
        verdict = statement["verdict"] as? String ?? "?"
        regions = statement["regions"] as? Int ?? 0
        kind = statement["kind"] as? String ?? "claim"
    }
    let smt = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).smt2")
    defer { try? FileManager.default.removeItem(at: smt) }
    _ = try measure([farkas, "export-smt", file, "--statement", name, "-o", smt.path])
    let theirs = try measure(["z3", "-T:\(Int(timeout))", smt.path])
    let z3 = theirs.output.split(separator: "\n").first.map(String.init) ?? "?"
    let expected: [String: String] = kind == "claim" ? ["proved": "unsat", "refuted": "sat"] : ["found": "sat", "impossible": "unsat"]
    let agree: String
    if let e = expected[verdict], z3 == "sat" || z3 == "unsat" {
        agree = e == z3 ? "yes" : "NO"
    } else {
        agree = "-"
    }
    let row = Row(
        query: "\(file.split(separator: "/").last ?? "") \(name)", verdict: verdict, farkasSeconds: ours.seconds, regions: regions,
        peakMB: Double(ours.peakKilobytes) / 1024, z3: z3, z3Seconds: theirs.seconds, agree: agree)
    rows.append(row)
    FileHandle.standardError.write(Data("\(row.query): \(verdict) \(ours.seconds) s; z3 \(z3) \(theirs.seconds) s\n".utf8))
}

func format(_ x: Double) -> String { String(format: "%.2f", x) }
print("| query | Farkas | s | regions | peak MB | z3 | s | z3 / Farkas | agree |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows {
    let ratio = r.farkasSeconds > 0 ? r.z3Seconds / r.farkasSeconds : 0
    print("| \(r.query) | \(r.verdict) | \(format(r.farkasSeconds)) | \(r.regions) | \(format(r.peakMB)) | \(r.z3) | \(format(r.z3Seconds)) | \(format(ratio)) | \(r.agree) |")
}
let decided = rows.filter { $0.verdict != "unknown" && $0.z3 != "unknown" && $0.z3 != "timeout" }
let slow = decided.filter { $0.z3Seconds > 0.1 }.map { $0.z3Seconds / max($0.farkasSeconds, 0.001) }.sorted()
let all = decided.map { $0.z3Seconds / max($0.farkasSeconds, 0.001) }.sorted()
print("")
print("\(rows.count) queries; \(rows.filter { $0.agree == "NO" }.count) disagreements; \(rows.filter { $0.verdict == "unknown" }.count) unknown for Farkas within \(Int(timeout)) s.")
if let worst = all.first {
    print("z3 / Farkas over \(all.count) queries both decided: median \(format(all[all.count / 2])), worst \(format(worst)).")
}
if !slow.isEmpty {
    print("Over the \(slow.count) where z3 needs more than 0.1 s: median \(format(slow[slow.count / 2])), worst \(format(slow[0])).")
}

// Certificates: proving proofs/ (writing certificates) against re-checking
// them, best of three runs each, in a scratch folder.
let certificates = FileManager.default.temporaryDirectory.appendingPathComponent("bench-certificates-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: certificates) }
var proveTimes: [Double] = []
var checkTimes: [Double] = []
for _ in 0..<3 {
    proveTimes.append(try measure([farkas, "prove", "proofs/", "--certificates", certificates]).seconds)
    checkTimes.append(try measure([farkas, "check", "proofs/", "--certificates", certificates]).seconds)
}
if let prove = proveTimes.min(), let check = checkTimes.min(), check > 0 {
    print("")
    print("proofs/: farkas prove \(format(prove)) s, farkas check \(format(check)) s (best of 3); check is \(format(prove / check)) times faster.")
}
