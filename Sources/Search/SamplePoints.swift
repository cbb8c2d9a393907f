package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear
package import Sampling

/// Cheap refutation first: the query evaluated exactly at seeded points
/// (the origin, signed unit vectors, and Gaussian dyadic points, a quarter
/// of them with a tie). A point found this way is as valid as any other.
enum SamplePoints {
    /// A solution among the sample points, if there is one. `mayHold`
    /// screens points cheaply: a point it rules out is not evaluated exactly.
    static func solution(of query: Query, needed: [Bool], mayHold: ([Double]) -> Bool) -> [Rational]? {
        for x in candidates(for: query) {
            guard mayHold(x.map(\.doubleApproximation)) else { continue }
            if query.formula.holds(query.program.evaluate(at: x, only: needed)) { return x }
        }
        return nil
    }

    /// The seeded points, clamped into a box domain.
    static func candidates(for query: Query) -> [[Rational]] {
        let width = query.inputs.count
        var rng = SeededGenerator(seed: 0x5EED)
        var candidates: [[Rational]] = [Array(repeating: .zero, count: width)]
        for i in 0..<width {
            for sign in [Rational.one, -1] {
                var e = Array(repeating: Rational.zero, count: width)
                e[i] = sign
                candidates.append(e)
            }
        }
        for round in 0..<256 {
            var x = (0..<width).map { _ in rng.nextGaussianDyadic() }
            if round % 4 == 3, width > 1 {
                let (i, j) = (rng.next(below: width), rng.next(below: width))
                x[i] = x[j]
            }
            candidates.append(x)
        }
        guard case .box(let low, let high) = query.domain else { return candidates }
        return candidates.map { x in x.map { Rational.minimum(high, Rational.maximum(low, $0)) } }
    }
}
