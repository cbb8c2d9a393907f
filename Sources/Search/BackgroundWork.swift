import Dispatch

/// A value being worked out on another thread while the calling one does
/// something else: ``value`` waits for it. A caller that no longer needs
/// it (a sample solved the query) simply drops it; the work ends on its
/// own thread and is thrown away.
///
/// Each piece of work gets a serial queue of its own, which Dispatch runs
/// on a thread even when its pool is busy: the caller may itself be a pool
/// thread (statements run side by side), and work handed to the global
/// queue from there waited until Dispatch noticed the blocked threads,
/// seconds later.
final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the working thread before `done` is signalled, and
    /// read only after waiting for it.
    private var result: Value?

    /// Starts `work` on a queue of its own.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue(label: "farkas.background-work").async { [self] in
            result = work()
            done.signal()
        }
    }

    /// The value, once worked out.
    var value: Value {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("background work signals only once it has its value") }
        return result
    }
}
