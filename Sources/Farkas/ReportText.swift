
extension FileReport {
    /// Counts of each verdict.
    public var tally: [Verdict: Int] {
        statements.reduce(into: [:]) { $0[$1.verdict, default: 0] += 1 }
    }

    /// The report as the text `farkas prove` prints.
    public var text: String {
        var lines = [path] + editedModels.map { "  model \($0)" }
        let width = max(12, statements.map(\.name.count).max() ?? 0)
        let verdictWidth = max(9, statements.map(\.verdict.rawValue.count).max() ?? 0)
        for s in statements {
            let head = "  \(s.verdict.rawValue.padded(to: verdictWidth)) \(s.name.padded(to: width))"
            let indent = String(repeating: " ", count: head.count + 1)
            if let share = s.share {
                lines.append("\(head) \(Self.shareText(share)) \(String(printf: "%8.2f s", s.seconds))")
                lines += Self.pointwiseLines(s).map { indent + $0 }
                if let vacuous = s.vacuous { lines.append(indent + vacuous) }
                if let note = s.note { lines.append(indent + note) }
                if let reason = s.reason { lines.append(indent + reason) }
                continue
            }
            if let optimum = s.optimum {
                lines.append("\(head) \(Self.optimumText(optimum)) \(String(printf: "%8.2f s", s.seconds))")
                lines += Self.optimumDetails(s, optimum).map { indent + $0 }
                continue
            }
            switch s.verdict {
            case .measured, .optimal, .unbounded, .infeasible: break
            case .proved where s.reused, .impossible where s.reused:
                lines.append("\(head) certificate re-checked \(String(printf: "%8.2f s", s.seconds))")
            case .proved, .impossible:
                lines.append("\(head) \(Self.effort(s.search)) \(String(printf: "%8.2f s", s.seconds))")
                lines += Self.pointwiseLines(s).map { indent + $0 }
                if let vacuous = s.vacuous { lines.append(indent + vacuous) }
            case .unknown, .internalError:
                lines.append("\(head) \(s.reason ?? "")")
            case .refuted, .found:
                guard let point = s.point else { continue }
                lines.append("\(head) x = [\(point.input.joined(separator: ", "))]")
                if point.rescaled { lines.append("\(indent)(rescaled so that max|x| = 1: the model is positively homogeneous, and this multiple of the point found is one too)") }
                if point.input.map({ Rational($0) }) != point.float32Input.map({ Float($0).flatMap { try? Rational(exactly: $0) } }) {
                    lines.append("\(indent)float32 x = [\(point.float32Input.joined(separator: ", "))]")
                }
                lines += Self.signalLines(point.signals).map { indent + $0 }
                lines.append("\(indent)float32 \(point.float32Agrees ? "agrees" : "disagrees: PyTorch's float32 evaluation does not show this at the float32 input")")
                if s.search.pointsEvaluated > 0 { lines.append(indent + Self.finiteCount(s)) }
            }
        }
        let order: [Verdict] = [.proved, .refuted, .found, .impossible, .measured, .optimal, .unbounded, .infeasible, .unknown, .internalError]
        let parts = order.compactMap { v in tally[v].map { "\($0) \(v.rawValue)" } }
        lines.append("\(Self.count(statements.count, "statement")): \(parts.joined(separator: ", ")) (\(String(printf: "%.2f", seconds)) s)")
        return lines.joined(separator: "\n")
    }

    /// `max = 1/1548 ~ 0.000645994832 (attained), expected <= 1/1000`: an optimum.
    static func optimumText(_ optimum: OptimumReport) -> String {
        let expected = optimum.expectation.map { ", expected \($0)" } ?? ""
        let name = optimum.sense == "minimum" ? "min" : "max"
        switch optimum.status {
        case "infeasible": return "\(name) over no input (infeasible)\(expected)"
        case "unbounded": return "\(name) = \(name == "min" ? "-" : "+")infinity (unbounded)\(expected)"
        default:
            let value = optimum.value ?? "?"
            let exact = value.contains("/") ? "\(value) ~ \(optimum.decimal ?? "")" : value
            let how: String
            switch optimum.attained {
            case true?: how = "attained"
            case false?: how = "the \(name == "min" ? "infimum" : "supremum"), not attained"
            case nil: how = "attainment undecided in the budget"
            }
            return "\(name) = \(exact) (\(how))\(expected)"
        }
    }

    /// Where an optimum is: the input and its readings, the ray of an
    /// unbounded one, the notes.
    static func optimumDetails(_ s: StatementReport, _ optimum: OptimumReport) -> [String] {
        var lines: [String] = []
        if let point = s.point {
            let x = "x = [\(point.input.joined(separator: ", "))]"
            if let direction = optimum.direction {
                lines.append("from \(x) along d = [\(direction.joined(separator: ", "))]")
            } else if optimum.attained == false, let gap = optimum.gap {
                let size = Rational(gap).map { String(printf: "%.1e", $0.doubleApproximation) } ?? gap
                lines.append("approached within \(size) at \(x)")
            } else {
                lines.append("at \(x)")
            }
            lines += signalLines(point.signals)
            lines.append("float32 \(point.float32Agrees ? "agrees" : "disagrees: PyTorch's float32 evaluation puts this input outside the region")")
        }
        lines += [s.vacuous, optimum.note, s.reason].compactMap { $0 }
        return lines
    }

    /// The readings of a point, at most 12 lines: one a reading, except
    /// that a signal read on several models (`a.logits[0]` and
    /// `m.logits[0]`) is one line with the models side by side.
    static func signalLines(_ signals: [SignalReading]) -> [String] {
        func shown(_ s: SignalReading) -> String {
            "\(s.exact.count <= 24 ? s.exact : "~" + s.exactDecimal) (float32 \(s.float32))"
        }
        // Model signals by their name inside the model, in order of first reading.
        var order: [String] = []
        var byModel: [String: [(model: String, reading: SignalReading)]] = [:]
        for s in signals {
            guard let dot = s.name.firstIndex(of: "."), !s.name.contains("(") else { continue }
            let signal = String(s.name[s.name.index(after: dot)...])
            if byModel[signal] == nil { order.append(signal) }
            byModel[signal, default: []].append((String(s.name[..<dot]), s))
        }
        let compared = Set(byModel.filter { $0.value.count > 1 }.keys)
        var lines: [String] = []
        var done: Set<String> = []
        for s in signals {
            if let dot = s.name.firstIndex(of: "."), !s.name.contains("("), compared.contains(String(s.name[s.name.index(after: dot)...])) {
                let signal = String(s.name[s.name.index(after: dot)...])
                guard done.insert(signal).inserted, let readings = byModel[signal] else { continue }
                lines.append("\(signal): " + readings.map { "\($0.model) = \(shown($0.reading))" }.joined(separator: ", "))
            } else {
                lines.append("\(s.name) = \(shown(s))")
            }
        }
        guard lines.count > 12 else { return lines }
        return Array(lines.prefix(12)) + ["... \(lines.count - 12) more in --json"]
    }

    /// `87/90 = 0.966667 (87 of 90 points), expected >= 0.95`: a measure's share.
    static func shareText(_ share: Share) -> String {
        let expected = share.expectation.map { ", expected \($0)" } ?? ""
        if let error = share.standardError, let method = share.method {
            let samples = share.monteCarloSamples.map { "; plain Monte Carlo would need ~\($0) samples for a standard error this size" } ?? ""
            return "probability ~ \(share.decimal) ± \(error) (estimated: \(method); ± the estimated error, not a bound; not certified\(samples))\(expected)"
        }
        if let error = share.standardError, let region = share.region {
            return "probability ~ \(share.decimal) ± \(error) (estimated: \(grouped(share.event ?? 0)) of \(grouped(region)) \(share.distribution ?? "Gaussian") samples, decided exactly; ± one standard error; not certified)\(expected)"
        }
        guard let event = share.event, let region = share.region else {
            let samples = share.monteCarloSamples.map { "; plain Monte Carlo would need ~\($0) samples for its precision" } ?? ""
            return "probability \(share.decimal)\(expected)\(samples)"
        }
        let exact = share.fraction.contains("/") ? "\(share.fraction) ~ \(share.decimal)" : share.fraction
        return "share \(exact) (\(grouped(event)) of \(grouped(region)) points)\(expected)"
    }

    /// How a statement about a transformer was decided, when it says more
    /// than the count: sets of inputs closed by their bounds, inputs that
    /// needed more than doubles, and a measure's float32 count.
    static func pointwiseLines(_ s: StatementReport) -> [String] {
        guard let p = s.pointwise else { return [] }
        var lines: [String] = []
        if p.closedSets > 0 || p.decidedAbove53Bits > 0 {
            var parts = ["\(grouped(p.evaluatedOneByOne)) inputs evaluated one by one"]
            if p.closedSets > 0 { parts.append("\(count(p.closedSets, "set")) of inputs closed by their bounds") }
            if p.decidedAbove53Bits > 0 { parts.append("\(grouped(p.decidedAbove53Bits)) decided only above double precision") }
            lines.append(parts.joined(separator: ", "))
        }
        if let float32 = p.float32Holding {
            let comparison = float32 == p.holding ? "the same count" : "\(grouped(abs(float32 - p.holding))) \(float32 > p.holding ? "more" : "fewer") than exactly"
            lines.append("float32 as PyTorch runs it: \(grouped(float32)) of \(grouped(p.region)) points (\(comparison))")
        }
        return lines
    }

    /// How many points of a finite domain a refuted claim fails at (or a
    /// found witness holds at), and which, counted from 1 in the domain's order.
    static func finiteCount(_ s: StatementReport) -> String {
        let (solutions, total) = (s.search.solutions, s.search.pointsEvaluated)
        let which = s.search.solutionPositions.map { String($0 + 1) }.joined(separator: ", ")
        let more = solutions > s.search.solutionPositions.count ? ", ..." : ""
        let verb = s.verdict == .refuted ? "fails at" : "holds at"
        return "\(verb) \(grouped(solutions)) of \(grouped(total)) points: point\(solutions == 1 ? "" : "s") \(which)\(more)"
    }

    /// What deciding a statement took: the conflicts a search learned
    /// from, or the points an integer domain's enumeration evaluated.
    static func effort(_ search: SearchStatistics) -> String {
        search.pointsEvaluated > 0 ? count(search.pointsEvaluated, "point") : count(search.conflicts, "conflict")
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(grouped(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    /// The number with a comma between groups of three digits (`12,345`).
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var text = n < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
