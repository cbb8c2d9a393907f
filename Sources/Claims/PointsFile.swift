package import ExactArithmetic

/// A points file: one input per row, its coordinates comma-separated exact
/// numbers (`0.8`, `-3/4`, `1e-3`); blank lines and lines starting with `#`
/// are skipped, and a first row of names is a header.
enum PointsFile {
    /// What is wrong, and on which line of the points file.
    struct Problem: Error {
        let line: Int
        let message: String
    }

    /// The rows of a points file's text.
    static func parse(_ text: String) throws(Problem) -> [[Rational]] {
        var rows: [[Rational]] = []
        var width: Int?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: [" ", "\t", "\r"])
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: [" ", "\t"]) }
            if width == nil, rows.isEmpty, fields.allSatisfy({ Rational($0) == nil }) {
                try checkHeader(fields, line: index + 1)
                width = fields.count
                continue
            }
            var row: [Rational] = []
            for (column, field) in fields.enumerated() {
                guard let value = Rational(field) else {
                    throw Problem(line: index + 1, message: "'\(field)' in column \(column + 1) is not an exact number (write 0.8, -3/4 or 1e-3)")
                }
                row.append(value)
            }
            if let width, row.count != width {
                throw Problem(line: index + 1, message: "the row has \(row.count) numbers, expected \(width)")
            }
            width = row.count
            rows.append(row)
        }
        guard !rows.isEmpty else { throw Problem(line: 1, message: "the points file has no rows") }
        return rows
    }

    /// A header names each column once.
    private static func checkHeader(_ fields: [String], line: Int) throws(Problem) {
        var seen: Set<String> = []
        for field in fields {
            guard !field.isEmpty else { throw Problem(line: line, message: "the header has an empty column name") }
            guard seen.insert(field).inserted else { throw Problem(line: line, message: "the header names '\(field)' twice") }
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}
