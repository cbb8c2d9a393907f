#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard Gaussian probability of a simplicial cone in R^n, spanned
/// by n unit rays (the columns of R), as a smooth integral over the
/// simplex of the rays' convex combinations:
///
///     P = |det R| Γ(n/2) / (2 π^(n/2)) ∫_Δ |R u|^(-n) du
///
/// (write x = t R u with Σu = 1 and integrate t out). For a thin cone the
/// integrand is nearly constant, so Grundmann and Möller's rules of
/// degrees 3 and 5 agree to many digits with a few dozen points; where
/// they do not, the cone is halved across its widest pair of rays, a few
/// times at most. The difference of the two rules is the error estimate:
/// an estimate, not a bound. Wide cones are better measured by
/// ``GaussianOrthant``, whose integral does not care how wide they are;
/// ``SimplicialConeMeasure`` picks.
enum SimplicialConeCubature {
    private static let rules: [Int: (GrundmannMoller, GrundmannMoller)] = Dictionary(uniqueKeysWithValues: (2...GaussianOrthant.maximumDimension).map {
        ($0, (GrundmannMoller(dimension: $0 - 1, s: 1), GrundmannMoller(dimension: $0 - 1, s: 2)))
    })

    /// The probability and the estimated error, halving at most
    /// `maximumPieces - 1` times; nil for a dimension without rules.
    static func measure(rays: [[Double]], tolerance: Double, maximumPieces: Int) -> (value: Double, error: Double)? {
        let n = rays.count
        guard let rules = rules[n] else { return nil }
        let constant = tgamma(Double(n) / 2) / (2 * pow(Double.pi, Double(n) / 2))
        var pending = [rays]
        var (value, error, pieces) = (0.0, 0.0, 0)
        while let cone = pending.popLast() {
            let scale = abs(determinant(cone)) * constant
            let f = { (u: [Double]) -> Double in
                var norm = 0.0
                for i in 0..<n {
                    var s = 0.0
                    for j in 0..<n { s += cone[j][i] * u[j] }
                    norm += s * s
                }
                return pow(norm, -Double(n) / 2)
            }
            let (low, high) = (rules.0.integrate(f) * scale, rules.1.integrate(f) * scale)
            let difference = abs(high - low)
            pieces += 1
            if difference <= tolerance || pieces + pending.count >= maximumPieces {
                value += high
                error += difference
                continue
            }
            let (a, b) = widestPair(cone)
            let middle = DoubleVector.normalized(zip(cone[a], cone[b]).map { $0 + $1 })
            var first = cone, second = cone
            first[a] = middle
            second[b] = middle
            pending.append(first)
            pending.append(second)
        }
        return (value, error)
    }

    /// The two rays with the smallest dot product (the widest angle).
    private static func widestPair(_ rays: [[Double]]) -> (Int, Int) {
        var best = (0, 1, Double.infinity)
        for i in rays.indices {
            for j in (i + 1)..<rays.count {
                let d = DoubleVector.dot(rays[i], rays[j])
                if d < best.2 { best = (i, j, d) }
            }
        }
        return (best.0, best.1)
    }

    /// The determinant, by Gaussian elimination with partial pivoting.
    static func determinant(_ columns: [[Double]]) -> Double {
        var m = columns
        let n = m.count
        var det = 1.0
        for k in 0..<n {
            guard let pivot = (k..<n).max(by: { abs(m[$0][k]) < abs(m[$1][k]) }), m[pivot][k] != 0 else { return 0 }
            if pivot != k { m.swapAt(pivot, k); det = -det }
            det *= m[k][k]
            for i in (k + 1)..<n {
                let factor = m[i][k] / m[k][k]
                for j in k..<n { m[i][j] -= factor * m[k][j] }
            }
        }
        return det
    }
}

/// Grundmann and Möller's rule of degree 2s + 1 on the standard simplex
/// of dimension m (volume 1/m!), with points in barycentric coordinates
/// (m + 1 weights summing to 1):
///
///     Σ_{i=0..s} (-1)^i 2^(-2s) (d + m - 2i)^d / (i! (d + m - i)!)
///         Σ_{|β| = s - i} f((2β_0 + 1) / (d + m - 2i), ..., (2β_m + 1) / (d + m - 2i))
struct GrundmannMoller: Sendable {
    let points: [[Double]]
    let weights: [Double]

    init(dimension m: Int, s: Int) {
        let d = 2 * s + 1
        var points: [[Double]] = []
        var weights: [Double] = []
        for i in 0...s {
            let denominator = Double(d + m - 2 * i)
            let weight = (i % 2 == 0 ? 1.0 : -1.0) * pow(2, -2 * Double(s)) * pow(denominator, Double(d))
                / (tgamma(Double(i + 1)) * tgamma(Double(d + m - i + 1)))
            for beta in Self.compositions(of: s - i, into: m + 1) {
                points.append(beta.map { (2 * Double($0) + 1) / denominator })
                weights.append(weight)
            }
        }
        (self.points, self.weights) = (points, weights)
    }

    /// Every way to write `total` as an ordered sum of `parts` naturals.
    static func compositions(of total: Int, into parts: Int) -> [[Int]] {
        if parts == 1 { return [[total]] }
        return (0...total).flatMap { first in compositions(of: total - first, into: parts - 1).map { [first] + $0 } }
    }

    func integrate(_ f: ([Double]) -> Double) -> Double {
        zip(points, weights).reduce(0) { $0 + $1.1 * f($1.0) }
    }
}
