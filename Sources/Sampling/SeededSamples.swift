package import ExactArithmetic

/// A reproducible stream of random points, each coordinate the exact
/// rational value of a `Double` sample, so that every sample can be decided
/// exactly: an estimate's only error is sampling.
package struct SeededSamples: Sequence, Sendable {
    /// What the points are drawn from.
    package enum Distribution: Sendable {
        /// Standard Gaussian in `R^n` (AlgZoo's inputs).
        case gaussian
        /// Uniform in the box `[low, high]^n`: low plus the width times a
        /// dyadic unit sample.
        case uniform(low: Rational, high: Rational)
    }

    package let dimension: Int
    package let count: Int
    package let seed: UInt64
    package let distribution: Distribution

    package init(dimension: Int, count: Int, seed: UInt64, distribution: Distribution = .gaussian) {
        (self.dimension, self.count, self.seed, self.distribution) = (dimension, count, seed, distribution)
    }

    package func makeIterator() -> Iterator { Iterator(samples: self) }

    package struct Iterator: IteratorProtocol {
        let samples: SeededSamples
        var generator: SeededGenerator
        var produced = 0

        init(samples: SeededSamples) {
            (self.samples, generator) = (samples, SeededGenerator(seed: samples.seed))
        }

        package mutating func next() -> [Rational]? {
            guard produced < samples.count else { return nil }
            produced += 1
            return (0..<samples.dimension).map { _ in coordinate() }
        }

        private mutating func coordinate() -> Rational {
            switch samples.distribution {
            case .gaussian:
                return (try? Rational(exactly: generator.nextGaussian())) ?? .zero
            case .uniform(let low, let high):
                return low + (high - low) * ((try? Rational(exactly: generator.nextUnit())) ?? .zero)
            }
        }
    }
}
