/// A closed interval of doubles that contains an exact value:
/// `lower <= value <= upper`, every bound rounded outward. Arithmetic on
/// enclosures stays sound: a comparison an enclosure decides (the whole
/// interval on one side) is decided for the exact value too.
@frozen
package struct Enclosure: Sendable, Equatable {
    package var lower: Double
    package var upper: Double

    @inlinable
    package init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The point enclosure of an exact double.
    @inlinable
    package init(exactly value: Double) {
        self.init(value, value)
    }

    /// The tightest enclosure of `r` in doubles (a point when `r` is one).
    package init(_ r: Rational) {
        if let i = r.intValue, i.magnitude < 1 << 53 {
            self.init(exactly: Double(i))
            return
        }
        let d = r.doubleApproximation
        guard d.isFinite else {
            self.init(-.infinity, .infinity)
            return
        }
        var (low, high) = (d, d)
        while let exact = try? Rational(exactly: low), exact > r { low = low.nextDown }
        while let exact = try? Rational(exactly: high), exact < r { high = high.nextUp }
        self.init(low, high)
    }

    /// `a + b`, rounded outward.
    @inlinable @inline(__always)
    package static func + (a: Enclosure, b: Enclosure) -> Enclosure {
        Enclosure((a.lower + b.lower).nextDown, (a.upper + b.upper).nextUp)
    }

    /// `c * a`, rounded outward. Inlined into the certified forward
    /// passes, where it is most of the work.
    @inlinable @inline(__always)
    package static func * (c: Enclosure, a: Enclosure) -> Enclosure {
        if c.lower == c.upper {
            let k = c.lower
            if k == 0 { return Enclosure(exactly: 0) }
            let (p, q) = (k * a.lower, k * a.upper)
            return k > 0 ? Enclosure(p.nextDown, q.nextUp) : Enclosure(q.nextDown, p.nextUp)
        }
        let (p1, p2, p3, p4) = (c.lower * a.lower, c.lower * a.upper, c.upper * a.lower, c.upper * a.upper)
        let low = Swift.min(Swift.min(p1, p2), Swift.min(p3, p4))
        let high = Swift.max(Swift.max(p1, p2), Swift.max(p3, p4))
        return Enclosure(low.nextDown, high.nextUp)
    }

    /// `max(a, 0)`.
    package var relu: Enclosure { Enclosure(Swift.max(lower, 0), Swift.max(upper, 0)) }

    /// The sign of the value when the enclosure decides it: -1, 0 (only for
    /// the point 0) or 1; nil when the interval straddles or touches 0.
    package var sign: Int? {
        if lower > 0 { return 1 }
        if upper < 0 { return -1 }
        if lower == 0, upper == 0 { return 0 }
        return nil
    }
}
