import Dispatch

/// A value being worked out on another thread while the calling one does
/// something else: ``value`` waits for it. A caller that no longer needs
/// it (a sample solved the query) simply drops it; the work ends on its
/// own thread and is thrown away.
final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the working thread before `done` is signalled, and
    /// read only after waiting for it.
    private var result: Value?

    /// Starts `work` on a global queue.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [self] in
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
