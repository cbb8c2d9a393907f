package import ExactArithmetic

/// A named tensor from a checkpoint, with every element as an exact rational.
package struct Tensor: Sendable, Equatable {
    /// The state-dict key, such as `rnn.weight_hh_l0`.
    package let name: String
    /// The stored element type.
    package let scalarType: ScalarType
    /// The sizes, outermost first.
    package let shape: [Int]
    /// Elements in row-major order, exactly as stored.
    package let values: [Rational]
    /// The same elements as `Double` (exact: every supported type widens to
    /// binary64 without rounding), for float evaluation.
    package let doubles: [Double]

    /// The largest tensor read, in elements.
    package static let maximumElementCount = 1 << 26

    /// Builds a tensor from row-major `Double` elements, rejecting NaN and
    /// infinities.
    ///
    /// - Throws: ``CheckpointError/invalidTensor(name:reason:)``.
    package init(name: String, scalarType: ScalarType, shape: [Int], doubles: [Double]) throws(CheckpointError) {
        var values: [Rational] = []
        values.reserveCapacity(doubles.count)
        for (index, d) in doubles.enumerated() {
            do {
                values.append(try Rational(exactly: d))
            } catch {
                throw .invalidTensor(name: name, reason: "element \(index) is \(d), not a finite number")
            }
        }
        self.name = name
        self.scalarType = scalarType
        self.shape = shape
        self.values = values
        self.doubles = doubles
    }

    /// The shape as text, such as `[2, 1]`.
    package var shapeDescription: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// Checks a declared shape and returns its element count.
    static func elementCount(of shape: [Int], name: String) throws(CheckpointError) -> Int {
        var count = 1
        for size in shape {
            guard size >= 0 else { throw .invalidTensor(name: name, reason: "negative size \(size)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maximumElementCount else {
                throw .invalidTensor(name: name, reason: "declared shape \(shape) is larger than \(maximumElementCount) elements")
            }
            count = product
        }
        return count
    }
}
