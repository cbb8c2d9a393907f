import Models
import Claims
import Encoding
import ModelImport
import _TestSupport

/// Random claims and witnesses from the claims grammar, about a model `m`
/// with hidden size `d` and sequence length `n`.
struct RandomClaims {
    let d: Int
    let n: Int

    private func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }

    private func constant(_ rng: inout SplitMix64) -> String {
        pick(["0", "1/2", "-1", "2", "0.25", "-3/4", "1e-1"], &rng)
    }

    /// A scalar term: a signal, an input, or a piecewise-linear builtin of them.
    func scalar(_ rng: inout SplitMix64, depth: Int = 0) -> String {
        let t = Int.random(in: 1...n, using: &rng)
        let j = Int.random(in: 0..<d, using: &rng)
        let i = Int.random(in: 0..<n, using: &rng)
        let leaves = ["m.h[\(t)][\(j)]", "m.z[\(t)][\(j)]", "m.logits[\(Int.random(in: 0..<n, using: &rng))]", "x[\(i)]", "x[-1]"]
        if depth > 1 { return pick(leaves, &rng) }
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: return "relu(\(scalar(&rng, depth: depth + 1)) - \(scalar(&rng, depth: depth + 1)))"
        case 1: return "abs(\(scalar(&rng, depth: depth + 1)))"
        case 2: return "max(\(scalar(&rng, depth: depth + 1)), \(scalar(&rng, depth: depth + 1)))"
        case 3: return "min(m.h[\(t)])"
        case 4: return "\(constant(&rng)) * \(scalar(&rng, depth: depth + 1))"
        case 5: return "sum(x) / 2"
        case 6: return "sort(x)[\(Int.random(in: 0..<n, using: &rng))]"
        case 7: return "median(x)"
        case 8: return "max(abs(x))"
        default: return pick(leaves, &rng)
        }
    }

    func condition(_ rng: inout SplitMix64, depth: Int = 0) -> String {
        let op = pick(["<", "<=", ">=", ">", "==", "!="], &rng)
        switch Int.random(in: 0..<(depth > 0 ? 7 : 10), using: &rng) {
        case 0, 1, 2: return "\(scalar(&rng)) \(op) \(scalar(&rng))"
        case 3: return "\(scalar(&rng)) \(op) \(constant(&rng)) * max(abs(x))"
        case 4: return "argmax(m.logits) == argsort(x)[\(pick([-1, -2, 0], &rng) % n)]"
        case 5: return "argmax(m.logits) \(pick(["==", "!="], &rng)) \(Int.random(in: 0..<n, using: &rng))"
        case 6: return "all k in 0..\(d - 1): m.h[\(n)][k] >= \(scalar(&rng, depth: 2))"
        case 7: return "(\(condition(&rng, depth: 1))) and (\(condition(&rng, depth: 1)))"
        case 8: return "(\(condition(&rng, depth: 1))) or not (\(condition(&rng, depth: 1)))"
        default: return "(\(condition(&rng, depth: 1))) => (\(condition(&rng, depth: 1)))"
        }
    }

    /// A whole claims file with one statement, over a random domain.
    func file(_ rng: inout SplitMix64) -> String {
        let domain = pick(["R^\(n)", "R^\(n)", "[-2, 3]^\(n)", "{-1..1}^\(n)"], &rng)
        let statement = Bool.random(using: &rng) ? "claim" : "witness"
        var text = "model m = \"random.pth\"\ninput x in \(domain)\n"
        if Int.random(in: 0..<4, using: &rng) == 0 { text += "assume \(condition(&rng, depth: 1))\n" }
        text += "\(statement) s: \(condition(&rng))"
        if Int.random(in: 0..<3, using: &rng) == 0 { text += " where distinct(x)" }
        return text + "\n"
    }

    /// A claims file with one `maximize` or `minimize` of a random scalar:
    /// on a box, on R^n scaled by `max(abs(x)) <= 1` (or `== 1`), or on R^n
    /// as it is (unbounded or 0 when homogeneous), with a random `where`
    /// part now and then (sometimes empty).
    func optimizationFile(_ rng: inout SplitMix64) -> String {
        let sense = Bool.random(using: &rng) ? "maximize" : "minimize"
        var parts: [String] = []
        let domain: String
        switch Int.random(in: 0..<6, using: &rng) {
        case 0, 1: domain = "[-2, 3]^\(n)"
        case 2, 3:
            domain = "R^\(n)"
            parts.append("max(abs(x)) <= 1")
        case 4:
            domain = "R^\(n)"
            parts.append("max(abs(x)) == 1")
        default: domain = "R^\(n)"
        }
        if Int.random(in: 0..<3, using: &rng) == 0 { parts.append("(\(condition(&rng, depth: 1)))") }
        let objective = Bool.random(using: &rng) ? scalar(&rng) : "\(scalar(&rng)) - \(scalar(&rng))"
        let condition = parts.isEmpty ? "" : " where " + parts.joined(separator: " and ")
        return "model m = \"random.pth\"\ninput x in \(domain)\n\(sense) s: \(objective)\(condition)\n"
    }

    /// A claims file whose statement reads the input's order at a middle
    /// rank (`argsort`, `sort`, `median`), which the search splits the
    /// input space on: where extension atoms come in.
    ///
    /// - Precondition: `n >= 3`, so that a middle rank exists.
    func rankedFile(_ rng: inout SplitMix64) -> String {
        let domain = pick(["R^\(n)", "R^\(n)", "[-2, 3]^\(n)"], &rng)
        let statement = Bool.random(using: &rng) ? "claim" : "witness"
        let r = Int.random(in: 1...(n - 2), using: &rng)
        let op = pick(["<", "<=", ">=", ">"], &rng)
        let body = pick([
            "argmax(m.logits) == argsort(x)[\(r)]", "argmax(m.logits) != argsort(x)[\(r)]",
            "sort(x)[\(r)] \(op) \(scalar(&rng, depth: 2))", "m.logits[\(Int.random(in: 0..<n, using: &rng))] \(op) median(x)",
            // True everywhere, through chains of maxima.
            "sort(x)[\(r)] <= max(x)", "max(abs(x)) >= abs(sort(x)[\(r)])", "max(m.h[\(n)]) + relu(sort(x)[\(r)]) >= relu(median(x))",
        ], &rng)
        var text = "model m = \"random.pth\"\ninput x in \(domain)\n\(statement) s: \(body)"
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: text += " where distinct(x)"
        case 1: text += " where sort(x)[\(r)] > \(constant(&rng))"
        default: break
        }
        return text + "\n"
    }

    /// A random RNN (hidden size in `hidden`, length in `length`, a bias
    /// one time in four) and a random claims file about it (one that reads
    /// the input's order at a middle rank, when `ranked`), compiled.
    static func document(
        hidden: ClosedRange<Int>, length: ClosedRange<Int>, weights: RandomRNN.Weights = .small, ranked: Bool = false, optimization: Bool = false,
        name: String,
        using rng: inout SplitMix64
    ) throws -> (document: ClaimsDocument, source: String, network: RecurrentNetwork) {
        let d = Int.random(in: hidden, using: &rng)
        let n = Int.random(in: length, using: &rng)
        let network = try RandomRNN.make(hidden: d, length: n, bias: Int.random(in: 0..<4, using: &rng) == 0, weights: weights, using: &rng)
        let claims = RandomClaims(d: d, n: n)
        let source = optimization ? claims.optimizationFile(&rng) : ranked ? claims.rankedFile(&rng) : claims.file(&rng)
        return (try ClaimsDocument.compile(source: source, file: name, folder: "/") { _, _ in RecurrentAdapter(network) }, source, network)
    }
}
