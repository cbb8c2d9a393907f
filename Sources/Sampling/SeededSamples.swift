package import ExactArithmetic

/// A reproducible stream of standard Gaussian points in `R^n`, each
/// coordinate the exact rational value of a `Double` sample, so that every
/// sample can be decided exactly: the estimate's only error is sampling.
package struct GaussianSamples: Sequence, Sendable {
    package let dimension: Int
    package let count: Int
    package let seed: UInt64

    package init(dimension: Int, count: Int, seed: UInt64) {
        (self.dimension, self.count, self.seed) = (dimension, count, seed)
    }

    package func makeIterator() -> Iterator { Iterator(samples: self) }

    package struct Iterator: IteratorProtocol {
        let samples: GaussianSamples
        var generator: SeededGenerator
        var produced = 0

        init(samples: GaussianSamples) {
            (self.samples, generator) = (samples, SeededGenerator(seed: samples.seed))
        }

        package mutating func next() -> [Rational]? {
            guard produced < samples.count else { return nil }
            produced += 1
            return (0..<samples.dimension).map { _ in (try? Rational(exactly: generator.nextGaussian())) ?? .zero }
        }
    }
}
