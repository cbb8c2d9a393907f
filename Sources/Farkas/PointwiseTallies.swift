import Claims
import PointwiseDecision
import Synchronization

/// The tallies of statements decided input by input in one run, by
/// statement and domain: a `measure` and a `claim` of the same expression
/// (a model's accuracy, and where it fails) are decided once, and so is a
/// `witness` of its negation (`!=` for `==`, `not`), whose tally is the
/// same with holding and failing swapped. A statement
/// asked for while another job decides it waits for that result.
final class PointwiseTallies: Sendable {
    private final class Entry: Sendable {
        let tally = Mutex<PointwiseTally?>(nil)
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The tally of `statement` over `query`'s domain, computed by
    /// `decide` the first time it is asked for.
    func tally(_ statement: PointwiseStatement, over query: Query, decide: () -> PointwiseTally) -> PointwiseTally {
        let (body, negated) = Self.positive(statement.body)
        let key = "\(statement.premise)\n\(body)\n\(query.domain)\n\(statement.models)"
        let tally = cached(key) { negated ? decide().negated : decide() }
        return negated ? tally.negated : tally
    }

    /// The condition without an outer negation, and whether there was one.
    private static func positive(_ c: PointwiseCondition) -> (PointwiseCondition, Bool) {
        switch c {
        case .not(let inner):
            let (body, negated) = positive(inner)
            return (body, !negated)
        case .differ(let a, let b): return (.compare(a, .equal, b), true)
        default: return (c, false)
        }
    }

    private func cached(_ key: String, decide: () -> PointwiseTally) -> PointwiseTally {
        let entry = entries.withLock { entries in
            if let entry = entries[key] { return entry }
            let entry = Entry()
            entries[key] = entry
            return entry
        }
        return entry.tally.withLock { cached in
            if let cached { return cached }
            let tally = decide()
            cached = tally
            return tally
        }
    }
}
