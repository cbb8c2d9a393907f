
/// JUnit XML, the test report format CI systems display: one test suite
/// per claims file, one test case per statement.
public enum JUnitReport {
    /// One test case: a name, its time, a failure message if it failed,
    /// and named values (a measure's probability, bracket or standard error).
    struct Case {
        var name: String
        var seconds: Double
        var failure: String?
        var properties: [(name: String, value: String)] = []
    }

    /// `farkas prove` results: a claim passes when proved, a witness when found.
    public static func xml(prove reports: [FileReport]) -> String {
        document(reports.map { report in
            (report.path, report.seconds, report.statements.map { s in
                let failure: String?
                switch s.verdict {
                case .proved, .found, .measured, .optimal, .unbounded, .infeasible: failure = nil
                case .refuted where s.optimum != nil:
                    let o = s.optimum
                    failure = "the \(o?.sense ?? "optimum") \(o?.value ?? (o?.status ?? "")) is not \(o?.expectation ?? "")"
                case .refuted where s.share?.bracket != nil: failure = "the probability \(s.share?.decimal ?? "") is not \(s.share?.expectation ?? "")"
                case .refuted where s.share != nil: failure = "the share \(s.share?.fraction ?? "") is not \(s.share?.expectation ?? "")"
                case .refuted: failure = "refuted at x = [\(s.point?.input.joined(separator: ", ") ?? "")]"
                case .impossible: failure = "no input satisfies the witness"
                case .unknown, .internalError: failure = "\(s.verdict.rawValue): \(s.reason ?? "")"
                }
                return Case(name: s.name, seconds: s.seconds, failure: failure, properties: s.share.map(properties) ?? s.optimum.map(properties) ?? [])
            })
        })
    }

    /// A measure's number as JUnit properties: the value and how it is
    /// known (an exact fraction, a certified bracket, an estimate from
    /// cones with its estimated error and method, or a sampled estimate
    /// with its standard error).
    static func properties(_ share: Share) -> [(name: String, value: String)] {
        var list: [(name: String, value: String)] = []
        if let bracket = share.bracket, bracket.count == 2 {
            list = [("probability", share.decimal), ("kind", "certified bracket"), ("bracket_low", bracket[0]), ("bracket_high", bracket[1])]
            if let samples = share.monteCarloSamples { list.append(("monte_carlo_samples", samples)) }
        } else if let error = share.standardError, let method = share.method {
            list = [("probability", share.decimal), ("kind", "estimate"), ("estimated_error", error), ("method", method)]
            if let samples = share.monteCarloSamples { list.append(("monte_carlo_samples", samples)) }
        } else if let error = share.standardError {
            list = [("probability", share.decimal), ("kind", "estimate"), ("standard_error", error)]
        } else {
            list = [("share", share.fraction), ("kind", "exact")]
        }
        if let event = share.event, let region = share.region { list += [("event", "\(event)"), ("region", "\(region)")] }
        if let expectation = share.expectation { list.append(("expectation", expectation)) }
        return list
    }

    /// An optimum as JUnit properties: its status, value and attainment.
    static func properties(_ optimum: OptimumReport) -> [(name: String, value: String)] {
        var list: [(name: String, value: String)] = [("status", optimum.status)]
        if let value = optimum.value { list += [(optimum.sense, value), ("decimal", optimum.decimal ?? "")] }
        if let attained = optimum.attained { list.append(("attained", attained ? "true" : "false")) }
        if let expectation = optimum.expectation { list.append(("expectation", expectation)) }
        return list
    }

    /// `farkas check` results: a certificate passes when valid and its
    /// verdict is proved, found or measured; an estimate, which has
    /// no certificate, passes too.
    public static func xml(check reports: [CheckReport]) -> String {
        document(reports.map { report in
            (report.path, report.seconds, report.statements.map { s in
                var failure: String?
                if s.status != .valid, s.status != .estimate {
                    failure = "\(s.status.rawValue): \(s.reason ?? "")"
                } else if let verdict = s.verdict, ![.proved, .found, .measured, .optimal, .unbounded, .infeasible].contains(verdict) {
                    failure = "certified \(verdict.rawValue)"
                }
                return Case(name: s.name, seconds: s.seconds, failure: failure)
            })
        })
    }

    static func document(_ suites: [(name: String, seconds: Double, cases: [Case])]) -> String {
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        let total = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.cases.filter { $0.failure != nil }.count }
        lines.append(#"<testsuites name="farkas" tests="\#(total)" failures="\#(failures)">"#)
        for suite in suites {
            let failed = suite.cases.filter { $0.failure != nil }.count
            lines.append(#"  <testsuite name="\#(escape(suite.name))" tests="\#(suite.cases.count)" failures="\#(failed)" time="\#(String(printf: "%.3f", suite.seconds))">"#)
            for c in suite.cases {
                let open = #"    <testcase classname="\#(escape(suite.name))" name="\#(escape(c.name))" time="\#(String(printf: "%.3f", c.seconds))""#
                if c.failure != nil || !c.properties.isEmpty {
                    lines.append(open + ">")
                    if !c.properties.isEmpty {
                        lines.append("      <properties>")
                        for p in c.properties {
                            lines.append(#"        <property name="\#(escape(p.name))" value="\#(escape(p.value))"/>"#)
                        }
                        lines.append("      </properties>")
                    }
                    if let failure = c.failure { lines.append(#"      <failure message="\#(escape(failure))"/>"#) }
                    lines.append("    </testcase>")
                } else {
                    lines.append(open + "/>")
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            default:
                // XML 1.0 forbids most control characters outright.
                if ch.value < 0x20, ch != "\t" { out += "?" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
