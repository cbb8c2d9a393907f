#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The probability that a centred Gaussian vector of dimension n ≤ 5 is
/// positive in every coordinate (its orthant probability), and through it
/// the Gaussian measure of a simplicial cone.
///
/// Up to n = 3 the orthant probability has a closed form in the arcsines
/// of the correlations. For n = 4 and 5, Plackett's identity
/// `∂P/∂r_ij = φ₂(0, 0; r_ij) · P(the others > 0 | Y_i = Y_j = 0)`
/// turns it into one integral along the path `(1 - t) I + t R` from the
/// identity (where P = 2^-n) to R; the conditional probabilities are of
/// dimension n - 2 ≤ 3, so in closed form (the path in fact starts from R
/// with two blocks decoupled; see ``probability(correlation:tolerance:)``).
/// The integrand is analytic on
/// [0, 1) with at worst an integrable singularity at t = 1 (when R is
/// nearly singular: a thin cone), which the tanh-sinh rule absorbs. Its
/// step is halved until two steps agree; their difference is reported
/// as the error: an estimate, not a bound.
package enum GaussianOrthant {
    /// The largest dimension measured.
    package static let maximumDimension = 5

    /// The Gaussian measure of the cone spanned by `rays` (n linearly
    /// independent vectors in R^n), nil when n > 5 or the rays are
    /// dependent: `P(R⁻¹ x ≥ 0)`, the orthant probability of `R⁻¹ x`.
    package static func cone(rays: [[Double]], tolerance: Double = 1e-13) -> (value: Double, error: Double)? {
        guard rays.count <= maximumDimension, let inverse = inverse(columns: rays) else { return nil }
        let n = rays.count
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += inverse[i][k] * inverse[j][k] }
                covariance[i][j] = s
            }
        }
        return probability(correlation: correlation(covariance), tolerance: tolerance)
    }

    /// The orthant probability for a correlation matrix of dimension ≤ 5.
    ///
    /// The path starts not at the identity but at R with the correlations
    /// between two blocks (of 2 and 2, or 3 and 2, indices) set to 0: its
    /// orthant probability is the product of the blocks' closed forms, and
    /// only the pairs across the blocks move (4 of 6, or 6 of 10). The
    /// blocks are the ones that keep the most correlation (Σ r², so the
    /// path is short).
    package static func probability(correlation r: [[Double]], tolerance: Double = 1e-13) -> (value: Double, error: Double)? {
        let n = r.count
        if n <= 3 { return (closedForm(r), 0) }
        guard n <= maximumDimension else { return nil }
        let first = strongestBlock(r)
        let block = (0..<n).map { first.contains($0) ? 0 : 1 }
        let second = (0..<n).filter { !first.contains($0) }
        let start = closedForm(first.map { i in first.map { r[i][$0] } }) * closedForm(second.map { i in second.map { r[i][$0] } })
        // Each moving pair (i, j) across the blocks with r_ij ≠ 0, then the other indices (-1 past n - 2 of them).
        var pairs: [Int] = []
        for i in 0..<n {
            for j in (i + 1)..<n where block[i] != block[j] && r[i][j] != 0 {
                let others = (0..<n).filter { $0 != i && $0 != j }
                pairs += [i, j] + others + [Int](repeating: -1, count: 3 - others.count)
            }
        }
        let flat = r.flatMap { $0 }
        let integral = flat.withUnsafeBufferPointer { r in
            pairs.withUnsafeBufferPointer { pairs in
                block.withUnsafeBufferPointer { block in
                    TanhSinh.integrateUnitInterval(tolerance: tolerance) { derivative(r, n: n, blocks: block, pairs: pairs, along: $0) }
                }
            }
        }
        return (start + integral.value, integral.error)
    }

    /// The first block (size n - 2 for n = 4 and 5, rounded: 2 or 3
    /// indices) of the split that keeps the largest Σ r_ij² within blocks.
    static func strongestBlock(_ r: [[Double]]) -> [Int] {
        let n = r.count
        let size = n - 2
        var best: (block: [Int], kept: Double) = (Array(0..<size), -1)
        for mask in 0..<(1 << n) where mask.nonzeroBitCount == size && mask & 1 == 1 {
            let inside = (0..<n).filter { mask >> $0 & 1 == 1 }
            var kept = 0.0
            for i in 0..<n {
                for j in (i + 1)..<n where (mask >> i & 1) == (mask >> j & 1) { kept += r[i][j] * r[i][j] }
            }
            if kept > best.kept { best = (inside, kept) }
        }
        return best.block
    }

    /// Orthant probabilities in closed form, n ≤ 3: 1, 1/2,
    /// 1/4 + asin(r)/(2π), 1/8 + Σ asin(r_ij)/(4π).
    static func closedForm(_ r: [[Double]]) -> Double {
        switch r.count {
        case 0: return 1
        case 1: return 0.5
        case 2: return orthant(r[0][1])
        default: return orthant(r[0][1], r[0][2], r[1][2])
        }
    }

    /// The orthant probability of two coordinates with correlation `r`.
    static func orthant(_ r: Double) -> Double { 0.25 + arcsine(r) / (2 * .pi) }

    /// The orthant probability of three coordinates with correlations
    /// `r01`, `r02`, `r12`.
    static func orthant(_ r01: Double, _ r02: Double, _ r12: Double) -> Double {
        0.125 + (arcsine(r01) + arcsine(r02) + arcsine(r12)) / (4 * .pi)
    }

    private static func arcsine(_ x: Double) -> Double { asin(min(1, max(-1, x))) }

    /// dP/dt at R_t, whose correlations are r within a block and t r
    /// across the blocks (R flat, n × n):
    /// Σ_{moving i<j} r_ij φ₂(0, 0; t r_ij) P_{n-2}(the others given Y_i = Y_j = 0),
    /// the conditional correlations being the Schur complement of the
    /// (i, j) block of R_t, normalized.
    static func derivative(_ r: UnsafeBufferPointer<Double>, n: Int, blocks: UnsafeBufferPointer<Int>, pairs: UnsafeBufferPointer<Int>, along t: Double) -> Double {
        var sum = 0.0
        var p = 0
        while p < pairs.count {
            let (i, j, a, b, c) = (pairs[p], pairs[p + 1], pairs[p + 2], pairs[p + 3], pairs[p + 4])
            p += 5
            let rij = r[i * n + j]
            let rho = t * rij
            let determinant = max(1 - rho * rho, 1e-300)
            func at(_ x: Int, _ y: Int) -> Double {
                x == y ? 1 : (blocks[x] == blocks[y] ? r[x * n + y] : t * r[x * n + y])
            }
            func schur(_ x: Int, _ y: Int) -> Double {
                let (xi, xj, yi, yj) = (at(x, i), at(x, j), at(y, i), at(y, j))
                let xy = at(x, y)
                return xy - (xi * yi - rho * (xi * yj + xj * yi) + xj * yj) / determinant
            }
            let (sa, sb) = (schur(a, a).squareRoot(), schur(b, b).squareRoot())
            let ab = schur(a, b) / (sa * sb)
            let conditional: Double
            if c >= 0 {
                let sc = schur(c, c).squareRoot()
                conditional = orthant(ab, schur(a, c) / (sa * sc), schur(b, c) / (sb * sc))
            } else {
                conditional = orthant(ab)
            }
            sum += rij * conditional / (2 * .pi * determinant.squareRoot())
        }
        return sum
    }

    private static func correlation(_ covariance: [[Double]]) -> [[Double]] {
        let scale = covariance.indices.map { covariance[$0][$0].squareRoot() }
        return covariance.indices.map { a in covariance.indices.map { b in a == b ? 1 : covariance[a][b] / (scale[a] * scale[b]) } }
    }

    /// The inverse of the matrix whose columns are `columns`, by
    /// Gauss–Jordan elimination with partial pivoting; nil when singular.
    static func inverse(columns: [[Double]]) -> [[Double]]? {
        let n = columns.count
        var m = (0..<n).map { i in (0..<n).map { j in columns[j][i] } + (0..<n).map { $0 == i ? 1.0 : 0 } }
        for k in 0..<n {
            guard let pivot = (k..<n).max(by: { abs(m[$0][k]) < abs(m[$1][k]) }), abs(m[pivot][k]) > 1e-300 else { return nil }
            m.swapAt(pivot, k)
            let p = m[k][k]
            for c in 0..<(2 * n) { m[k][c] /= p }
            for row in 0..<n where row != k && m[row][k] != 0 {
                let factor = m[row][k]
                for c in 0..<(2 * n) { m[row][c] -= factor * m[k][c] }
            }
        }
        return m.map { Array($0[n...]) }
    }
}

