package import Claims
package import Encoding
package import ExactArithmetic
package import PiecewiseLinear

/// Why bytes are not a readable certificate.
package enum CertificateFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not start with the certificate magic.
    case notACertificate
    /// Written by a format version this build does not read.
    case unsupportedVersion(Int)
    /// A clausal proof written by an earlier format version, for the
    /// encoding of queries that version had: it is to be proved again.
    case earlierEncoding(Int)
    /// The bytes end or go wrong at this offset.
    case malformed(offset: Int, reason: String)

    /// Whether the certificate is only out of date (to be proved again),
    /// not wrong.
    package var meansStale: Bool {
        if case .earlierEncoding = self { return true }
        return false
    }

    /// A one-line explanation.
    package var description: String {
        switch self {
        case .notACertificate: return "not a Farkas certificate (wrong magic bytes)"
        case .unsupportedVersion(let v): return "certificate format version \(v) is not supported (this build reads versions \(Certificate.readableVersions.lowerBound) to \(Certificate.readableVersions.upperBound))"
        case .earlierEncoding(let v): return "the proof was written by certificate format version \(v), for an earlier encoding of the query; run farkas prove to write it anew"
        case .malformed(let offset, let reason): return "malformed certificate at byte \(offset): \(reason)"
        }
    }
}

/// The binary certificate format (docs/certificates.md): a magic line, a
/// version, the header, then the proof tree in preorder, so a reader can
/// check it as it goes. Integers are LEB128 varints; rationals are a
/// zigzag numerator and a denominator when they fit 64 bits, else text.
extension Certificate {
    static let magic = Array("FARKAS-CERTIFICATE\n".utf8)

    /// The length of the magic bytes that open every certificate.
    package static var magicLength: Int { magic.count }

