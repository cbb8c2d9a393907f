import Claims
import PointwiseDecision
import Synchronization

/// The tallies of statements decided input by input in one run, by
/// statement and domain: a `measure` and a `claim` of the same expression
/// (a model's accuracy, and where it fails) are decided once. A statement
/// asked for while another job decides it waits for that result.
final class PointwiseTallies: Sendable {
    private final class Entry: Sendable {
        let tally = Mutex<PointwiseTally?>(nil)
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The tally of `statement` over `query`'s domain, computed by
    /// `decide` the first time it is asked for.
    func tally(_ statement: PointwiseStatement, over query: Query, decide: () -> PointwiseTally) -> PointwiseTally {
        let key = "\(statement.premise)\n\(statement.body)\n\(query.domain)\n\(statement.models)"
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
