import Claims

/// The AlgZoo tasks a model may be trained on, and each task's answer at
/// an input: what `farkas eval` compares the model's output with.
public enum AlgZooTask: String, Sendable, Codable, CaseIterable {
    /// The position of the second largest input.
    case secondArgmax = "2nd-argmax"
    /// The position of the median input (odd lengths; the lower middle for even).
    case argmedian
    /// The median input's value (the mean of the two middle ones for even lengths).
    case median
    /// The length of the longest cycle of i -> x[i], minus 1.
    case longestCycle = "longest-cycle"

    /// The task a checkpoint's file name names, as AlgZoo's and Farkas's
    /// example files do (`zoo_2nd_argmax_2_2.pth`, `trained_median_2_3.pth`).
    public init?(fileName: String) {
        let name = fileName.split(separator: "/").last.map(String.init)?.lowercased() ?? ""
        if name.contains("2nd_argmax") || name.contains("2nd-argmax") || name.contains("second_argmax") {
            self = .secondArgmax
        } else if name.contains("argmedian") {
            self = .argmedian
        } else if name.contains("median") {
            self = .median
        } else if name.contains("longest_cycle") || name.contains("longest-cycle") {
            self = .longestCycle
        } else {
            return nil
        }
    }

    /// The answer at `x` as text (an index, or the median's value), or nil
    /// when there is none (ties for an argmax task; a longest-cycle input
    /// that is not a function of {0..n-1}).
    public func answer(_ x: [Rational]) -> String? {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        switch self {
        case .secondArgmax:
            guard x.count >= 2, Set(x).count == x.count else { return nil }
            return String(order[x.count - 2])
        case .argmedian:
            guard Set(x).count == x.count else { return nil }
            return String(order[(x.count - 1) / 2])
        case .median:
            let n = x.count
            let value = n % 2 == 1 ? x[order[n / 2]] : (x[order[n / 2 - 1]] + x[order[n / 2]]) / 2
            return value.description
        case .longestCycle:
            let f = x.compactMap(\.intValue)
            guard f.count == x.count, f.allSatisfy({ (0..<x.count).contains($0) }) else { return nil }
            return String(Claims.longestCycle(of: f) - 1)
        }
    }
}
