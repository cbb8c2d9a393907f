package import ExactArithmetic
package import ModelImport

extension RecurrentAdapter {
    public func edited(_ edit: ModelEdit) throws(ModelEditError) -> any ModelAdapter {
        let n = network
        var (input, recurrent, output) = (n.inputWeights, n.recurrentWeights, n.outputWeights)
        var hiddenBias = n.hiddenBias
        switch edit {
        case .setWeight(let name, let indices, let value):
            switch name {
            case "W_hi":
                let j = try Self.check(indices, [n.hiddenSize], name)
                input[j[0]] = value
            case "W_hh":
                let jk = try Self.check(indices, [n.hiddenSize, n.hiddenSize], name)
                recurrent[jk[0]][jk[1]] = value
            case "W_oh":
                let ik = try Self.check(indices, [n.outputSize, n.hiddenSize], name)
                output[ik[0]][ik[1]] = value
            default:
                throw ModelEditError("the model has no weight '\(name)'", note: "weights: W_hi, W_hh, W_oh")
            }
        case .removeNeurons(let neurons):
            for (part, j) in neurons.enumerated() {
                guard (0..<n.hiddenSize).contains(j) else {
                    throw ModelEditError("the model has no neuron \(j): its neurons are 0...\(n.hiddenSize - 1)", part: part)
                }
                for row in recurrent.indices { recurrent[row][j] = .zero }
                for row in output.indices { output[row][j] = .zero }
            }
        case .standardize:
            guard let j = input.firstIndex(where: \.isZero) else { break }
            throw ModelEditError(
                "neuron \(j) has input weight 0, so standardize would leave it as it is",
                note: "standardize rescales every neuron to an input weight of +1 or -1; set W_hi[\(j)] first, or write the rescaling out")
        }
        if edit == .standardize {
            // h'[j] = h[j] / a[j] with a[j] = |W_hi[j]| > 0: a positive
            // rescaling commutes with relu, so the function is the same.
            let a = input.map(\.magnitude)
            for j in 0..<n.hiddenSize {
                input[j] = Rational(input[j].signum)
                for k in 0..<n.hiddenSize { recurrent[j][k] = recurrent[j][k] * a[k] / a[j] }
                if let b = hiddenBias?[j] { hiddenBias?[j] = b / a[j] }
            }
            for i in output.indices { for k in 0..<n.hiddenSize { output[i][k] = output[i][k] * a[k] } }
        }
        let adapter = RecurrentAdapter(n.replacingWeights(input: input, recurrent: recurrent, output: output, hiddenBias: hiddenBias, outputBias: n.outputBias))
        if edit == .standardize { return StandardizedAdapter(original: self, standardized: adapter, scales: n.inputWeights.map(\.magnitude)) }
        return adapter
    }

    /// The indices, each in range of its dimension.
    private static func check(_ indices: [Int], _ shape: [Int], _ name: String) throws(ModelEditError) -> [Int] {
        guard indices.count == shape.count else {
            let form = name + shape.indices.map { "[\(["i", "j", "k"][$0])]" }.joined()
            throw ModelEditError("\(name) takes \(shape.count) ind\(shape.count == 1 ? "ex" : "ices"), got \(indices.count)", note: "write \(form) = value")
        }
        for (k, (index, size)) in zip(indices, shape).enumerated() where !(0..<size).contains(index) {
            throw ModelEditError("index \(index) of \(name) is out of range: valid are 0...\(size - 1)", part: k)
        }
        return indices
    }
}
