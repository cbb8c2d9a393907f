import Claims
import Dispatch

/// A search being built on another thread, while the calling one screens
/// the sample points: ``search`` waits for it. A caller that no longer
/// needs it (a sample solved the query) simply drops it; the build ends on
/// its own thread and is thrown away.
final class SearchSetUp: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the building thread before `done` is signalled, and
    /// read only after waiting for it.
    private var built: ConflictDrivenSearch?

    /// Starts building the search for `query` on a global queue.
    init(query: Query, needed: [Bool], floatProgram: FloatProgram, budget: SearchBudget) {
        DispatchQueue.global().async { [self] in
            built = ConflictDrivenSearch(query: query, needed: needed, floatProgram: floatProgram, budget: budget)
            done.signal()
        }
    }

    /// The search, once built.
    var search: ConflictDrivenSearch {
        done.wait()
        done.signal()
        guard let built else { preconditionFailure("a set-up signals only once it has built its search") }
        return built
    }
}