    /// The certificate's bytes.
    package func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.bytes += Self.magic
        w.varint(UInt64(Self.formatVersion))
        w.string(statement)
        w.varint(UInt64(Verdict.allCases.firstIndex(of: verdict) ?? 0))
        w.string(claimsFile)
        w.bytes += statementDigest.bytes
        w.varint(UInt64(modelDigests.count))
        for model in modelDigests {
            w.string(model.name)
            w.bytes += model.digest.bytes
        }
        switch evidence {
        case .point(let x):
            w.varint(0)
            w.rationals(x)
        case .proof(let proof):
            w.varint(1)
            w.proof(proof)
        case .counts(let event, let region):
            w.varint(2)
            w.varint(UInt64(event))
            w.varint(UInt64(region))
        case .sectors(let rays, let bits):
            w.varint(3)
            w.varint(UInt64(bits))
            w.varint(UInt64(rays.count))
            for ray in rays {
                w.varint(UInt64(ray.count))
                for v in ray { w.rational(v) }
            }
        case .optimum(let value, let point, let bound, let attainment):
            w.varint(4)
            w.rational(value)
            w.rationals(point)
            w.proof(bound)
            w.varint(attainment == nil ? 0 : 1)
            if let attainment { w.proof(attainment) }
        case .unbounded(let point, let direction):
            w.varint(5)
            w.rationals(point)
            w.rationals(direction)
        case .infeasible(let proof):
            w.varint(6)
            w.proof(proof)
        case .sphere(let steps, let bits):
            w.varint(7)
            w.varint(UInt64(bits))
            w.splits(steps)
        case .boxCells(let steps):
            w.varint(8)
            w.splits(steps)
        case .pointwise(let evidence):
            w.varint(9)
            w.varint(UInt64(evidence.closedPrefixes.count))
            for prefix in evidence.closedPrefixes { w.tokens(prefix) }
            w.varint(UInt64(evidence.preciseInputs.count))
            for (input, bits) in evidence.preciseInputs {
                w.tokens(input)
                w.varint(UInt64(bits))
            }
        }
        return w.bytes
    }

    /// Reads a certificate.
    ///
    /// - Throws: ``CertificateFormatError`` for anything else.
    package init(decoding bytes: [UInt8]) throws(CertificateFormatError) {
        guard bytes.starts(with: Self.magic) else { throw .notACertificate }
        var r = ByteReader(bytes: bytes, offset: Self.magic.count)
        let version = try r.int()
        guard Self.readableVersions.contains(version) else { throw .unsupportedVersion(version) }
        statement = try r.string()
        let verdictIndex = try r.int()
        guard Verdict.allCases.indices.contains(verdictIndex) else { throw r.error("unknown verdict \(verdictIndex)") }
        verdict = Verdict.allCases[verdictIndex]
        claimsFile = try r.string()
        statementDigest = try r.digest()
        modelDigests = []
        for _ in 0..<(try r.count()) {
            let name = try r.string()
            modelDigests.append(ModelDigest(name: name, digest: try r.digest()))
        }
        switch try r.int() {
        case 0:
            evidence = .point(try r.rationals())
        case 1:
            evidence = .proof(try r.proof(version: version))
        case 2:
            let event = try r.int()
            evidence = .counts(event: event, region: try r.int())
        case 3:
            let bits = try r.int()
            guard (8...4096).contains(bits) else { throw r.error("angle bits \(bits) out of range") }
            var rays: [[Rational]] = []
            for _ in 0..<(try r.count()) {
                var ray: [Rational] = []
                for _ in 0..<(try r.count()) { ray.append(try r.rational()) }
                rays.append(ray)
            }
            evidence = .sectors(rays: rays, bits: bits)
        case 4:
            let value = try r.rational()
            let point = try r.rationals()
            let bound = try r.proof(version: version)
            let attainment = try r.int() == 0 ? nil : try r.proof(version: version)
            evidence = .optimum(value: value, point: point, bound: bound, attainment: attainment)
        case 5:
            let point = try r.rationals()
            evidence = .unbounded(point: point, direction: try r.rationals())
        case 6:
            evidence = .infeasible(try r.proof(version: version))
        case 7:
            let bits = try r.int()
            guard (8...4096).contains(bits) else { throw r.error("angle bits \(bits) out of range") }
            evidence = .sphere(steps: try r.splits(), bits: bits)
        case 8:
            evidence = .boxCells(steps: try r.splits())
        case 9:
            var prefixes: [[Int]] = []
            for _ in 0..<(try r.count()) { prefixes.append(try r.tokens()) }
            var precise: [(input: [Int], bits: Int)] = []
            for _ in 0..<(try r.count()) {
                let input = try r.tokens()
                let bits = try r.int()
                guard (54...1024).contains(bits) else { throw r.error("input precision \(bits) bits out of range") }
                precise.append((input, bits))
            }
            evidence = .pointwise(PointwiseEvidence(closedPrefixes: prefixes, preciseInputs: precise))
        case let other:
            throw r.error("unknown evidence kind \(other)")
        }
        guard r.offset == bytes.count else { throw r.error("\(bytes.count - r.offset) bytes after the end") }
    }
}

private struct ByteWriter {
    var bytes: [UInt8] = []

