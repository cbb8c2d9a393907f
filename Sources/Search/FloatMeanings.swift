package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// What each atom and phase variable of an encoding says, in doubles and
/// laid out flat: an atom's form, bound and strictness; a phase's ReLU.
/// Evaluating a variable at a point then reads plain arrays and retains
/// nothing, which matters at every decision. For heuristics only.
struct FloatMeanings {
    /// Every atom's terms, one atom after another.
    private let terms: [(node: Int, coefficient: Double)]
    /// Each variable's terms in ``terms`` (empty unless an atom).
    private let ranges: [Range<Int>]
    /// Each atom's bound (0 for other variables).
    let bounds: [Double]
    /// Whether each atom is strict.
    let isStrict: [Bool]
    /// The ReLU (an index into the encoding's) of each phase variable, -1 for others.
    let relu: [Int]

    init(_ encoding: ClausalEncoding) {
        var terms: [(node: Int, coefficient: Double)] = []
        var ranges: [Range<Int>] = []
        var bounds: [Double] = []
        var isStrict: [Bool] = []
        var relu: [Int] = []
        for variable in encoding.variables {
            let start = terms.count
            var (bound, strict, k) = (0.0, false, -1)
            switch variable {
            case .atom(let atom):
                for (node, c) in zip(atom.form.nodeIndices, atom.form.coefficients) { terms.append((node, c.doubleApproximation)) }
                (bound, strict) = (atom.bound.doubleApproximation, atom.strict)
            case .phase(let index): k = index
            case .structure: break
            }
            ranges.append(start..<terms.count)
            bounds.append(bound)
            isStrict.append(strict)
            relu.append(k)
        }
        self.terms = terms
        self.ranges = ranges
        self.bounds = bounds
        self.isStrict = isStrict
        self.relu = relu
    }

    /// The terms of atom variable `v`'s form.
    func terms(of v: Int) -> ArraySlice<(node: Int, coefficient: Double)> { terms[ranges[v]] }

    /// Whether atom variable `v` holds at node values `values`.
    func atomHolds(_ v: Int, at values: [Double]) -> Bool {
        var sum = 0.0
        terms.withUnsafeBufferPointer { terms in
            values.withUnsafeBufferPointer { values in
                for i in ranges[v] { sum += terms[i].coefficient * values[terms[i].node] }
            }
        }
        return isStrict[v] ? sum < bounds[v] : sum <= bounds[v]
    }
}
