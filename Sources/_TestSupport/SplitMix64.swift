/// The seeded generator of property tests is the product's own
/// (``SeededGenerator``, Steele, Lea and Flood's SplitMix64), re-exported
/// so that every test importing the support target can seed one.
@_exported import Sampling

/// The generator's name in the tests.
package typealias SplitMix64 = SeededGenerator
