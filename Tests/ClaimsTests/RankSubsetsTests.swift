@testable import Claims
import Testing

/// The subsets a rank's condition enumerates (which others come before k).
@Suite struct RankSubsetsTests {
    /// Every `size`-subset of `items`, from bit masks, in lexicographic order of positions.
    private func bruteForce(_ items: [Int], _ size: Int) -> [[Int]] {
        let n = items.count
        var subsets: [[Int]] = []
        for mask in 0..<(1 << n) where mask.nonzeroBitCount == size {
            subsets.append((0..<n).filter { mask & (1 << $0) != 0 })
        }
        return subsets.sorted { $0.lexicographicallyPrecedes($1) }.map { $0.map { items[$0] } }
    }

    @Test("subsets are every combination once, in lexicographic order", arguments: 0...7)
    func subsetsMatchBitMasks(n: Int) {
        let items = (0..<n).map { 3 * $0 + 1 }
        for size in -1...(n + 1) {
            #expect(SymbolicIndex.subsets(of: items, size: size) == (size < 0 || size > n ? [] : bruteForce(items, size)), "n \(n), size \(size)")
            #expect(SymbolicIndex.subsets(of: items, size: size).count == SymbolicIndex.binomial(n, size))
        }
    }
}
