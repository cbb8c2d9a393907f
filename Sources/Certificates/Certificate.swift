public import Claims
public import Encoding
public import ExactArithmetic

/// What a certificate shows about one statement, and what it is bound to.
public struct Certificate: Sendable, Equatable {
    /// The format version this code writes.
    public static let formatVersion = 5
    /// The format versions this code reads: version 3 adds big rationals
    /// as bytes to version 2, which wrote them only as text; version 4
    /// adds the twin constraint, and its clausal proofs speak of the
    /// encoding with extension atoms and shared twin phases; version 5
    /// proofs declare their extension atoms instead of relying on the
    /// search's choice of them.
    public static let readableVersions = 2...5
    /// The first version whose clausal proofs name this build's encoding:
    /// an earlier one numbers other variables, so its proof is stale (a
    /// point, or an enumerated proof, does not depend on the encoding).
    public static let currentEncodingVersion = 5

    /// The verdict the certificate justifies.
    public enum Verdict: String, Sendable, Equatable, CaseIterable {
        /// A claim that holds everywhere (its query has no solution).
        case proved
        /// A witness with no input (its query has no solution).
        case impossible
        /// A claim with a counterexample (its query has a solution).
        case refuted
        /// A witness with an input (its query has a solution).
        case found
    }

    /// The justification itself.
    public enum Evidence: Sendable, Equatable {
        /// The query has no solution: the split tree with its refutations.
        case proof(QueryProof)
        /// The query's solution: an exact input.
        case point([Rational])
    }

    /// The statement's name.
    public var statement: String
    /// The verdict.
    public var verdict: Verdict
    /// The claims file, relative to the certificate's folder.
    public var claimsFile: String
    /// SHA-256 of the statement's text and the declarations before it.
    public var statementDigest: SHA256Digest
    /// SHA-256 of each model checkpoint's bytes, by model name.
    public var modelDigests: [ModelDigest]
    /// The proof or the point.
    public var evidence: Evidence

    /// A certificate.
    public init(
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
public struct ModelDigest: Sendable, Equatable {
    /// The model's name in the claims file.
    public var name: String
    /// SHA-256 of the checkpoint file's bytes.
    public var digest: SHA256Digest

    /// A model digest.
    public init(name: String, digest: SHA256Digest) {
        self.name = name
        self.digest = digest
    }
}

extension Query {
    /// The digest a certificate binds to: the statement's text and the
    /// declarations before it.
    public var statementDigest: SHA256Digest {
        SHA256Digest(of: Array((context + "\n\u{0}\n" + text).utf8))
    }
}
