package import ExactArithmetic

/// A reproducible stream of uniform points in the box `[low, high]^n`,
/// each coordinate exact (low plus the box's width times a dyadic unit
/// sample), so that every sample can be decided exactly: the estimate's
/// only error is sampling.
package struct UniformSamples: Sequence, Sendable {
    package let dimension: Int
    package let count: Int
    package let seed: UInt64
    package let low: Rational
    package let high: Rational

    package init(dimension: Int, count: Int, seed: UInt64, low: Rational, high: Rational) {
        (self.dimension, self.count, self.seed, self.low, self.high) = (dimension, count, seed, low, high)
    }

    package func makeIterator() -> Iterator { Iterator(samples: self) }

    package struct Iterator: IteratorProtocol {
        let samples: UniformSamples
        var generator: SeededGenerator
        var produced = 0

        init(samples: UniformSamples) {
            (self.samples, generator) = (samples, SeededGenerator(seed: samples.seed))
        }

        package mutating func next() -> [Rational]? {
            guard produced < samples.count else { return nil }
            produced += 1
            let width = samples.high - samples.low
            return (0..<samples.dimension).map { _ in samples.low + width * ((try? Rational(exactly: generator.nextUnit())) ?? .zero) }
        }
    }
}
