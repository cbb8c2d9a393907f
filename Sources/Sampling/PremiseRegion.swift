package import Claims
package import ExactArithmetic
package import PiecewiseLinear

/// The inputs a statement speaks about, as a region to sample: the
/// domain's distribution (standard Gaussian on `R^n`, uniform on a box)
/// conditioned on the query's premise (its assumptions and `where` part).
///
/// The premise's comparisons of inputs alone become half-spaces the
/// sampler cuts its lines with; the rest is a membership test in doubles.
/// A positively homogeneous query is searched on a box's surface: its
/// samples are then Gaussian directions scaled onto that surface.
package struct PremiseRegion: Sendable {
    /// The number of inputs.
    package let dimension: Int
    /// The distribution the premise conditions.
    package let density: RegionSampler.Density
    /// The premise's comparisons of inputs alone, `a · x <= b`.
    package let halfSpaces: [RegionSampler.HalfSpace]
    private let program: FloatProgram
    private let premise: FloatFormula
    /// The box whose surface samples are scaled onto, if any.
    private let surface: (low: Double, high: Double)?

    /// The region of `query`'s premise, evaluated with `program` (the
    /// query's program in doubles); samples are scaled onto the surface of
    /// `surface` when given.
    package init(query: Query, program: FloatProgram, surface: (low: Rational, high: Rational)?) {
        dimension = query.inputs.count
        switch query.domain {
        case .box(let low, let high): density = .uniform(low: low.doubleApproximation, high: high.doubleApproximation)
        case .reals, .integers, .points: density = .gaussian
        }
        halfSpaces = Self.halfSpaces(of: query)
        self.program = program
        premise = FloatFormula(query.premise)
        self.surface = surface.map { ($0.low.doubleApproximation, $0.high.doubleApproximation) }
    }

    /// `x` in the domain the query is searched on: scaled onto the
    /// surface, when there is one, with the coordinate that reaches it
    /// exactly on its face whatever the rounding of the product.
    package func toDomain(_ x: [Double]) -> [Double] {
        guard let (l, h) = surface else { return x }
        var (scale, face) = (Double.infinity, -1)
        for i in x.indices {
            let t = x[i] > 0 ? h / x[i] : (x[i] < 0 ? l / x[i] : .infinity)
            if t < scale { (scale, face) = (t, i) }
        }
        guard face >= 0 else { return x }
        var y = x.map { $0 * scale }
        y[face] = x[face] > 0 ? h : l
        return y
    }

    /// Whether the premise may hold at `x` (in doubles: a heuristic).
    package func contains(_ x: [Double]) -> Bool {
        premise.mayHold(program.evaluate(at: toDomain(x)))
    }

    /// `count` inputs drawn from the region, already in the search's domain
    /// (fewer when `deadline` passes first); nil when neither `starts` nor
    /// 2,000 draws from the domain's distribution give a point of it to
    /// start the chain from.
    package func samples(count: Int, deadline: ContinuousClock.Instant?, starts: [[Double]] = []) -> [[Double]]? {
        var candidates = starts
        var rng = SeededGenerator(seed: 0xC0FE)
        for _ in 0..<2_000 {
            switch density {
            case .gaussian: candidates.append((0..<dimension).map { _ in rng.nextGaussian() })
            case .uniform(let low, let high): candidates.append((0..<dimension).map { _ in low + rng.nextUnit() * (high - low) })
            }
        }
        guard let start = candidates.first(where: contains) else { return nil }
        let sampler = RegionSampler(dimension: dimension, halfSpaces: halfSpaces, density: density)
        return sampler.chain(from: start, count: count, deadline: deadline, isMember: contains).map(toDomain)
    }

    /// The premise's top-level comparisons over inputs alone, as
    /// half-spaces `a · x <= b` (an equality as two).
    static func halfSpaces(of query: Query) -> [RegionSampler.HalfSpace] {
        let parts: [Formula]
        if case .and(let inner) = query.premise { parts = inner } else { parts = [query.premise] }
        var halfSpaces: [RegionSampler.HalfSpace] = []
        for part in parts {
            guard case .atom(let atom) = part else { continue }
            var a = Array(repeating: 0.0, count: query.inputs.count)
            var overInputs = true
            for term in atom.expression.terms {
                guard case .input(let k) = query.program.nodes[term.node.index] else {
                    overInputs = false
                    break
                }
                a[k] += term.coefficient.doubleApproximation
            }
            guard overInputs else { continue }
            // a · x + c relation 0.
            let c = atom.expression.constant.doubleApproximation
            switch atom.relation {
            case .less, .lessOrEqual: halfSpaces.append(.init(coefficients: a, bound: -c))
            case .greater, .greaterOrEqual: halfSpaces.append(.init(coefficients: a.map { -$0 }, bound: c))
            case .equal:
                halfSpaces.append(.init(coefficients: a, bound: -c))
                halfSpaces.append(.init(coefficients: a.map { -$0 }, bound: c))
            }
        }
        return halfSpaces
    }
}
