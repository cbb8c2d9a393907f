import ExactArithmetic
import Testing
import _TestSupport
@testable import Simplex

/// The sparse exact solver against a dense rank test: a solution must
/// satisfy every equation exactly, and nil must mean the equations are
/// inconsistent.
@Suite struct SparseLinearSolverTests {
    @Test("solutions satisfy the equations; nil only for inconsistent systems", arguments: [UInt64(91), 92, 93])
    func solvesOrRefuses(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var solved = 0
        var refused = 0
        for _ in 0..<300 {
            let unknowns = Int.random(in: 1...6, using: &rng)
            let equations = Int.random(in: 1...7, using: &rng)
            // Mostly zeros, like a network's conflict rows; the right-hand side last.
            let matrix: [[Rational]] = (0..<equations).map { _ in
                (0...unknowns).map { _ in
                    Int.random(in: 0..<3, using: &rng) == 0 ? Rational(Int.random(in: -5...5, using: &rng), Int.random(in: 1...4, using: &rng)) : .zero
                }
            }
            var system = SparseLinearSolver(unknownCount: unknowns)
            for (r, row) in matrix.enumerated() {
                for (c, value) in row.enumerated() where !value.isZero { system.add(value, row: r, column: c) }
            }
            if let x = system.solve() {
                solved += 1
                for row in matrix {
                    let lhs = zip(row.prefix(unknowns), x).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
                    #expect(lhs == row[unknowns], "\(matrix) solved by \(x)")
                }
            } else {
                refused += 1
                #expect(Self.rank(matrix.map { Array($0.prefix(unknowns)) }) < Self.rank(matrix), "\(matrix) has a solution")
            }
        }
        #expect(solved > 50)
        #expect(refused > 50)
    }

    @Test func entriesThatCancelLeaveNoEquation() {
        // x + y = 1 entered as x + y + (2y - 2y) = 1, and 2x = 2.
        var system = SparseLinearSolver(unknownCount: 2)
        system.add(1, row: 0, column: 0)
        system.add(1, row: 0, column: 1)
        system.add(2, row: 0, column: 1)
        system.add(-2, row: 0, column: 1)
        system.add(1, row: 0, column: 2)
        system.add(2, row: 1, column: 0)
        system.add(2, row: 1, column: 2)
        #expect(system.solve() == [1, 0])
    }

    /// The rank of a rational matrix, by dense elimination.
    static func rank(_ matrix: [[Rational]]) -> Int {
        var m = matrix
        var rank = 0
        for column in 0..<(m.first?.count ?? 0) {
            guard let p = (rank..<m.count).first(where: { !m[$0][column].isZero }) else { continue }
            m.swapAt(rank, p)
            for r in m.indices where r != rank && !m[r][column].isZero {
                let factor = m[r][column] / m[rank][column]
                for c in m[r].indices { m[r][c] -= factor * m[rank][c] }
            }
            rank += 1
        }
        return rank
    }
}
