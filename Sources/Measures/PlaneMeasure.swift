package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// The standard Gaussian measure of a statement's region in the plane, for
/// a positively homogeneous query on `R^2`: its solutions form a union of
/// cones, whose measure is the sum of their angles over 2π.
///
/// The circle of directions is cut into sectors in which every ReLU's
/// phase and every comparison's sign is constant. In a sector narrower
/// than a half-turn whose earlier ReLUs keep their phases, a node is linear,
/// so its values at the sector's two rays bound it: when they have strictly
/// opposite signs, it vanishes on exactly one ray between them, which a
/// positive combination of the two rays gives exactly, and the sector is
/// split there. A sector with no such node has one truth value, read at
/// its middle ray. All of this is exact; only the angles are enclosed.
package enum PlaneMeasure {
    /// A sector between two rays, counterclockwise, and whether the event
    /// and the premise hold inside it.
    package struct Sector: Sendable {
        package let from: [Rational]
        package let to: [Rational]
        package let event: Bool
        package let premise: Bool

        /// A sector.
        package init(from: [Rational], to: [Rational], event: Bool, premise: Bool) {
            self.from = from
            self.to = to
            self.event = event
            self.premise = premise
        }
    }

    /// The sectors of `query`'s plane, covering the circle.
    ///
    /// - Precondition: two inputs, and a positively homogeneous query.
    package static func sectors(_ query: Query) -> [Sector] {
        precondition(query.inputs.count == 2, "a plane measure has two inputs")
        let watched = watchedForms(query)
        let axes: [[Rational]] = [[1, 0], [0, 1], [-1, 0], [0, -1]]
        var result: [Sector] = []
        var pending = (0..<4).map { (axes[$0], axes[($0 + 1) % 4]) }.reversed() as [([Rational], [Rational])]
        while let (u, v) = pending.popLast() {
            let (valuesU, valuesV) = (query.program.evaluate(at: u), query.program.evaluate(at: v))
            if let split = watched.lazy.compactMap({ ray(between: u, v, $0.evaluate(valuesU), $0.evaluate(valuesV)) }).first {
                pending.append((split, v))
                pending.append((u, split))
                continue
            }
            let middle = query.program.evaluate(at: zip(u, v).map { $0 + $1 })
            result.append(Sector(from: u, to: v, event: query.formula.holds(middle), premise: query.premise.holds(middle)))
        }
        return result
    }

    /// What must keep its sign inside a sector: each ReLU's operand that
    /// the statement reads, in program order (so that earlier phases are fixed when a later operand
    /// is tested), then every comparison the formula and premise make.
    package static func watchedForms(_ query: Query) -> [LinearForm] {
        var forms: [LinearForm] = []
        // Only the ReLUs the statement reads: other models of the file do not cut its regions.
        let read = query.program.dependencies(of: query.formula.nodes.union(query.premise.nodes))
        for (i, node) in query.program.nodes.enumerated() where read[i] {
            if case .relu(let operand) = node { forms.append(LinearForm(node: operand)) }
        }
        func collect(_ f: Formula) {
            switch f {
            case .constant: return
            case .atom(let atom): forms.append(atom.expression)
            case .notZero(let e): forms.append(e)
            case .and(let parts), .or(let parts): parts.forEach(collect)
            case .cases(let cases): for c in cases { collect(c.condition); collect(c.body) }
            }
        }
        collect(query.formula)
        collect(query.premise)
        return forms
    }

    /// The ray where a form linear on the sector vanishes, when its values
    /// at the sector's rays have strictly opposite signs; scaled so that
    /// its largest coordinate has magnitude 1.
    static func ray(between u: [Rational], _ v: [Rational], _ atU: Rational, _ atV: Rational) -> [Rational]? {
        guard atU.signum * atV.signum < 0 else { return nil }
        let w = zip(u, v).map { atV.magnitude * $0 + atU.magnitude * $1 }
        let size = w.map(\.magnitude).max() ?? .one
        return w.map { $0 / size }
    }

    /// Bounds of the share of the premise's measure where the event holds
    /// (0 for an empty premise), with `bits` binary digits for the angles.
    package static func share(_ sectors: [Sector], bits: Int) -> (low: Rational, high: Rational) {
        let pi = AngleBracket.pi(bits: bits)
        var (event, region) = ((low: Rational.zero, high: Rational.zero), (low: Rational.zero, high: Rational.zero))
        for sector in sectors where sector.premise {
            let a = AngleBracket.angle(x: sector.from[0], y: sector.from[1], bits: bits, pi: pi)
            var b = AngleBracket.angle(x: sector.to[0], y: sector.to[1], bits: bits, pi: pi)
            // The sector turns counterclockwise from `from` to `to`, less than a half-turn.
            if b.high < a.low || (b.low.isZero && b.high.isZero) { b = (b.low + 2 * pi.low, b.high + 2 * pi.high) }
            let width = (low: Rational.maximum(.zero, b.low - a.high), high: b.high - a.low)
            region = (region.low + width.low, region.high + width.high)
            if sector.event { event = (event.low + width.low, event.high + width.high) }
        }
        guard region.high.signum > 0 else { return (.zero, .zero) }
        return (event.low / region.high, region.low.signum > 0 ? Rational.minimum(.one, event.high / region.low) : .one)
    }
}
