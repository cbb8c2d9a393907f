package import Claims
package import Encoding
package import ExactArithmetic

/// What a certificate shows about one statement, and what it is bound to.
package struct Certificate: Sendable, Equatable {
    /// The format version this code writes.
    package static let formatVersion = 8
    /// The format versions this code reads: version 3 adds big rationals
    /// as bytes to version 2, which wrote them only as text; version 4
    /// adds the twin constraint, and its clausal proofs speak of the
    /// encoding with extension atoms and shared twin phases; version 5
    /// proofs declare their extension atoms instead of relying on the
    /// search's choice of them; version 6 adds measures (a verdict and the
    /// counts behind a share); version 7 adds optimization (optima, rays,
    /// infeasibility proofs).
    package static let readableVersions = 2...8
    /// The first version whose clausal proofs name this build's encoding:
    /// an earlier one numbers other variables, so its proof is stale (a
    /// point, or an enumerated proof, does not depend on the encoding).
    package static let currentEncodingVersion = 5

    /// The verdict the certificate justifies.
    package enum Verdict: String, Sendable, Equatable, CaseIterable {
        /// A claim that holds everywhere (its query has no solution).
        case proved
        /// A witness with no input (its query has no solution).
        case impossible
        /// A claim with a counterexample (its query has a solution).
        case refuted
        /// A witness with an input (its query has a solution).
        case found
        /// A measure without an expectation: the share, which decides nothing.
        case measured
        /// An optimization without an expectation: its exact optimum.
        case optimal
        /// An optimization without an expectation, without bound.
        case unbounded
        /// An optimization without an expectation, over an empty region.
        case infeasible
    }

    /// The justification itself.
    package enum Evidence: Sendable, Equatable {
        /// The query has no solution: the split tree with its refutations.
        case proof(QueryProof)
        /// The query's solution: an exact input.
        case point([Rational])
        /// A measure over a finite domain: the points where the event holds
        /// and the points of the premise (the share's numerator and denominator).
        case counts(event: Int, region: Int)
        /// A claim about a transformer over a finite domain, proved: the
        /// sets of inputs the search closed by their bounds (prefixes of
        /// fixed tokens) and the inputs that needed more than doubles; every
        /// other input is decided in doubles.
        case pointwise(PointwiseEvidence)
        /// A measure on `R^2`: the rays that cut the circle into sectors of
        /// one truth value, counterclockwise from (1, 0), and the binary
        /// digits its angles were bracketed with.
        case sectors(rays: [[Rational]], bits: Int)
        /// A measure on `R^3`: the tree of plane splits of the octants
        /// (preorder), whose leaves are cells of one truth value, and the
        /// binary digits their solid angles were bracketed with.
        case sphere(steps: [CellSplit], bits: Int)
        /// A uniform measure on a box of the plane: the tree of line splits
        /// of the box (preorder), whose leaves are polygons of one truth value.
        case boxCells(steps: [CellSplit])
        /// An optimum: the proof that the objective never passes `value`
        /// on the premise, and an input that attains it; or, when none
        /// does, the proof that no input reaches it and an input of the
        /// premise close to it.
        case optimum(value: Rational, point: [Rational], bound: QueryProof, attainment: QueryProof?)
        /// An unbounded optimization: an input of the premise and a ray
        /// from it, inside its linear region, along which the objective
        /// improves without end.
        case unbounded(point: [Rational], direction: [Rational])
        /// An optimization whose premise has no input: the proof.
        case infeasible(QueryProof)
    }

    /// The statement's name.
    package var statement: String
    /// The verdict.
    package var verdict: Verdict
    /// The claims file, relative to the certificate's folder.
    package var claimsFile: String
    /// SHA-256 of the statement's text and the declarations before it.
    package var statementDigest: SHA256Digest
    /// SHA-256 of each model checkpoint's bytes, by model name.
    package var modelDigests: [ModelDigest]
    /// The proof or the point.
    package var evidence: Evidence

    /// A certificate.
    package init(
        statement: String, verdict: Verdict, claimsFile: String, statementDigest: SHA256Digest,
        modelDigests: [ModelDigest], evidence: Evidence
    ) {
        self.statement = statement
        self.verdict = verdict
        self.claimsFile = claimsFile
        self.statementDigest = statementDigest
        self.modelDigests = modelDigests
        self.evidence = evidence
    }
}

/// The digest of one model's checkpoint.
package struct ModelDigest: Sendable, Equatable {
    /// The model's name in the claims file.
    package var name: String
    /// SHA-256 of the checkpoint file's bytes.
    package var digest: SHA256Digest

    /// A model digest.
    package init(name: String, digest: SHA256Digest) {
        self.name = name
        self.digest = digest
    }
}

extension Query {
    /// The digest a certificate binds to: the statement's text and the
    /// declarations before it.
    package var statementDigest: SHA256Digest {
        SHA256Digest(of: Array((context + "\n\u{0}\n" + text).utf8))
    }
}

extension Certificate.Evidence {
    /// The input the evidence names: a counterexample or witness, an
    /// optimum's input, or an unbounded optimum's starting input.
    package var point: [Rational]? {
        switch self {
        case .point(let x), .optimum(_, let x, _, _), .unbounded(let x, _): return x
        case .proof, .counts, .sectors, .infeasible, .sphere, .boxCells, .pointwise: return nil
        }
    }
}

/// A proof over a finite domain of a statement decided input by input.
package struct PointwiseEvidence: Sendable, Equatable {
    /// Prefixes of fixed tokens whose every completion the bounds decide,
    /// in the order of a left-to-right walk of the domain.
    package let closedPrefixes: [[Int]]
    /// Inputs decided only at more than 53 bits, with the bits.
    package let preciseInputs: [(input: [Int], bits: Int)]

    package init(closedPrefixes: [[Int]], preciseInputs: [(input: [Int], bits: Int)]) {
        self.closedPrefixes = closedPrefixes
        self.preciseInputs = preciseInputs
    }

    package static func == (a: PointwiseEvidence, b: PointwiseEvidence) -> Bool {
        a.closedPrefixes == b.closedPrefixes && a.preciseInputs.map(\.input) == b.preciseInputs.map(\.input)
            && a.preciseInputs.map(\.bits) == b.preciseInputs.map(\.bits)
    }
}
