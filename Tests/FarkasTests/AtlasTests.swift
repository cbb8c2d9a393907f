import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import _TestSupport
@testable import Farkas

/// `farkas atlas`: M2,2's six activation cones and two error wedges, with
/// certified measures that add up, against the measure statement's number.
@Suite struct AtlasTests {
    static let m22 = "examples/models/zoo_2nd_argmax_2_2.pth"

    @Test("M2,2: six activation patterns, two wrong cones, measures summing to 1 and the error rate of the measure")
    func zooModelAtlas() throws {
        let atlas = try Atlas.build(path: ReferenceOutputs.repositoryRoot.appendingPathComponent(Self.m22).path)
        #expect(atlas.regions.count == 10)
        #expect(Set(atlas.regions.map(\.activeNeurons)).count == 6)
        let wrong = atlas.regions.filter { $0.correct == false }
        #expect(wrong.count == 2)
        #expect(wrong.allSatisfy { $0.activeNeurons.last == [0, 1] }, "the errors are in the cones where both neurons are active at step 2")
        // The certified brackets of all cones contain 1 when added up.
        let low = atlas.regions.compactMap { Rational($0.probability[0]) }.reduce(Rational.zero, +)
        let high = atlas.regions.compactMap { Rational($0.probability[1]) }.reduce(Rational.zero, +)
        #expect(low <= Rational.one && Rational.one <= high)
        // The same error rate as proofs/zoo_2nd_argmax_2_2.claims's measure.
        let error = try #require(atlas.errorProbability)
        #expect(error[0].hasPrefix("0.00007743149178002790979109956461"))
        #expect(error[1].hasPrefix("0.00007743149178002790979109956461"))
        // Each cone's logits are linear forms that the model's value at an inner ray matches.
        for region in atlas.regions {
            #expect(region.outputs.count == 2 && region.outputs.allSatisfy { $0.count == 2 })
        }
    }

    @Test("the picture is well-formed SVG with a sector per cone and a legend per pattern")
    func pictureIsWellFormed() throws {
        let atlas = try Atlas.build(path: ReferenceOutputs.repositoryRoot.appendingPathComponent(Self.m22).path)
        let svg = atlas.svg
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "the SVG does not parse: \(String(describing: parser.parserError))")
        #expect(svg.components(separatedBy: "<path ").count - 1 >= atlas.regions.count)
        #expect(svg.contains("h1: {0}  h2: {0, 1}"))
        #expect(svg.contains("errs here"))
    }

    @Test("atlas on the command line: text, JSON, SVG file, and clear errors")
    func commandLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-atlas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = folder.appendingPathComponent("m22.svg").path
        let run = try FarkasProcess.run(["atlas", Self.m22, "--svg", svg])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("10 linear regions of R^2 (task 2nd-argmax)"))
        #expect(run.standardOutput.contains("the model errs with probability 0.0000774314917800279097910995646168 (certified to 34 decimal places)"))
        #expect(FileManager.default.fileExists(atPath: svg))
        let json = try FarkasProcess.run(["atlas", Self.m22, "--json", "--where", "x[0] > 0"])
        #expect(json.status == 0)
        #expect(json.standardOutput.contains(#""inside" : false"#))
        let tenInputs = try FarkasProcess.run(["atlas", "examples/models/handcrafted_2nd_argmax_10.pth"])
        #expect(tenInputs.status == 65)
        #expect(tenInputs.standardError.contains("atlas lists models with 2 to 5 inputs for now; this one reads 10"))
        let typo = try FarkasProcess.run(["atlas", Self.m22, "--where", "x[0] > y"])
        #expect(typo.status == 65)
        #expect(typo.standardError.contains("error: unknown name 'y'"))
        let missing = try FarkasProcess.run(["atlas", "no_such_model.pth"])
        #expect(missing.status == 66)
    }
}

