import ExactArithmetic

/// `coefficients · x + constant`: a node's value as an affine function of
/// the inputs on a region where every ReLU it depends on has a fixed phase.
struct AffineForm: Sendable {
    var coefficients: [Rational]
    var constant: Rational

    static func zero(width: Int) -> AffineForm {
        AffineForm(coefficients: Array(repeating: .zero, count: width), constant: .zero)
    }

    static func input(_ i: Int, width: Int) -> AffineForm {
        var form = zero(width: width)
        form.coefficients[i] = .one
        return form
    }

    mutating func add(_ c: Rational, _ other: AffineForm) {
        if c.isZero { return }
        for i in coefficients.indices where !other.coefficients[i].isZero { coefficients[i] += c * other.coefficients[i] }
        constant += c * other.constant
    }

    /// The least and greatest value over the box [low, high]^n.
    func range(low: Rational, high: Rational) -> (low: Rational, high: Rational) {
        var lo = constant
        var hi = constant
        for a in coefficients where !a.isZero {
            if a.signum > 0 {
                lo += a * low
                hi += a * high
            } else {
                lo += a * high
                hi += a * low
            }
        }
        return (lo, hi)
    }
}
