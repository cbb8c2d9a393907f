import Dispatch

/// Runs `body` for indices `0..<count` on up to `jobs` threads and returns
/// the results in index order: the same results for every `jobs`, since
/// each call is independent of the others.
package func parallelMap<Result: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    let work = IndexedResults<Result>(count: count)
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
        while let k = work.next() { work.set(k, body(k)) }
    }
    return work.all
}

/// The shared state of ``parallelMap(count:jobs:_:)``: the next index to
/// take, and the results so far.
private final class IndexedResults<Result: Sendable>: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var results: [Result?]
    private var upcoming = 0

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.wait()
        defer { lock.signal() }
        return body()
    }

    func next() -> Int? {
        locked {
            guard upcoming < results.count else { return nil }
            upcoming += 1
            return upcoming - 1
        }
    }

    func set(_ k: Int, _ result: Result) { locked { results[k] = result } }

    var all: [Result] { locked { results.compactMap { $0 } } }
}