    /// A list of tokens (small non-negative integers).
    mutating func tokens(_ t: [Int]) {
        varint(UInt64(t.count))
        for token in t { varint(UInt64(max(0, token))) }
    }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        varint(UInt64(utf8.count))
        bytes += utf8
    }

    /// A split tree: a count, then per node 0 (leaf) or 1 and the normal.
    mutating func splits(_ steps: [CellSplit]) {
        varint(UInt64(steps.count))
        for step in steps {
            switch step {
            case .leaf: varint(0)
            case .split(let normal):
                varint(1)
                rationals(normal)
            }
        }
    }

    /// A count and that many rationals.
    mutating func rationals(_ values: [Rational]) {
        varint(UInt64(values.count))
        for v in values { rational(v) }
    }

    mutating func rational(_ r: Rational) {
        if let (n, d) = r.smallParts {
            varint(0)
            varint(UInt64(bitPattern: (n << 1) ^ (n >> 63)))
            varint(UInt64(d))
        } else {
            let (isNegative, numerator, denominator) = r.bigEndianParts
            varint(2)
            varint(isNegative ? 1 : 0)
            varint(UInt64(numerator.count))
            bytes += numerator
            varint(UInt64(denominator.count))
            bytes += denominator
        }
    }

    mutating func literals(_ clause: [Literal]) {
        varint(UInt64(clause.count))
        for l in clause { varint(UInt64(l.code)) }
    }

    mutating func proof(_ proof: QueryProof) {
        switch proof {
        case .enumerated:
            varint(0)
        case .clausal(let clausal):
            varint(1)
            varint(UInt64(clausal.extensionAtoms.count))
            for atom in clausal.extensionAtoms {
                varint(UInt64(atom.form.terms.count))
                for term in atom.form.terms {
                    varint(UInt64(term.node.index))
                    rational(term.coefficient)
                }
                rational(atom.bound)
                varint(atom.strict ? 1 : 0)
            }
            varint(UInt64(clausal.steps.count))
            for step in clausal.steps {
                switch step {
                case .lemma(let clause, let terms):
                    varint(0)
                    literals(clause)
                    varint(UInt64(terms.count))
                    for term in terms {
                        switch term.constraint {
                        case .boxLower(let i): varint(0); varint(UInt64(i))
                        case .boxUpper(let i): varint(1); varint(UInt64(i))
                        case .reluNonnegative(let k): varint(2); varint(UInt64(k))
                        case .reluAboveOperand(let k): varint(3); varint(UInt64(k))
                        case .fixedPhase(let k): varint(4); varint(UInt64(k))
                        case .atom(let j): varint(5); varint(UInt64(j))
                        case .phase(let j, let k): varint(6); varint(UInt64(j)); varint(UInt64(k))
                        case .twinDifference(let k): varint(7); varint(UInt64(k))
                        }
                        rational(term.multiplier)
                    }
                case .derived(let clause, let hints):
                    varint(1)
                    literals(clause)
                    varint(UInt64(hints.count))
                    for h in hints { varint(UInt64(h)) }
                }
            }
        }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    func error(_ reason: String) -> CertificateFormatError { .malformed(offset: offset, reason: reason) }

    mutating func varint() throws(CertificateFormatError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw error("unexpected end of file") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 64 else { throw error("integer too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func tokens() throws(CertificateFormatError) -> [Int] {
        var t: [Int] = []
        for _ in 0..<(try count()) { t.append(try int()) }
        return t
    }

    mutating func int() throws(CertificateFormatError) -> Int {
        let v = try varint()
        guard v <= UInt64(Int32.max) else { throw error("number \(v) out of range") }
        return Int(v)
    }

    /// A count of items that follow, each at least one byte long.
    mutating func count() throws(CertificateFormatError) -> Int {
        let n = try int()
        guard n <= bytes.count - offset else { throw error("count \(n) exceeds the bytes left") }
        return n
    }

    /// A varint length and that many bytes.
    mutating func byteArray() throws(CertificateFormatError) -> [UInt8] {
        let n = try count()
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    mutating func string() throws(CertificateFormatError) -> String {
        guard let s = String(validating: try byteArray(), as: UTF8.self) else { throw error("invalid UTF-8") }
        return s
    }

    mutating func digest() throws(CertificateFormatError) -> SHA256Digest {
        guard bytes.count - offset >= 32, let d = SHA256Digest(bytes: Array(bytes[offset..<offset + 32])) else {
            throw error("unexpected end of file in a digest")
        }
        offset += 32
        return d
    }

    /// A split tree, each normal of three rationals.
    mutating func splits() throws(CertificateFormatError) -> [CellSplit] {
        var steps: [CellSplit] = []
        for _ in 0..<(try count()) {
            switch try int() {
            case 0: steps.append(.leaf)
            case 1:
                let normal = try rationals()
                guard normal.count == 3 else { throw error("a split's normal has \(normal.count) coordinates, not 3") }
                steps.append(.split(normal: normal))
            case let other: throw error("unknown split step \(other)")
            }
        }
        return steps
    }

    /// A count and that many rationals.
    mutating func rationals() throws(CertificateFormatError) -> [Rational] {
        var values: [Rational] = []
        for _ in 0..<(try count()) { values.append(try rational()) }
        return values
    }

    mutating func rational() throws(CertificateFormatError) -> Rational {
        switch try varint() {
        case 0:
            let z = try varint()
            let n = Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
            let d = try varint()
            guard d > 0, d <= UInt64(Int64.max) else { throw error("bad denominator \(d)") }
            return Rational(Int(n), Int(d))
        case 1:
            let text = try string()
            guard let r = try? Rational(parsing: text) else { throw error("bad rational '\(text)'") }
            return r
        case 2:
            let sign = try varint()
            guard sign <= 1 else { throw error("bad sign \(sign)") }
            let numerator = try byteArray()
            let denominator = try byteArray()
            guard let r = Rational(isNegative: sign == 1, numerator: numerator, denominator: denominator) else {
                throw error("zero denominator")
            }
            return r
        case let other:
            throw error("unknown number kind \(other)")
        }
    }

    mutating func literals() throws(CertificateFormatError) -> [Literal] {
        var clause: [Literal] = []
        for _ in 0..<(try count()) { clause.append(Literal(code: try int())) }
        return clause
    }

    /// An atom in normal form: nodes ascending, coefficients nonzero, the first 1.
    mutating func atom() throws(CertificateFormatError) -> AtomBound {
        var terms: [LinearTerm] = []
        for _ in 0..<(try count()) {
            let node = try int()
            let coefficient = try rational()
            guard !coefficient.isZero, terms.last.map({ $0.node.index < node }) ?? (coefficient == .one) else {
                throw error("an extension atom is not in normal form")
            }
            terms.append(LinearTerm(coefficient, NodeID(node)))
        }
        guard !terms.isEmpty else { throw error("an extension atom without terms") }
        let bound = try rational()
        let strict = try varint()
        guard strict <= 1 else { throw error("an extension atom's strictness is \(strict)") }
        return AtomBound(form: LinearForm(sortedTerms: terms, constant: .zero), bound: bound, strict: strict == 1)
    }

    mutating func proof(version: Int) throws(CertificateFormatError) -> QueryProof {
        switch try varint() {
        case 0:
            return .enumerated
        case 1:
            // Earlier versions' clausal proofs speak of an earlier encoding.
            guard version >= Certificate.currentEncodingVersion else { throw .earlierEncoding(version) }
            var atoms: [AtomBound] = []
            for _ in 0..<(try count()) { atoms.append(try atom()) }
            var steps: [ProofStep] = []
            for _ in 0..<(try count()) {
                switch try varint() {
                case 0:
                    let clause = try literals()
                    var terms: [TheoryTerm] = []
                    for _ in 0..<(try count()) {
                        let constraint: TheoryConstraint
                        switch try varint() {
                        case 0: constraint = .boxLower(try int())
                        case 1: constraint = .boxUpper(try int())
                        case 2: constraint = .reluNonnegative(try int())
                        case 3: constraint = .reluAboveOperand(try int())
                        case 4: constraint = .fixedPhase(try int())
                        case 5: constraint = .atom(try int())
                        case 6:
                            let j = try int()
                            constraint = .phase(j, relu: try int())
                        case 7: constraint = .twinDifference(try int())
                        case let other: throw error("unknown constraint kind \(other)")
                        }
                        terms.append(TheoryTerm(constraint, try rational()))
                    }
                    steps.append(.lemma(clause, terms))
                case 1:
                    let clause = try literals()
                    var hints: [Int] = []
                    for _ in 0..<(try count()) { hints.append(try int()) }
                    steps.append(.derived(clause, hints: hints))
                case let other:
                    throw error("unknown proof step kind \(other)")
                }
            }
            return .clausal(ClausalProof(extensionAtoms: atoms, steps: steps))
        case let other:
            throw error("unknown proof kind \(other)")
        }
    }
}