extension AtlasTests {
    @Test("three inputs: the (4, 3) model's patterns cover the sphere, and its error is 1 minus its certified accuracy")
    func sphereAtlas() throws {
        let atlas = try SphereAtlas.build(path: ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models/trained_2nd_argmax_4_3.pth").path)
        #expect(atlas.patterns.count > 6)
        let low = atlas.patterns.compactMap { Rational($0.probability[0]) }.reduce(Rational.zero, +)
        let high = atlas.patterns.compactMap { Rational($0.probability[1]) }.reduce(Rational.zero, +)
        #expect(low <= Rational.one && Rational.one <= high)
        // proofs/trained_2nd_argmax_4_3.claims: accuracy 0.98146083227307391475...
        let error = try #require(atlas.errorProbability)
        #expect(error[0].hasPrefix("0.01853916772692608524"))
        let parser = XMLParser(data: Data(atlas.svg.utf8))
        #expect(parser.parse())
        let run = try FarkasProcess.run(["atlas", "examples/models/handcrafted_2nd_argmax_3.pth"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("the model errs with probability 0.00006343018412730835222"))
    }
}

extension AtlasTests {
    static let sorted = "x[0] > x[1] and x[1] > x[2] and x[2] > x[3] and x[3] > x[4]"

    @Test("five inputs: the argmedian model's patterns on the sorted cone add up to 1, their forms are the model's, and the error is 1 minus the measure")
    func coneAtlas() throws {
        let path = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models/trained_argmedian_4_5.pth").path
        let atlas = try ConeAtlas.build(path: path, condition: Self.sorted)
        #expect(abs(atlas.patterns.reduce(0) { $0 + $1.probability } - 1) < 1e-6)
        #expect(atlas.patterns.allSatisfy { ($0.wrongProbability ?? 0) <= $0.probability + 1e-12 })
        #expect(zip(atlas.patterns, atlas.patterns.dropFirst()).allSatisfy { $0.probability >= $1.probability }, "most probable first")
        // At sorted points, the pattern the model is in lists forms that give its logits exactly.
        let (query, model, _) = try Atlas.statement(path: path, sequenceLength: nil, condition: Self.sorted, task: nil, dimensions: [5])
        let named = Atlas.signalNodes(model)
        var rng = SplitMix64(seed: 5)
        for _ in 0..<20 {
            let point = (0..<5).map { _ in Rational(Int(rng.next() % 2001) - 1000, 97) }.sorted(by: >)
            let values = query.program.evaluate(at: point)
            let active = Atlas.activeNeurons(values, named: named)
            let pattern = try #require(atlas.patterns.first { $0.activeNeurons == active }, "pattern \(active) of a sorted point is listed")
            for (i, form) in pattern.outputs.enumerated() {
                let node = try #require(named["logits[\(i)]"])
                let exact = zip(form, point).reduce(Rational.zero) { $0 + (Rational($1.0) ?? .zero) * $1.1 }
                #expect(exact == values[node.index])
            }
        }
        // The measure statement's estimate on the same region.
        let measure = try #require(try GaussianEstimateTests.coneReport(
            "measure a: argmax(m.logits) == argsort(x)[2] where \(Self.sorted)", dimension: 5).share)
        let error = try #require(atlas.errorProbability)
        #expect(abs(error - (1 - (Double(measure.decimal) ?? 0))) < 1e-7)
    }

    @Test("five inputs on the command line: text with estimated probabilities, and no picture")
    func coneAtlasCommandLine() throws {
        let run = try FarkasProcess.run(["atlas", "examples/models/trained_argmedian_4_5.pth", "--where", Self.sorted])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("activation patterns over 657 cones of R^5 (task argmedian)"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("the model errs with probability ~ 0.14431"))
        #expect(run.standardOutput.contains("(estimated, not certified)"))
        let svg = try FarkasProcess.run(["atlas", "examples/models/trained_argmedian_4_5.pth", "--svg", "/dev/null"])
        #expect(svg.status == 64)
        #expect(svg.standardError.contains("--svg draws models with 2 or 3 inputs; this one reads 5: use the text or --json"))
        let affine = try FarkasProcess.run(["atlas", "examples/models/trained_argmedian_4_5.pth", "--where", "x[0] > 1"])
        #expect(affine.status == 65)
        #expect(affine.standardError.contains("the regions are cones only for a bias-free model and a --where condition without constants"))
    }
}
