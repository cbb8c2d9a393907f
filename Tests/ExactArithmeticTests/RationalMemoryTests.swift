import ExactArithmetic
import Foundation
import Testing

@Suite struct RationalMemoryTests {
    /// Resident set size in bytes, from /proc/self/statm (Linux).
    private func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("millions of GMP-backed operations do not grow the process")
    func gmpOperationsDoNotLeak() throws {
        let big = Rational(Int.max) * Rational(Int.max)
        func churn(_ rounds: Int) -> Rational {
            var accumulator = Rational.zero
            for i in 0..<rounds {
                let x = big + Rational(i)
                accumulator = (accumulator + x * x / big) - x
                _ = x.description
            }
            return accumulator
        }
        _ = churn(200_000)  // warm up the allocator
        let before = try #require(residentBytes())
        let result = churn(2_000_000)
        let after = try #require(residentBytes())
        #expect(!result.isInline)
        // 2 million rounds allocate several GMP values each; a leak of even
        // one 32-byte mpq per round would add over 60 MB. Other suites run
        // in this process at the same time and have grown it by up to 20 MB
        // over the same window, hence the margin.
        #expect(after - before < 40 * 1024 * 1024, "resident set grew by \(after - before) bytes")
    }
}
