package import Claims
import Search

/// What deciding a statement at every input of a finite domain found.
package struct PointwiseTally: Sendable, Equatable {
    /// Inputs where the premise holds.
    package var region = 0
    /// Inputs where the premise and the body hold.
    package var holding = 0
    /// The first input (in the domain's order) where the premise holds
    /// and the body does not.
    package var firstFailing: [Int]?
    /// The first input where both hold.
    package var firstHolding: [Int]?
    /// Inputs no precision up to 1,024 bits decided (exact tie
    /// candidates), the first few, and how many.
    package var undecided: [[Int]] = []
    package var undecidedCount = 0
    /// The first input where the statement has no value, and why.
    package var failure: (input: [Int], message: String)?
    /// Sets of inputs closed without visiting them: the fixed tokens
    /// (a prefix shorter than the input), in the order the search met them.
    package var closedPrefixes: [[Int]] = []
    /// Inputs decided only above double precision, with the bits.
    package var preciseInputs: [(input: [Int], bits: Int)] = []
    /// Inputs evaluated one by one.
    package var inputsEvaluated = 0
    /// Prefixes tried (whose bounds did not decide, or did).
    package var prefixesTried = 0

    package static func == (a: PointwiseTally, b: PointwiseTally) -> Bool {
        a.region == b.region && a.holding == b.holding && a.firstFailing == b.firstFailing && a.firstHolding == b.firstHolding
            && a.undecided == b.undecided && a.closedPrefixes == b.closedPrefixes && a.preciseInputs.map(\.input) == b.preciseInputs.map(\.input)
    }

    /// The tally of the statement with its body negated: the same inputs
    /// decided the same way, with holding and failing swapped.
    package var negated: PointwiseTally {
        var t = self
        t.holding = region - holding
        (t.firstHolding, t.firstFailing) = (firstFailing, firstHolding)
        return t
    }

    /// Adds what a later part of the domain found (the parts in order).
    mutating func append(_ other: PointwiseTally) {
        region += other.region
        holding += other.holding
        firstFailing = firstFailing ?? other.firstFailing
        firstHolding = firstHolding ?? other.firstHolding
        undecided += other.undecided.prefix(max(0, 10 - undecided.count))
        undecidedCount += other.undecidedCount
        if failure == nil { failure = other.failure }
        closedPrefixes += other.closedPrefixes
        preciseInputs += other.preciseInputs
        inputsEvaluated += other.inputsEvaluated
        prefixesTried += other.prefixesTried
    }

    /// Records a set of `count` inputs, the first `first`, decided alike.
    mutating func record(_ verdict: PointwiseVerdict, first: [Int], count: Int) {
        switch verdict {
        case .decided(let premise, let body, _):
            guard premise else { return }
            region += count
            if body {
                holding += count
                if firstHolding == nil { firstHolding = first }
            } else if firstFailing == nil {
                firstFailing = first
            }
        case .undecided:
            undecidedCount += count
            if undecided.count < 10 { undecided.append(first) }
        case .failed(let message):
            if failure == nil { failure = (first, message) }
        }
    }
}

/// Decides a statement over `{low..high}^n` by a search over partial
/// inputs: tokens are fixed left to right, the others stand for every
/// token at once (their embeddings' hull), and a prefix whose enclosures
/// already decide the statement is closed without visiting its inputs.
/// The rest is decided input by input, up the precision ladder. Each
/// first token's subtree is searched on its own, so the result does not
/// depend on `jobs`.
package enum PrefixSearch {
    package static func decide(_ ladder: PrecisionLadder, dimension n: Int, tokens: ClosedRange<Int>, jobs: Int) -> PointwiseTally {
        let firsts = Array(tokens)
        let parts = parallelMap(count: firsts.count, jobs: jobs) { k in
            var tally = PointwiseTally()
            var record = PrefixRecord(depths: n)
            let sums = ladder.extend(ladder.emptyPrefix, with: firsts[k])
            search(ladder, prefix: [firsts[k]], sums: sums, n: n, tokens: tokens, into: &tally, record: &record)
            return tally
        }
        var total = PointwiseTally()
        for part in parts { total.append(part) }
        return total
    }

    private static func search(
        _ ladder: PrecisionLadder, prefix: [Int], sums: PrecisionLadder.Prefix, n: Int, tokens: ClosedRange<Int>,
        into tally: inout PointwiseTally, record: inout PrefixRecord
    ) {
        if prefix.count == n {
            let verdict = ladder.verdict(prefix, completing: sums)
            tally.inputsEvaluated += 1
            if case .decided(_, _, let bits) = verdict, bits > 53 { tally.preciseInputs.append((prefix, bits)) }
            tally.record(verdict, first: prefix, count: 1)
            return
        }
        var count = 1
        for _ in prefix.count..<n { count *= tokens.count }
        if record.worthTrying(depth: prefix.count, saving: count) {
            tally.prefixesTried += 1
            let partial = prefix.map { Optional($0) } + Array(repeating: nil, count: n - prefix.count)
            let verdict = ladder.verdict(partial, atBits: 53)
            record.note(depth: prefix.count, closed: verdict.map { if case .decided = $0 { true } else { false } } ?? false)
            if let verdict, case .decided = verdict {
                tally.closedPrefixes.append(prefix)
                tally.record(verdict, first: prefix + Array(repeating: tokens.lowerBound, count: n - prefix.count), count: count)
                return
            }
        }
        for t in tokens {
            search(ladder, prefix: prefix + [t], sums: ladder.extend(sums, with: t), n: n, tokens: tokens, into: &tally, record: &record)
        }
    }

    /// Decides a statement at each of `points` in order (a points domain):
    /// no prefixes to share.
    package static func decide(_ ladder: PrecisionLadder, points: [[Int]], jobs: Int) -> PointwiseTally {
        let chunk = max(1, (points.count + 63) / 64)
        let parts = parallelMap(count: (points.count + chunk - 1) / chunk, jobs: jobs) { k in
            var tally = PointwiseTally()
            for point in points[(k * chunk)..<min(points.count, (k + 1) * chunk)] {
                let verdict = ladder.verdict(point)
                tally.inputsEvaluated += 1
                if case .decided(_, _, let bits) = verdict, bits > 53 { tally.preciseInputs.append((point, bits)) }
                tally.record(verdict, first: point, count: 1)
            }
            return tally
        }
        var total = PointwiseTally()
        for part in parts { total.append(part) }
        return total
    }
}

/// How often trying to close a prefix has paid off so far, per depth, in
/// one first token's subtree: a try costs about one input's evaluation
/// and a closure saves `saving` of them, so a depth whose closures are
/// rarer than that stops being tried, except every 16th prefix, which
/// keeps sampling it. It depends only on the subtree's own order, so the
/// search stays independent of `jobs`.
struct PrefixRecord {
    private var visits: [Int]
    private var tries: [Int]
    private var closures: [Int]

    init(depths: Int) {
        visits = Array(repeating: 0, count: depths)
        tries = visits
        closures = visits
    }

    /// Whether to try the prefix met now at `depth` (counted as met).
    mutating func worthTrying(depth: Int, saving: Int) -> Bool {
        visits[depth] += 1
        let t = tries[depth]
        return t < 32 || closures[depth] * saving >= t || visits[depth] % 16 == 0
    }

    mutating func note(depth: Int, closed: Bool) {
        tries[depth] += 1
        if closed { closures[depth] += 1 }
    }
}
