import Farkas

/// One option of a subcommand: `--name VALUE` (or `--name=VALUE`), or a
/// `--name` flag when it takes no value.
struct OptionSpecification: Sendable {
    /// The long name, without the leading dashes.
    let name: String
    /// A one-letter alias such as `o` for `-o`, if any.
    let shortName: Character?
    /// What the value is called in help (`<seconds>`), or nil for a flag.
    let valueName: String?
    /// One sentence for the help screen.
    let help: String

    /// An option that takes a value.
    static func value(_ name: String, _ valueName: String, short: Character? = nil, help: String) -> Self {
        Self(name: name, shortName: short, valueName: valueName, help: help)
    }

    /// An option that takes no value.
    static func flag(_ name: String, help: String) -> Self {
        Self(name: name, shortName: nil, valueName: nil, help: help)
    }

    /// How the option is written in usage lines: `--name <value>`.
    var longSynopsis: String { "--\(name)" + (valueName.map { " <\($0)>" } ?? "") }

    /// How the option is written in help: `-o, --name <value>`.
    var synopsis: String { shortName.map { "-\($0), " + longSynopsis } ?? longSynopsis }
}

/// A subcommand's command-line interface: its positional arguments, its
/// options, and the text of its help screen. Parsing follows the
/// conventions of SwiftPM and ArgumentParser: options anywhere, `--name
/// value` or `--name=value`, `--` ends options, `-h`/`--help` prints help.
struct CommandSpecification: Sendable {
    /// The subcommand's name (`prove`).
    let name: String
    /// One line saying what the command does.
    let abstract: String
    /// Paragraphs after the abstract on the help screen.
    let discussion: String
    /// What a positional argument is called (`paths`).
    let argumentName: String
    /// Help for the positional arguments.
    let argumentHelp: String
    /// Whether several positional arguments are accepted (at least one is required).
    let acceptsSeveralArguments: Bool
    /// The options, in help order.
    let options: [OptionSpecification]

    /// The usage line.
    var usage: String {
        let argument = "<\(argumentName)>" + (acceptsSeveralArguments ? " ..." : "")
        let options = options.map { "[\($0.longSynopsis)]" }
        return (["farkas", name, argument] + options).joined(separator: " ")
    }

    /// The help screen.
    var help: String {
        var lines = ["OVERVIEW: \(abstract)", ""]
        if !discussion.isEmpty { lines += wrapped(discussion, width: 80, indent: "") + [""] }
        lines += wrapped(usage, width: 80, indent: "        ", firstPrefix: "USAGE: ") + [""]
        lines += ["ARGUMENTS:"] + helpRow("<\(argumentName)>", argumentHelp) + [""]
        lines.append("OPTIONS:")
        for option in options { lines += helpRow(option.synopsis, option.help) }
        lines += helpRow("-h, --help", "Show help information.")
        return lines.joined(separator: "\n")
    }

    /// Splits `arguments` (those after the subcommand's name) into
    /// positional arguments, option values and flags.
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positional.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                parsed.helpRequested = true
                continue
            }
            let (written, inlineValue) = Self.splitInlineValue(argument)
            guard let option = option(written: written) else {
                let names = options.map { "--" + $0.name } + ["--help"]
                let hint = suggestion(for: written, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("unknown option '\(written)'\(hint)", command: self)
            }
            if option.valueName == nil {
                guard inlineValue == nil else { throw UsageError("--\(option.name) takes no value", command: self) }
                parsed.flags.insert(option.name)
            } else if let inlineValue {
                parsed.values[option.name, default: []].append(inlineValue)
            } else {
                // The next argument is the value even if it starts with a
                // dash, so `--input "-1, 2"` works.
                guard index < arguments.count else {
                    throw UsageError("--\(option.name) needs a value (\(option.synopsis))", command: self)
                }
                parsed.values[option.name, default: []].append(arguments[index])
                index += 1
            }
        }
        if parsed.helpRequested { return parsed }
        if parsed.positional.isEmpty {
            throw UsageError("missing <\(argumentName)>", command: self)
        }
        if !acceptsSeveralArguments, parsed.positional.count > 1 {
            throw UsageError("unexpected argument '\(parsed.positional[1])'", command: self)
        }
        return parsed
    }

    private func option(written: String) -> OptionSpecification? {
        if written.hasPrefix("--") {
            let name = written.dropFirst(2)
            return options.first { $0.name == name }
        }
        guard written.count == 2, let letter = written.last else { return nil }
        return options.first { $0.shortName == letter }
    }

    private static func splitInlineValue(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}

/// One entry of a help screen: `left` in a 26-column margin, `text`
/// wrapped beside it.
func helpRow(_ left: String, _ text: String) -> [String] {
    let column = 26
    let head = "  " + left
    let body = wrapped(text, width: 80 - column, indent: "")
    var rows: [String] = []
    if head.count < column {
        rows.append(head + String(repeating: " ", count: column - head.count) + (body.first ?? ""))
    } else {
        rows.append(head)
        rows += body.prefix(1).map { String(repeating: " ", count: column) + $0 }
    }
    rows += body.dropFirst().map { String(repeating: " ", count: column) + $0 }
    return rows
}

/// Breaks text into lines of at most `width` characters at spaces.
func wrapped(_ text: String, width: Int, indent: String, firstPrefix: String = "") -> [String] {
    var lines: [String] = []
    var line = firstPrefix
    for word in text.split(separator: " ") {
        let prefix = lines.isEmpty ? firstPrefix : indent
        if line.count > prefix.count, line.count + 1 + word.count > width {
            lines.append(line)
            line = indent + word
        } else {
            line += (line.count > prefix.count ? " " : "") + word
        }
    }
    lines.append(line)
    return lines
}

/// The command line of one subcommand after parsing.
struct ParsedArguments: Sendable {
    /// Arguments that are not options, in order.
    var positional: [String] = []
    /// Each option's values, in the order given.
    var values: [String: [String]] = [:]
    /// The flags given.
    var flags: Set<String> = []
    /// Whether `-h` or `--help` was given.
    var helpRequested = false

    /// Whether the flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The option's value (the last one when repeated), if given.
    func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option.
    func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// The option's value as a whole number within `range`, if given.
    func integer(_ name: String, in range: ClosedRange<Int>, command: CommandSpecification) throws(UsageError) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            let bound = range.upperBound == .max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            throw UsageError("--\(name) must be a whole number \(bound), not '\(text)'", command: command)
        }
        return value
    }

    /// The option's value as a positive number, if given.
    func positiveNumber(_ name: String, command: CommandSpecification) throws(UsageError) -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value > 0, value.isFinite else {
            throw UsageError("--\(name) must be a positive number, not '\(text)'", command: command)
        }
        return value
    }
}

/// A command line Farkas cannot run: printed with the usage line, exit status 64.
struct UsageError: Error, Sendable {
    /// What is wrong, in one line.
    let message: String
    /// The subcommand whose usage to show, if known.
    let command: CommandSpecification?

    init(_ message: String, command: CommandSpecification?) {
        self.message = message
        self.command = command
    }

    /// The message, the usage line, and where to find help.
    var text: String {
        guard let command else { return "error: \(message)\nSee 'farkas --help' for more information.\n" }
        return "error: \(message)\n" + wrapped(command.usage, width: 80, indent: "        ", firstPrefix: "usage: ").joined(separator: "\n")
            + "\nSee 'farkas \(command.name) --help' for more information.\n"
    }
}
