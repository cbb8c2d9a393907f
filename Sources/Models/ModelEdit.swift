public import ExactArithmetic

/// A change to a model that a claims file asks for: the researcher's
/// ablations and the standardization explanations are written in.
public enum ModelEdit: Sendable, Equatable {
    /// A weight (a name the model's signals table lists, with indices) set
    /// to an exact constant: `W_hh[4][2] = 0`.
    case setWeight(name: String, indices: [Int], value: Rational)
    /// Hidden neurons whose outputs are removed (their columns of the
    /// recurrent and output weights zeroed): `without neurons 3, 5`.
    case removeNeurons([Int])
    /// Each hidden neuron rescaled so that its input weight is +1 or -1:
    /// `standardize(m)`, exactly the same function.
    case standardize
}

/// Why an edit cannot be applied, and which part of it is at fault.
public struct ModelEditError: Error, Sendable, Equatable {
    /// What is wrong.
    public let reason: String
    /// What to write instead, if anything.
    public let note: String?
    /// The part of the edit at fault: a weight's index (0 for the first
    /// bracket), or a neuron's position in the list; nil for the whole edit.
    public let part: Int?

    /// An error about part `part` of an edit (nil: the whole edit).
    public init(_ reason: String, note: String? = nil, part: Int? = nil) {
        self.reason = reason
        self.note = note
        self.part = part
    }
}

extension ModelAdapter {
    /// By default a family cannot be edited.
    public func edited(_ edit: ModelEdit) throws(ModelEditError) -> any ModelAdapter {
        throw ModelEditError("\(architectureName) models cannot be edited yet")
    }
}
