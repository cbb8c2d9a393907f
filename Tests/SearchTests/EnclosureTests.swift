import Claims
import ExactArithmetic
import PiecewiseLinear
import Testing
import _TestSupport

/// Interval evaluation of queries, which finite domains are decided with
/// first: whatever it decides must be the exact answer, and it must decide
/// most points (or it would only cost time).
@Suite struct EnclosureTests {
    @Test("enclosures decide random claims at random points as exact evaluation does")
    func enclosuresAgreeWithExactEvaluation() throws {
        var rng = SplitMix64(seed: 99)
        var (decided, total) = (0, 0)
        for index in 0..<200 {
            let (document, source, _) = try RandomClaims.document(hidden: 1...5, length: 1...5, name: "case\(index).claims", using: &rng)
            for query in document.queries {
                let needed = query.program.dependencies(of: query.formula.nodes)
                let program = EnclosedProgram(query.program, needed: needed)
                let formula = EnclosedFormula(query.formula)
                for _ in 0..<10 {
                    let x = query.inputs.map { _ in rng.nextRational() }
                    let exact = query.formula.holds(query.program.evaluate(at: x, only: needed))
                    total += 1
                    guard let enclosed = formula.holds(program.evaluate(at: x)) else { continue }
                    decided += 1
                    #expect(enclosed == exact, "at \(x)\n\(source)")
                }
            }
        }
        #expect(decided * 10 >= total * 8, "enclosures decided only \(decided) of \(total) points")
    }

    @Test func enclosuresContainTheirValue() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let (a, b, c) = (rng.nextRational(), rng.nextRational(), rng.nextRational())
            let (ea, eb, ec) = (Enclosure(a), Enclosure(b), Enclosure(c))
            for (value, enclosure) in [(a, ea), (a + b, ea + eb), (c * a, ec * ea), (Rational.maximum(a, 0), ea.relu)] {
                guard enclosure.lower.isFinite, enclosure.upper.isFinite else { continue }
                let (low, high) = (try Rational(exactly: enclosure.lower), try Rational(exactly: enclosure.upper))
                #expect(low <= value && value <= high, "\(value) outside [\(enclosure.lower), \(enclosure.upper)]")
            }
        }
    }
}
