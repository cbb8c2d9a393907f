package import Encoding
package import ExactArithmetic

/// How an atom `F <= 0` reads once the phase of one of its ReLUs is known:
/// with phase literal `v` true, every ReLU of `F` that shares `v` takes
/// its phase's value (`h = z` or `h = 0`), which turns `F` into
/// `whenTrue`; with `v` false, into `whenFalse`.
///
/// So `F <= 0` is `(v and whenTrue <= 0) or (not v and whenFalse <= 0)`,
/// four clauses that linear arithmetic proves from the phase's bounds.
/// When every substituted ReLU has a positive coefficient, the root
/// relaxation (`h >= z`, `h >= 0`) makes `F` at least both, so `F` is
/// their maximum and `F <= 0` holds exactly when both do, whatever the
/// phase; with negative coefficients it is their minimum. These clauses
/// let unit propagation carry a bound along a chain of ReLUs (a running
/// maximum below `x[p]` at every step) without deciding a single phase.
package struct AtomUnfolding: Sendable, Equatable {
    /// How `F` relates to the two forms it takes.
    package enum Shape: Sendable, Equatable {
        /// `F = max(whenTrue, whenFalse)` at every point of the relaxation.
        case maximum
        /// `F = min(whenTrue, whenFalse)`.
        case minimum
        /// Both phases give the same form: `F` is it.
        case same
        /// Neither: which form `F` takes depends on the phase.
        case conditional
    }

    /// What `whenTrue <= 0` or `whenFalse <= 0` is in the encoding.
    package enum Side: Sendable, Equatable {
        /// A literal that means it; `scale` is the positive or negative
        /// factor with `form = scale * (atom form - atom bound)`, the
        /// atom's own normal form.
        case literal(Literal, scale: Rational)
        /// The form is a constant, and the comparison is simply true or false.
        case constant(Bool)
    }

    /// One form `F` takes, as an atom, with the twin ReLUs it has shed:
    /// the form is `F` with the phase's ReLUs substituted, minus
    /// `coefficient * (h - h' + z')` for each twin `h` dropped in favour of
    /// the earlier `h'` (``ClausalEncoding/ReLU/twin``), which is 0 everywhere.
    package struct Branch: Sendable, Equatable {
        /// Its comparison with 0.
        package let side: Side
        /// The twins dropped: the ReLU (an index into the encoding's ReLUs) and its coefficient.
        package let twinsDropped: [(relu: Int, coefficient: Rational)]

        /// A branch.
        package init(side: Side, twinsDropped: [(relu: Int, coefficient: Rational)]) {
            self.side = side
            self.twinsDropped = twinsDropped
        }

        package static func == (a: Branch, b: Branch) -> Bool {
            a.side == b.side && a.twinsDropped.elementsEqual(b.twinsDropped) { $0.relu == $1.relu && $0.coefficient == $1.coefficient }
        }
    }

    /// One ReLU of `F` that shares the phase variable.
    package struct Substitution: Sendable, Equatable {
        /// Index into the encoding's ReLUs.
        package let relu: Int
        /// Its coefficient in `F`.
        package let coefficient: Rational
        /// Whether it is active when the phase literal is true.
        package let activeWhenTrue: Bool
    }

    /// The literal meaning `F <= 0` (`< 0` when the atom is strict), with
    /// `F` the atom's normal form minus its bound.
    package let atom: Literal
    /// The phase literal the unfolding branches on.
    package let phase: Literal
    /// `F` with the phase true.
    package let whenTrue: Branch
    /// `F` with the phase false.
    package let whenFalse: Branch
    /// How `F` relates to both.
    package let shape: Shape
    /// The ReLUs substituted.
    package let substitutions: [Substitution]
}
