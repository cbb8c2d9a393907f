import Foundation

/// The sphere atlas as an SVG picture: the upper (x2 >= 0) and lower
/// hemispheres side by side (both seen from above), each in Lambert's azimuthal equal-area
/// projection (areas on the picture are proportional to probabilities), the
/// cells coloured by activation pattern and the wrong ones red, with a
/// legend of the largest patterns.
extension SphereAtlas {
    static let discRadius = 210.0
    static let centers = [(270.0, 350.0), (760.0, 350.0)]

    /// The picture.
    public var svg: String {
        var out = [
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="660" viewBox="0 0 1400 660" font-family="Helvetica, Arial, sans-serif" font-size="14">"##,
            ##"<rect width="1400" height="660" fill="white"/>"##,
            ##"<text x="24" y="36" font-size="19" font-weight="bold">\##(Atlas.escape(title))</text>"##,
        ]
        for (k, label) in ["x2 > 0 (seen from above)", "x2 < 0 (seen through the sphere from above)"].enumerated() {
            let (cx, cy) = Self.centers[k]
            out.append(##"<circle cx="\##(Atlas.f(cx))" cy="\##(Atlas.f(cy))" r="\##(Atlas.f(Self.discRadius))" fill="#f4f4f4" stroke="#555"/>"##)
            out.append(##"<text x="\##(Atlas.f(cx))" y="\##(Atlas.f(cy + Self.discRadius + 28))" text-anchor="middle">\##(Atlas.escape(label))</text>"##)
            out.append(##"<text x="\##(Atlas.f(cx + Self.discRadius + 6))" y="\##(Atlas.f(cy + 5))">x0</text>"##)
            out.append(##"<text x="\##(Atlas.f(cx - 8))" y="\##(Atlas.f(cy - Self.discRadius - 8))">x1</text>"##)
        }
        for cell in cells {
            let upper = cell.corners.map { $0[2] }.reduce(0, +) >= 0
            let points = Self.outline(cell.corners).map { Self.project($0, upper: upper) }
            let fill = !cell.inside ? "#e8e8e8" : cell.wrong ? "#d62728" : Self.color(cell.pattern)
            let path = points.map { "\(Atlas.f($0.0)),\(Atlas.f($0.1))" }.joined(separator: " ")
            out.append(##"<polygon points="\##(path)" fill="\##(fill)" stroke="\##(fill)" stroke-width="0.6"/>"##)
        }
        out += legend
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    var title: String {
        let name = model.split(separator: "/").last.map(String.init) ?? model
        return "\(name): \(patterns.count) activation patterns on the sphere of inputs (equal-area projection)" + (condition.map { " where \($0)" } ?? "")
    }

    /// The largest patterns with their probabilities, and the wrong cells.
    var legend: [String] {
        let x = 1010.0
        var lines = [##"<text x="\##(Atlas.f(x))" y="96" font-weight="bold">Active hidden neurons per step</text>"##]
        let ranked = patterns.indices.sorted { (Double(patterns[$0].probability[0]) ?? 0) > (Double(patterns[$1].probability[0]) ?? 0) }
        var y = 124.0
        for k in ranked.prefix(14) {
            let p = patterns[k]
            let steps = p.activeNeurons.enumerated().map { "h\($0.offset + 1): {\($0.element.map(String.init).joined(separator: ","))}" }.joined(separator: " ")
            lines.append(##"<rect x="\##(Atlas.f(x))" y="\##(Atlas.f(y - 13))" width="16" height="16" fill="\##(Self.color(k))"/>"##)
            lines.append(##"<text x="\##(Atlas.f(x + 24))" y="\##(Atlas.f(y + 1))" font-size="12">\##(Atlas.escape(steps))</text>"##)
            lines.append(##"<text x="1385" y="\##(Atlas.f(y + 1))" text-anchor="end" fill="#555" font-size="12">\##(String(format: "%.2f%%", 100 * (Double(p.probability[0]) ?? 0)))</text>"##)
            y += 24
        }
        if patterns.count > 14 {
            lines.append(##"<text x="\##(Atlas.f(x))" y="\##(Atlas.f(y + 1))" fill="#555" font-size="12">and \##(patterns.count - 14) smaller patterns (farkas atlas --json)</text>"##)
            y += 24
        }
        if let error = errorProbability {
            y += 8
            lines.append(##"<rect x="\##(Atlas.f(x))" y="\##(Atlas.f(y - 13))" width="16" height="16" fill="#d62728"/>"##)
            lines.append(##"<text x="\##(Atlas.f(x + 24))" y="\##(Atlas.f(y + 1))">the model errs (\##(Atlas.escape(task ?? "task")))</text>"##)
            lines.append(##"<text x="\##(Atlas.f(x + 24))" y="\##(Atlas.f(y + 21))" fill="#555">p = \##(Atlas.escape(Atlas.short(error))) for x ~ N(0, I), certified</text>"##)
        }
        return lines
    }

    /// A distinct colour per pattern index (golden-angle hues).
    static func color(_ k: Int) -> String {
        "hsl(\(Int((Double(k) * 137.508).truncatingRemainder(dividingBy: 360))), 55%, \(k % 2 == 0 ? 58 : 70)%)"
    }

    /// The cell's boundary: each great-circle edge sampled at 12 points.
    static func outline(_ corners: [[Double]]) -> [[Double]] {
        var points: [[Double]] = []
        for k in corners.indices {
            let (a, b) = (corners[k], corners[(k + 1) % corners.count])
            for step in 0..<12 {
                let t = Double(step) / 12
                let v = zip(a, b).map { (1 - t) * $0 + t * $1 }
                let norm = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot()
                points.append(v.map { $0 / norm })
            }
        }
        return points
    }

    /// Lambert's azimuthal equal-area projection about the hemisphere's
    /// pole, onto its disc (both with x0 to the right and x1 up).
    static func project(_ v: [Double], upper: Bool) -> (Double, Double) {
        let z = upper ? v[2] : -v[2]
        let k = (2 / (1 + max(z, 0))).squareRoot() / 2.squareRoot() * discRadius
        let (cx, cy) = centers[upper ? 0 : 1]
        return (cx + k * v[0], cy - k * v[1])
    }
}
