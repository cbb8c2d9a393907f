/// Rows of doubles of one width, stored one after another in a single
/// array, so a pivot walks one buffer instead of an array per row.
struct DenseRows: Sendable {
    /// The number of entries in each row.
    let width: Int
    /// The number of rows.
    private(set) var count = 0
    private var storage: [Double] = []

    /// No rows, each of `width` entries.
    init(width: Int) {
        self.width = width
    }

    /// Row indices.
    var indices: Range<Int> { 0..<count }

    /// Entry `j` of row `r`.
    subscript(r: Int, j: Int) -> Double {
        get { storage[r * width + j] }
        set { storage[r * width + j] = newValue }
    }

    /// Row `r`.
    subscript(r: Int) -> ArraySlice<Double> { storage[(r * width)..<((r + 1) * width)] }

    /// Calls `body` with the entries, row after row (entry `j` of row `r`
    /// at `r * width + j`).
    func withEntries<T>(_ body: (UnsafeBufferPointer<Double>) -> T) -> T {
        storage.withUnsafeBufferPointer(body)
    }

    /// Replaces row `r`.
    mutating func replace(_ r: Int, with row: [Double]) {
        precondition(row.count == width, "a row of the wrong width")
        storage.replaceSubrange((r * width)..<((r + 1) * width), with: row)
    }

    /// Adds a row at the end.
    mutating func append(_ row: [Double]) {
        precondition(row.count == width, "a row of the wrong width")
        storage += row
        count += 1
    }

    /// Exchanges a row's basic variable with the nonbasic one of `column`:
    /// row `r`, `x_r = Σ a_j x_j`, becomes the entering variable's
    /// expression (`-a_j / a_column`, and `1 / a_column` in `column`), which
    /// every other row not `skipped` then has substituted.
    mutating func pivot(row r: Int, column: Int, skipping skipped: [Bool]) {
        let width = width
        let count = count
        let start = r * width
        let inverse = 1 / storage[start + column]
        var pivotRow = Array(storage[start..<(start + width)])
        for j in 0..<width { pivotRow[j] = -pivotRow[j] * inverse }
        pivotRow[column] = inverse
        storage.replaceSubrange(start..<(start + width), with: pivotRow)
        pivotRow.withUnsafeBufferPointer { p in
            skipped.withUnsafeBufferPointer { skipped in
            storage.withUnsafeMutableBufferPointer { table in
                for s in 0..<count where s != r && !skipped[s] {
                    let offset = s * width
                    let c = table[offset + column]
                    if c == 0 { continue }
                    let row = UnsafeMutableBufferPointer(rebasing: table[offset..<(offset + width)])
                    for j in 0..<width { row[j] += c * p[j] }
                    row[column] = c * inverse
                }
            }
            }
        }
    }
}
