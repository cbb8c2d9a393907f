import Farkas
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on standard error, shown only on a terminal
/// and only once a statement has run for a second.
enum ProgressLine {
    private static let isTerminal = isatty(STDERR_FILENO) != 0

    /// A progress callback for the search, or nil when stderr is not a terminal.
    static func make() -> (@Sendable (SearchStatistics) -> Void)? {
        guard isTerminal else { return nil }
        let started = ContinuousClock.now
        return { statistics in
            guard ContinuousClock.now - started > .seconds(1) else { return }
            // Finite domains and sampled measures evaluate points, cone
            // estimates cut and measure cones; the rest search.
            let text = statistics.conesCut > 0
                ? String(printf: "\r  measuring: %d of %d cones (%.1f%%) ", statistics.conesMeasured, statistics.conesCut, statistics.progress * 100)
                : statistics.pointsEvaluated > 0
                ? String(printf: "\r  evaluating: %d points (%.1f%%), %d satisfying the statement ", statistics.pointsEvaluated, statistics.progress * 100, statistics.solutions)
                : String(printf: "\r  searching: %d conflicts, %d decisions, progress estimate %.1f%% ", statistics.conflicts, statistics.decisions, statistics.progress * 100)
            writeToStandardError(text)
        }
    }

    /// Erases the progress line.
    static func clear() {
        guard isTerminal else { return }
        writeToStandardError("\r\u{1B}[K")
    }
}
