package import ExactArithmetic

/// `constant + Σ coefficient · node`: a linear function of program nodes.
///
/// The one linear-form type of Farkas. The language lowers expressions to
/// it, the program unfolds every node into one over input and ReLU nodes
/// (``Program/unfoldedNodes``), the encoding's atoms compare one with a
/// bound, and the checker sums them. Terms are kept sorted by node without
/// zero coefficients, so equal functions are equal values (and hash alike),
/// and sums in floating point that walk the terms in order repeat exactly.
package struct LinearForm: Sendable, Hashable, CustomStringConvertible {
    /// Nonzero terms, ascending by node.
    package private(set) var terms: [LinearTerm]
    /// The constant part.
    package var constant: Rational

    /// A constant (zero by default).
    package init(constant: Rational = .zero) {
        terms = []
        self.constant = constant
    }

    /// `1 · node`.
    package init(node: NodeID) {
        terms = [LinearTerm(.one, node)]
        constant = .zero
    }

    /// Terms in any order: merged, sorted, zero coefficients dropped.
    package init(terms: [LinearTerm], constant: Rational = .zero) {
        self.terms = LinearTerm.merging(terms).sorted { $0.node < $1.node }
        self.constant = constant
    }

    /// Terms already ascending by node without zeros (not checked).
    package init(sortedTerms terms: [LinearTerm], constant: Rational) {
        self.terms = terms
        self.constant = constant
    }

    /// The terms' node indices, ascending.
    package var nodeIndices: [Int] { terms.map(\.node.index) }

    /// The terms' coefficients, in node order.
    package var coefficients: [Rational] { terms.map(\.coefficient) }

    /// Whether there are no node terms.
    package var isConstant: Bool { terms.isEmpty }

    /// The coefficient of `node`, or nil when it has no term.
    package func coefficient(of node: NodeID) -> Rational? {
        var (low, high) = (0, terms.count)
        while low < high {
            let mid = (low + high) / 2
            if terms[mid].node < node { low = mid + 1 } else { high = mid }
        }
        return low < terms.count && terms[low].node == node ? terms[low].coefficient : nil
    }

    /// This form with `node`'s term removed.
    package func removing(_ node: NodeID) -> LinearForm {
        LinearForm(sortedTerms: terms.filter { $0.node != node }, constant: constant)
    }

    /// Adds `c` times `other` (a merge of the two sorted term lists).
    package mutating func add(_ c: Rational, _ other: LinearForm) {
        if c.isZero { return }
        if other.terms.isEmpty {
            constant += c * other.constant
            return
        }
        var merged: [LinearTerm] = []
        merged.reserveCapacity(terms.count + other.terms.count)
        var (i, j) = (0, 0)
        while i < terms.count || j < other.terms.count {
            if j == other.terms.count || (i < terms.count && terms[i].node < other.terms[j].node) {
                merged.append(terms[i])
                i += 1
            } else if i == terms.count || other.terms[j].node < terms[i].node {
                merged.append(LinearTerm(c * other.terms[j].coefficient, other.terms[j].node))
                j += 1
            } else {
                let sum = terms[i].coefficient + c * other.terms[j].coefficient
                if !sum.isZero { merged.append(LinearTerm(sum, terms[i].node)) }
                i += 1
                j += 1
            }
        }
        terms = merged
        constant += c * other.constant
    }

    /// This form plus `c` times `other`.
    package func adding(_ c: Rational, _ other: LinearForm) -> LinearForm {
        var sum = self
        sum.add(c, other)
        return sum
    }

    /// The sum.
    package static func + (a: LinearForm, b: LinearForm) -> LinearForm { a.adding(.one, b) }

    /// The difference.
    package static func - (a: LinearForm, b: LinearForm) -> LinearForm { a.adding(-.one, b) }

    /// Scaling by a constant.
    package static func * (c: Rational, e: LinearForm) -> LinearForm {
        if c.isZero { return LinearForm() }
        return LinearForm(sortedTerms: e.terms.map { LinearTerm(c * $0.coefficient, $0.node) }, constant: c * e.constant)
    }

    /// The value given every node's value (indexed by node).
    package func evaluate(_ values: [Rational]) -> Rational {
        terms.reduce(constant) { $0 + $1.coefficient * values[$1.node.index] }
    }

    /// Text such as `2 n5 + -1/2 n7 + 3`.
    package var description: String {
        var parts = terms.map { "\($0.coefficient) \($0.node)" }
        if !constant.isZero || parts.isEmpty { parts.append(constant.description) }
        return parts.joined(separator: " + ")
    }
}