/// The tanh-sinh (double exponential) rule on [0, 1]: the substitution
/// `t = (1 + tanh(π/2 sinh x)) / 2` makes the integrand decay doubly
/// exponentially in x, so the trapezoidal rule converges fast even with
/// endpoint singularities. Each level halves the step and adds only the
/// new points.
enum TanhSinh {
    /// The integral and the difference of the last two levels.
    static func integrateUnitInterval(tolerance: Double, maximumLevel: Int = 6, _ f: (Double) -> Double) -> (value: Double, error: Double) {
        let reach = 4.0
        var step = 0.25
        var sum = 0.0
        for k in -16...16 { sum += term(Double(k) * step, f) }
        var estimate = sum * step
        var change = Double.infinity
        for _ in 0..<maximumLevel where change > tolerance {
            step /= 2
            let last = Int(reach / step)
            var k = -(last % 2 == 1 ? last : last - 1)
            while k <= last {
                sum += term(Double(k) * step, f)
                k += 2
            }
            change = abs(sum * step - estimate)
            estimate = sum * step
        }
        return (estimate, change)
    }

    /// The weight times the integrand at abscissa x, 0 where t rounds to an end.
    private static func term(_ x: Double, _ f: (Double) -> Double) -> Double {
        let u = Double.pi / 2 * sinh(x)
        let t = 0.5 + 0.5 * tanh(u)
        guard t > 0, t < 1 else { return 0 }
        let c = cosh(u)
        return 0.5 * Double.pi / 2 * cosh(x) / (c * c) * f(t)
    }
}

