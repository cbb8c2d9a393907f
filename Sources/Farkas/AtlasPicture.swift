import Foundation

/// The atlas as an SVG picture: the unit disc cut into its cones, coloured
/// by activation pattern, the cones where the model errs in red (widened to
/// at least 2 degrees so they show, and labelled with their true measure),
/// the axes and the diagonal, and a legend.
extension Atlas {
    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#bab0ac", "#ff9da7", "#86bcb6"]
    static let (centerX, centerY, radius) = (350.0, 330.0, 230.0)
    static let legendX = 720.0

    /// The picture.
    public var svg: String {
        var out: [String] = [
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="660" viewBox="0 0 1080 660" font-family="Helvetica, Arial, sans-serif" font-size="14">"##,
            ##"<rect width="1080" height="660" fill="white"/>"##,
            ##"<text x="24" y="36" font-size="19" font-weight="bold">\##(Self.escape(title))</text>"##,
        ]
        let patterns = distinctPatterns
        for region in regions {
            let color = region.inside ? Self.palette[(patterns.firstIndex(of: region.activeNeurons) ?? 0) % Self.palette.count] : "#e8e8e8"
            out.append(Self.sector(from: region.fromDegrees, to: region.toDegrees, fill: color, stroke: "white", width: 1))
        }
        out += axes
        for (k, region) in regions.enumerated() {
            let span = Self.span(region)
            if region.correct == false {
                out += errorWedge(region)
            } else if span >= 6 {
                let (x, y) = Self.point(Self.middle(region), Self.radius + 16)
                out.append(##"<text x="\##(Self.f(x))" y="\##(Self.f(y + 5))" text-anchor="middle" fill="#333">\##(k + 1)</text>"##)
            }
        }
        out += legend(patterns)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    var title: String {
        let name = model.split(separator: "/").last.map(String.init) ?? model
        return "\(name): \(regions.count) linear regions of the input plane" + (condition.map { " where \($0)" } ?? "")
    }

    /// Activation patterns in order of first appearance counterclockwise.
    var distinctPatterns: [[[Int]]] {
        var seen: [[[Int]]] = []
        for region in regions where region.inside && !seen.contains(region.activeNeurons) { seen.append(region.activeNeurons) }
        return seen
    }

    /// The x0 and x1 axes and the diagonal x0 = x1, labelled.
    var axes: [String] {
        let (cx, cy, r) = (Self.centerX, Self.centerY, Self.radius + 30)
        let d = (Self.radius + 20) / 2.squareRoot()
        return [
            ##"<line x1="\##(Self.f(cx - r))" y1="\##(Self.f(cy))" x2="\##(Self.f(cx + r))" y2="\##(Self.f(cy))" stroke="#555" stroke-width="1"/>"##,
            ##"<line x1="\##(Self.f(cx))" y1="\##(Self.f(cy + r))" x2="\##(Self.f(cx))" y2="\##(Self.f(cy - r))" stroke="#555" stroke-width="1"/>"##,
            ##"<line x1="\##(Self.f(cx - d))" y1="\##(Self.f(cy + d))" x2="\##(Self.f(cx + d))" y2="\##(Self.f(cy - d))" stroke="#555" stroke-width="1" stroke-dasharray="5,4"/>"##,
            ##"<text x="\##(Self.f(cx + r + 6))" y="\##(Self.f(cy + 5))">x0</text>"##,
            ##"<text x="\##(Self.f(cx - 8))" y="\##(Self.f(cy - r - 8))">x1</text>"##,
        ]
    }

    /// A wrong cone: red, at least 2 degrees wide, with a leader line to a
    /// label giving its true probability.
    func errorWedge(_ region: Region) -> [String] {
        let mid = Self.middle(region)
        let half = max(Self.span(region), 2) / 2
        var lines = [Self.sector(from: mid - half, to: mid + half, fill: "#d62728", stroke: "#8b0000", width: 0.8)]
        let (x0, y0) = Self.point(mid, Self.radius)
        let (x1, y1) = Self.point(mid, Self.radius + 34)
        let onRight = cos(mid * .pi / 180) >= 0
        let x2 = x1 + (onRight ? 14 : -14)
        lines.append(##"<polyline points="\##(Self.f(x0)),\##(Self.f(y0)) \##(Self.f(x1)),\##(Self.f(y1)) \##(Self.f(x2)),\##(Self.f(y1))" fill="none" stroke="#8b0000" stroke-width="1"/>"##)
        let anchor = onRight ? "start" : "end"
        let x = Self.f(x2 + (onRight ? 4 : -4))
        for (k, text) in ["errs here", "p = \(Self.short(region.probability))", "(drawn 2° wide)"].enumerated() {
            let y = Self.f(y1 + 5 + Double(k - 1) * 17)
            lines.append(##"<text x="\##(x)" y="\##(y)" text-anchor="\##(anchor)" fill="#8b0000">\##(Self.escape(text))</text>"##)
        }
        return lines
    }

    /// Swatches for the patterns with their total probability, the wrong
    /// cones, and how to read the picture.
    func legend(_ patterns: [[[Int]]]) -> [String] {
        var lines = [##"<text x="\##(Self.f(Self.legendX))" y="96" font-weight="bold">Active hidden neurons per step</text>"##]
        var y = 124.0
        for (k, pattern) in patterns.enumerated() {
            let share = regions.filter { $0.inside && $0.activeNeurons == pattern }.compactMap { Double($0.probability[0]) }.reduce(0, +)
            let steps = pattern.enumerated().map { "h\($0.offset + 1): {\($0.element.map(String.init).joined(separator: ", "))}" }.joined(separator: "  ")
            lines.append(##"<rect x="\##(Self.f(Self.legendX))" y="\##(Self.f(y - 13))" width="18" height="18" fill="\##(Self.palette[k % Self.palette.count])"/>"##)
            lines.append(##"<text x="\##(Self.f(Self.legendX + 28))" y="\##(Self.f(y + 1))">\##(Self.escape(steps))</text>"##)
            lines.append(##"<text x="\##(Self.f(Self.legendX + 330))" y="\##(Self.f(y + 1))" text-anchor="end" fill="#555">\##(String(format: "%.2f%%", 100 * share))</text>"##)
            y += 28
        }
        if let error = errorProbability {
            y += 10
            lines.append(##"<rect x="\##(Self.f(Self.legendX))" y="\##(Self.f(y - 13))" width="18" height="18" fill="#d62728"/>"##)
            lines.append(##"<text x="\##(Self.f(Self.legendX + 28))" y="\##(Self.f(y + 1))">the model errs (\##(Self.escape(task ?? "task")))</text>"##)
            lines.append(##"<text x="\##(Self.f(Self.legendX + 28))" y="\##(Self.f(y + 23))" fill="#555">p = \##(Self.escape(Self.short(error))) for x ~ N(0, I), certified</text>"##)
            y += 34
        }
        y += 12
        lines.append(##"<line x1="\##(Self.f(Self.legendX))" y1="\##(Self.f(y - 4))" x2="\##(Self.f(Self.legendX + 18))" y2="\##(Self.f(y - 4))" stroke="#555" stroke-dasharray="5,4"/>"##)
        lines.append(##"<text x="\##(Self.f(Self.legendX + 28))" y="\##(Self.f(y + 1))">the diagonal x0 = x1 (ties)</text>"##)
        let notes = [
            "Cones numbered counterclockwise from the x0 axis;",
            "`farkas atlas` lists each with its exact logits.",
            "Percentages: each pattern's share of N(0, I).",
        ]
        for (k, note) in notes.enumerated() {
            lines.append(##"<text x="\##(Self.f(Self.legendX))" y="\##(Self.f(y + 30 + Double(k) * 20))" fill="#555" font-size="13">\##(Self.escape(note))</text>"##)
        }
        return lines
    }

    /// A filled sector from `from` to `to` degrees, counterclockwise.
    static func sector(from: Double, to: Double, fill: String, stroke: String, width: Double) -> String {
        var span = to - from
        while span <= 0 { span += 360 }
        if span >= 359.999 {
            return ##"<circle cx="\##(f(centerX))" cy="\##(f(centerY))" r="\##(f(radius))" fill="\##(fill)"/>"##
        }
        let (ax, ay) = point(from, radius)
        let (bx, by) = point(from + span, radius)
        let large = span > 180 ? 1 : 0
        return ##"<path d="M \##(f(centerX)) \##(f(centerY)) L \##(f(ax)) \##(f(ay)) A \##(f(radius)) \##(f(radius)) 0 \##(large) 0 \##(f(bx)) \##(f(by)) Z" fill="\##(fill)" stroke="\##(stroke)" stroke-width="\##(width)"/>"##
    }

    static func span(_ region: Region) -> Double {
        var span = region.toDegrees - region.fromDegrees
        while span <= 0 { span += 360 }
        return span
    }

    static func middle(_ region: Region) -> Double { region.fromDegrees + span(region) / 2 }

    /// The screen point at `degrees` (counterclockwise from the x0 axis) and distance `r`.
    static func point(_ degrees: Double, _ r: Double) -> (Double, Double) {
        let a = degrees * .pi / 180
        return (centerX + r * cos(a), centerY - r * sin(a))
    }

    /// A bracket in four significant digits (its lower end, rounded).
    static func short(_ bracket: [String]) -> String {
        guard let low = Double(bracket.first ?? "") else { return bracket.first ?? "?" }
        return String(format: "%.4g", low)
    }

    static func f(_ x: Double) -> String { String(format: "%.2f", x) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
