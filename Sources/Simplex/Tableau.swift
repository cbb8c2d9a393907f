package import ExactArithmetic

/// Numbers a ``Tableau`` can hold: exact rationals, or doubles for a
/// simplex that only steers.
package protocol TableauScalar: Sendable, Equatable {
    /// The additive identity.
    static var zero: Self { get }
    /// Whether the value counts as zero (for doubles: below a tolerance).
    var isNegligible: Bool { get }
    /// The magnitude, as a double (for choosing pivots).
    var magnitudeEstimate: Double { get }
    /// Addition.
    static func + (lhs: Self, rhs: Self) -> Self
    /// Multiplication.
    static func * (lhs: Self, rhs: Self) -> Self
    /// Negation.
    static prefix func - (operand: Self) -> Self
    /// `1 / self`.
    var reciprocal: Self { get }
}

extension Rational: TableauScalar {
    /// Zero only when exactly zero.
    package var isNegligible: Bool { isZero }
    /// The nearest double's magnitude.
    package var magnitudeEstimate: Double { abs(doubleApproximation) }
}

extension Double: TableauScalar {
    /// Below 1e-12 in magnitude: treated as a cancelled entry.
    package var isNegligible: Bool { abs(self) < 1e-12 }
    /// The magnitude.
    package var magnitudeEstimate: Double { abs(self) }
    /// `1 / self`.
    package var reciprocal: Double { 1 / self }
}

/// The rows of a simplex: each basic variable as a sparse combination of
/// nonbasic ones, with a bit per (variable, row) saying where a variable
/// occurs, so a pivot touches only the rows it changes.
struct Tableau<Scalar: TableauScalar>: Sendable {
    /// `basic = Σ coefficients[k] · variables[k]`, variables ascending.
    struct Row: Sendable {
        var basic: Int
        var variables: [Int]
        var coefficients: [Scalar]

        /// The position of `v` among the entries.
        func index(of v: Int) -> Int? {
            var low = 0
            var high = variables.count
            while low < high {
                let mid = (low + high) / 2
                if variables[mid] < v { low = mid + 1 } else { high = mid }
            }
            return low < variables.count && variables[low] == v ? low : nil
        }
    }

    private(set) var rows: [Row] = []
    /// Each variable's row, or -1 when it is nonbasic.
    private(set) var rowOf: [Int]
    /// For each variable, a bit per row where it has an entry.
    private var columns: [[UInt64]]

    init(variableCount: Int) {
        rowOf = Array(repeating: -1, count: variableCount)
        columns = Array(repeating: [], count: variableCount)
    }

    /// Adds a variable that is nonbasic and in no row.
    mutating func addNonbasicVariable() {
        rowOf.append(-1)
        columns.append([])
    }

    /// Adds a row for a new basic variable (the next variable index).
    mutating func addRow(basic: Int, variables: [Int], coefficients: [Scalar]) {
        precondition(basic == rowOf.count, "rows define the next variable")
        rows.append(Row(basic: basic, variables: variables, coefficients: coefficients))
        rowOf.append(rows.count - 1)
        columns.append([])
        for v in variables { setBit(v, rows.count - 1) }
    }

    private mutating func setBit(_ v: Int, _ r: Int) {
        let word = r >> 6
        if columns[v].count <= word { columns[v] += Array(repeating: 0, count: word + 1 - columns[v].count) }
        columns[v][word] |= 1 << UInt64(r & 63)
    }

    private mutating func clearBit(_ v: Int, _ r: Int) {
        let word = r >> 6
        if word < columns[v].count { columns[v][word] &= ~(1 << UInt64(r & 63)) }
    }

    /// The rows with an entry for `v`.
    func rows(containing v: Int) -> [Int] {
        var result: [Int] = []
        for (w, bits) in columns[v].enumerated() where bits != 0 {
            var b = bits
            while b != 0 {
                result.append(w << 6 | b.trailingZeroBitCount)
                b &= b - 1
            }
        }
        return result
    }

    /// Exchanges the basic variable of row `r` with its `k`-th entry.
    mutating func pivot(row r: Int, entryIndex k: Int) {
        let leaving = rows[r].basic
        let entering = rows[r].variables[k]
        let inverse = rows[r].coefficients[k].reciprocal
        // entering = inverse · leaving - Σ_{j≠k} (a_j · inverse) x_j, built in place.
        var variables = rows[r].variables
        var coefficients = rows[r].coefficients
        variables.remove(at: k)
        coefficients.remove(at: k)
        for j in coefficients.indices { coefficients[j] = -(coefficients[j] * inverse) }
        var position = 0
        while position < variables.count, variables[position] < leaving { position += 1 }
        variables.insert(leaving, at: position)
        coefficients.insert(inverse, at: position)
        rows(containing: entering, into: &others)
        rows[r] = Row(basic: entering, variables: variables, coefficients: coefficients)
        rowOf[entering] = r
        rowOf[leaving] = -1
        setBit(leaving, r)
        for s in others where s != r {
            guard let j = rows[s].index(of: entering) else { preconditionFailure("column bits out of date") }
            substitute(row: s, at: j, pivotRow: r)
        }
        columns[entering] = []
    }

    /// Rows touched by the current pivot (reused between pivots).
    private var others: [Int] = []

    private var mergedVariables: [Int] = []
    private var mergedCoefficients: [Scalar] = []

    /// The rows with an entry for `v`, into `result`.
    private func rows(containing v: Int, into result: inout [Int]) {
        result.removeAll(keepingCapacity: true)
        for (w, bits) in columns[v].enumerated() where bits != 0 {
            var b = bits
            while b != 0 {
                result.append(w << 6 | b.trailingZeroBitCount)
                b &= b - 1
            }
        }
    }

    /// Replaces row s's entry at `j` (coefficient c) by c times row `p`,
    /// updating the column bits of entries gained and lost.
    private mutating func substitute(row s: Int, at j: Int, pivotRow p: Int) {
        let c = rows[s].coefficients[j]
        mergedVariables.removeAll(keepingCapacity: true)
        mergedCoefficients.removeAll(keepingCapacity: true)
        let left = rows[s].variables
        let leftCoefficients = rows[s].coefficients
        let right = rows[p].variables
        let rightCoefficients = rows[p].coefficients
        var a = 0
        var b = 0
        while a < left.count || b < right.count {
            if a == j {
                a += 1
                continue
            }
            if b >= right.count || (a < left.count && left[a] < right[b]) {
                mergedVariables.append(left[a])
                mergedCoefficients.append(leftCoefficients[a])
                a += 1
            } else if a >= left.count || right[b] < left[a] {
                mergedVariables.append(right[b])
                mergedCoefficients.append(c * rightCoefficients[b])
                setBit(right[b], s)
                b += 1
            } else {
                let sum = leftCoefficients[a] + c * rightCoefficients[b]
                if sum.isNegligible {
                    clearBit(left[a], s)
                } else {
                    mergedVariables.append(left[a])
                    mergedCoefficients.append(sum)
                }
                a += 1
                b += 1
            }
        }
        clearBit(left[j], s)
        swap(&rows[s].variables, &mergedVariables)
        swap(&rows[s].coefficients, &mergedCoefficients)
    }
}

