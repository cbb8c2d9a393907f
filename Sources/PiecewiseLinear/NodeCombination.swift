public import ExactArithmetic

/// `Σ coefficient · node + constant` over the program's input and ReLU
/// nodes only: an affine node unfolded down to the values it combines. It
/// does not depend on any ReLU's phase.
public struct NodeCombination: Sendable, Hashable {
    /// Coefficients by node index (inputs and ReLUs only), without zeros.
    public var terms: [Int: Rational]
    /// The constant term.
    public var constant: Rational

    /// `Σ terms + constant`.
    public init(terms: [Int: Rational] = [:], constant: Rational = .zero) {
        self.terms = terms
        self.constant = constant
    }

    /// The terms in node order: sums in floating point must add them in an
    /// order that does not depend on hashing, so runs repeat exactly.
    public var sortedTerms: [(node: Int, coefficient: Rational)] {
        terms.sorted { $0.key < $1.key }.map { (node: $0.key, coefficient: $0.value) }
    }

    /// Adds `c` times `other`.
    public mutating func add(_ c: Rational, _ other: NodeCombination) {
        if c.isZero { return }
        for (node, a) in other.terms {
            let sum = terms[node, default: .zero] + c * a
            terms[node] = sum.isZero ? nil : sum
        }
        constant += c * other.constant
    }
}

