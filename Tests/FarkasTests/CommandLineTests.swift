import Foundation
import Testing
import _TestSupport
@testable import Farkas

@Suite struct CommandLineTests {
    @Test func evalPrintsExactLogitsOfTheHandcraftedModel() throws {
        let run = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "1, 2"])
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(lines.contains { $0.first == "logits[0]" && $0.dropFirst().first == "1" })
        #expect(lines.contains { $0.first == "logits[1]" && $0.dropFirst().first == "-1" })
    }

    @Test func evalJSONHasExactValues() throws {
        let run = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "1, 2", "--json"])
        #expect(run.status == 0)
        let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(run.standardOutput.utf8))
        #expect(report.rows.filter { $0.signal.hasPrefix("logits") }.map(\.exact) == ["1", "-1"])
    }

    @Test func evalAcceptsNegativeFirstInputs() throws {
        let run = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "-1/3, 0.5"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("input x = [-1/3, 1/2]"))
    }

    @Test func evalOnTheZooModelMatchesPyTorchReference() throws {
        let url = ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models/zoo_2nd_argmax_2_2.reference.json")
        struct Reference: Decodable { let input: [[Double]]; let output: [[Double]] }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        for (input, output) in zip(reference.input, reference.output) {
            let text = input.map { "\($0)" }.joined(separator: ", ")
            let run = try FarkasProcess.run(["eval", "examples/models/zoo_2nd_argmax_2_2.pth", "--input", text, "--json"])
            #expect(run.status == 0)
            let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(run.standardOutput.utf8))
            let logits = report.rows.filter { $0.signal.hasPrefix("logits") }
            for (row, expected) in zip(logits, output) {
                let float = try #require(Double(row.float32))
                #expect(abs(float - expected) <= 1e-5 * abs(expected), "\(row.signal): \(float) vs \(expected)")
                let exact = try #require(row.exact.flatMap { Rational($0) })
                #expect(abs(exact.doubleApproximation - expected) <= 1e-4 * abs(expected))
            }
        }
    }

    @Test func inspectReportsTheLengthTenHandcraftedModel() throws {
        let run = try FarkasProcess.run(["inspect", "examples/models/handcrafted_2nd_argmax_10.pth", "--json"])
        #expect(run.status == 0)
        let summaries = try JSONDecoder().decode([ModelSummary].self, from: Data(run.standardOutput.utf8))
        let summary = try #require(summaries.first)
        #expect(summary.hiddenSize == 22)
        #expect(summary.parameterCount == 726)
        #expect(summary.sequenceLength == 10)
        #expect(summary.architecture == "DistRNN")
    }

    @Test func inspectOverTheExamplesFolder() throws {
        let run = try FarkasProcess.run(["inspect", "examples/models/", "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let summaries = try JSONDecoder().decode([ModelSummary].self, from: Data(run.standardOutput.utf8))
        #expect(summaries.count == 13)
        let median = try #require(summaries.first { $0.path.hasSuffix("trained_median_2_3.pth") })
        #expect(median.architecture == "ScalarRNN")
        #expect(median.sequenceLength == nil)
        #expect(summaries.filter { $0.architecture == "DistTransformer" }.count == 4)
    }

    @Test func transformerEvalMatchesItsReference() throws {
        let run = try FarkasProcess.run(["eval", "examples/models/zoo_longest_cycle_4_4.pth", "--input", "2 2 2 0", "--json"])
        #expect(run.status == 0)
        let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(run.standardOutput.utf8))
        let logits = report.rows.filter { $0.signal.hasPrefix("logits") }.compactMap { Double($0.float32) }
        let expected = [-1978.642578125, -2642.749267578125, -2050.578857421875, -2204.743408203125]
        #expect(logits.count == 4)
        for (a, b) in zip(logits, expected) { #expect(abs(a - b) <= 1e-3 * abs(b)) }
    }

    // MARK: - Errors: one line on stderr, a non-zero exit

    @Test func missingModelFile() throws {
        let run = try FarkasProcess.run(["eval", "no/such/model.pth", "--input", "1"])
        #expect(run.status == 66)
        #expect(run.standardError == "error: no/such/model.pth: cannot read no/such/model.pth: no such file\n")
    }

    @Test func brokenModelFile() throws {
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-broken-\(UUID().uuidString).pth")
        let bytes = try Data(contentsOf: ReferenceOutputs.repositoryRoot.appendingPathComponent("examples/models/handcrafted_2nd_argmax_2.pth"))
        try bytes.prefix(bytes.count - 40).write(to: broken)
        defer { try? FileManager.default.removeItem(at: broken) }
        let run = try FarkasProcess.run(["inspect", broken.path])
        #expect(run.status == 65)
        #expect(run.standardError.contains("corrupt .pth archive"))
        #expect(run.standardError.split(separator: "\n").count == 1)
    }

    @Test func wrongInputCountAndBadNumbers() throws {
        let count = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "1, 2, 3"])
        #expect(count.status == 65)
        #expect(count.standardError == "error: --input: the model reads 2 inputs, got 3\n")
        let token = try FarkasProcess.run(["eval", "examples/models/zoo_longest_cycle_4_4.pth", "--input", "0 1 2 7"])
        #expect(token.status == 65)
        #expect(token.standardError.contains("tokens in 0..3"))
    }

    @Test func scalarModelNeedsASequenceLength() throws {
        let without = try FarkasProcess.run(["eval", "examples/models/trained_median_2_3.pth", "--input", "1 2 3"])
        #expect(without.status == 65)
        #expect(without.standardError.contains("--seq N"))
        let inspected = try FarkasProcess.run(["inspect", "examples/models/trained_median_2_3.pth"])
        #expect(inspected.status == 0)
        #expect(inspected.standardOutput.contains("not fixed by the tensors (give --seq N)"))
        let with = try FarkasProcess.run(["eval", "examples/models/trained_median_2_3.pth", "--seq", "3", "--input", "1 2 3"])
        #expect(with.status == 0)
        #expect(with.standardOutput.contains("logits[0]"))
    }
}

@Suite struct ProveCommandTests {
    @Test func provesTheBundledProofs() throws {
        let run = try FarkasProcess.run(["prove", "proofs/handcrafted_2nd_argmax_2.claims", "proofs/zoo_2nd_argmax_2_2.claims"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("proved    correct "))
        #expect(run.standardOutput.contains("28 statements: 25 proved, 3 found"))
    }

    @Test func refutedClaimExitsOneAndItsCounterexampleEvaluates() throws {
        let run = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/refuted.claims", "--json"])
        #expect(run.status == 1)
        let reports = try JSONDecoder().decode([FileReport].self, from: Data(run.standardOutput.utf8))
        let statement = try #require(reports.first?.statements.first)
        #expect(statement.verdict == .refuted)
        let point = try #require(statement.point)
        // farkas eval confirms it: the logits tie, so there is no argmax.
        let eval = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", point.input.joined(separator: ", "), "--json"])
        let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(eval.standardOutput.utf8))
        let logits = report.rows.filter { $0.signal.hasPrefix("logits") }.map(\.exact)
        #expect(logits.count == 2 && logits[0] == logits[1])
    }

    @Test func statementsInParallelGiveTheSameReportsAndCertificates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-jobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var reports: [[StatementReport]] = []
        var certificates: [[Data]] = []
        for jobs in ["1", "3"] {
            let store = folder.appendingPathComponent(jobs).path
            let run = try FarkasProcess.run(["prove", "proofs/handcrafted_2nd_argmax_3.claims", "--jobs", jobs, "--json", "--certificates", store])
            #expect(run.status == 0, "\(run.standardError)")
            let files = try JSONDecoder().decode([FileReport].self, from: Data(run.standardOutput.utf8))
            reports.append(files.flatMap(\.statements))
            let written = try FileManager.default.subpathsOfDirectory(atPath: store).filter { $0.hasSuffix(".farkascert") }.sorted()
            certificates.append(try written.map { try Data(contentsOf: URL(fileURLWithPath: store).appendingPathComponent($0)) })
        }
        // Everything but the times and the certificate paths is the same.
        func comparable(_ r: StatementReport) -> String { "\(r.name) \(r.verdict) \(r.search) \(r.point.map(\.input) ?? [])" }
        #expect(reports[0].map(comparable) == reports[1].map(comparable))
        #expect(certificates[0].count == 6)
        #expect(certificates[0] == certificates[1])
    }

    @Test func casesInParallelGiveTheSameCertificate() throws {
        // The positivity claim splits on the largest input; its ten cases run
        // on the jobs' threads, and the merged proof must not depend on them.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-cases-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var certificates: [Data] = []
        for jobs in ["1", "2"] {
            let store = folder.appendingPathComponent(jobs).path
            let run = try FarkasProcess.run([
                "prove", "proofs/handcrafted_2nd_argmax_10.claims", "--statement", "correct_when_second_positive", "--jobs", jobs, "--certificates", store,
            ])
            #expect(run.status == 0, "\(run.standardError)")
            let path = URL(fileURLWithPath: store).appendingPathComponent("handcrafted_2nd_argmax_10.claims/correct_when_second_positive.farkascert")
            certificates.append(try Data(contentsOf: path))
        }
        #expect(certificates[0] == certificates[1])
        let check = try FarkasProcess.run(["check", "proofs/handcrafted_2nd_argmax_10.claims", "--certificates", folder.appendingPathComponent("2").path])
        #expect(check.standardOutput.contains("valid    correct_when_second_positive"))
    }

    @Test func timeoutEndsInUnknownWithAProgressEstimate() throws {
        let run = try FarkasProcess.run(["prove", "Benchmarks/claims/trained_2nd_argmax_16_10.claims", "--statement", "correct_on_positive_ordered_region", "--timeout", "1", "--no-certificates"])
        #expect(run.status == 2)
        #expect(run.standardOutput.contains("unknown   correct_on_positive_ordered_region timed out after 1.0 s"))
        #expect(run.standardOutput.contains("progress estimate"))
        #expect(run.standardOutput.contains("counterexamples ruled out at"))
        #expect(run.standardOutput.contains("inputs sampled from its region"))
    }

    @Test("a statement whose region is empty is proved with a word of warning, and --strict fails on it")
    func vacuousStatements() throws {
        let run = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/vacuous.claims", "--no-certificates"])
        #expect(run.status == 1, "the impossible witness")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        func following(_ name: String) -> String? { lines.firstIndex { $0.contains(" \(name) ") }.map { lines[$0 + 1] } }
        #expect(following("empty_region")?.contains("vacuous: no input satisfies the assumptions and the where part") == true)
        #expect(following("only_the_origin")?.contains("vacuous: no input but x = 0 satisfies the assumptions and the where part") == true)
        #expect(following("impossible_region")?.contains("vacuous: no input satisfies") == true)
        #expect(following("not_vacuous")?.contains("vacuous") == false)
        // Long verdict words keep the columns aligned.
        #expect(lines.contains { $0.hasPrefix("  proved     empty_region ") })
        #expect(lines.contains { $0.hasPrefix("  impossible impossible_region ") })
        let strict = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/vacuous.claims", "--statement", "empty_region", "--no-certificates", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.standardError.contains("--strict: 'empty_region' holds vacuously"))
        let lenient = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/vacuous.claims", "--statement", "empty_region", "--no-certificates"])
        #expect(lenient.status == 0)
    }

    @Test("a counterexample shows which output wins and which was expected, with digits enough to tell, rescaled when the claim is homogeneous")
    func counterexamplesShowTheWinner() throws {
        let near = try FarkasProcess.run(["prove", "proofs/handcrafted_2nd_argmax_3.claims", "--statement", "fails_with_distinct_inputs", "--no-certificates"])
        #expect(near.standardOutput.contains("argmax(m.logits) = 1 (float32 2)"))
        #expect(near.standardOutput.contains("argsort(x)[-2] = 0 (float32 0)"))
        #expect(near.standardOutput.contains("m.logits[0] = ~0.000155812"))
        #expect(near.standardOutput.contains("m.logits[1] = ~0.000155820"))
        let tiny = try FarkasProcess.run(["prove", "proofs/trained_2nd_argmax_16_10.claims", "--statement", "last_logit_wins_on_increasing", "--no-certificates"])
        #expect(tiny.standardOutput.contains("x = [-1, "))
        #expect(tiny.standardOutput.contains("(rescaled so that max|x| = 1: the model is positively homogeneous, and this multiple of the point found is one too)"))
        #expect(tiny.standardOutput.contains("argmax(m.logits) = 9 (float32 9)"))
    }

    @Test("inspect prints the weights; eval says which output wins and the task's answer")
    func inspectAndEvalSayWhatAResearcherLooksFor() throws {
        let inspect = try FarkasProcess.run(["inspect", "examples/models/zoo_2nd_argmax_2_2.pth"])
        #expect(inspect.standardOutput.contains("      -0.38212356  1.2886474\n"))
        let json = try FarkasProcess.run(["inspect", "examples/models/zoo_2nd_argmax_2_2.pth", "--json"])
        let summaries = try JSONDecoder().decode([ModelSummary].self, from: Data(json.standardOutput.utf8))
        #expect(summaries.first?.tensors.first { $0.name == "linear.weight" }?.values == [["9.540969", "-25.69231"], ["-9.538148", "25.63807"]])
        let eval = try FarkasProcess.run(["eval", "examples/models/zoo_2nd_argmax_2_2.pth", "--input", "0.5, -1"])
        #expect(eval.standardOutput.contains("winner: logits[1]\ntask: 2nd-argmax; its answer: 1"))
        let cycle = try FarkasProcess.run(["eval", "examples/models/zoo_longest_cycle_4_4.pth", "--input", "1 2 3 0"])
        #expect(cycle.standardOutput.contains("task: longest-cycle; its answer: 3"))
        let tie = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "0, 0", "--task", "argmedian"])
        #expect(tie.standardOutput.contains("winner: none: logits 0, 1 tie at the top"))
        #expect(tie.standardOutput.contains("task: argmedian; its answer: none"))
        let bad = try FarkasProcess.run(["eval", "examples/models/handcrafted_2nd_argmax_2.pth", "--input", "0, 0", "--task", "sorting"])
        #expect(bad.status == 64)
    }

    @Test func aSignalReadOnTwoModelsIsShownSideBySide() throws {
        let run = try FarkasProcess.run(["prove", "proofs/trained_2nd_argmax_4_3.claims", "--statement", "neuron3_needed", "--no-certificates"])
        #expect(run.standardOutput.contains("logits[0]: a3 = ~3.372115 (float32 3.3721159), m = ~-0.263753 (float32 -0.2637532)"))
        #expect(!run.standardOutput.contains("a3.logits[0] ="))
        // The report names the models the file builds, with their edits.
        #expect(run.standardOutput.contains("\n  model a3 = m without neuron 3\n"))
    }

    @Test("measures over a finite domain give exact shares; an expectation decides them; check recounts")
    func measuresOverPoints() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-measures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/measures.claims", "--certificates", folder.path])
        #expect(run.status == 1, "first_wins_often is refuted")
        #expect(run.standardOutput.contains("measured  accuracy           share 1 (4 of 4 points)"))
        #expect(run.standardOutput.contains("proved    first_wins         share 1/4 ~ 0.250000 (1 of 4 points), expected <= 1/4"))
        #expect(run.standardOutput.contains("refuted   first_wins_often   share 1/4 ~ 0.250000 (1 of 4 points), expected > 1/2"))
        #expect(run.standardOutput.contains("measured  when_first_largest share 1 (2 of 2 points)"))
        #expect(run.standardOutput.contains("vacuous: no point satisfies the assumptions and the where part, so the share is 0"))
        let check = try FarkasProcess.run(["check", "Tests/FarkasTests/Fixtures/measures.claims", "--certificates", folder.path])
        #expect(check.standardOutput.contains("5 of 5 certificates valid"))
        #expect(check.status == 1, "a valid certificate of a refuted measure fails check")
        // Counts that are not the points' are invalid.
        let path = folder.appendingPathComponent("measures.claims/accuracy.farkascert").path
        var certificate = try Certificate(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        certificate.evidence = .counts(event: 3, region: 4)
        try Data(certificate.encoded()).write(to: URL(fileURLWithPath: path))
        let tampered = try FarkasProcess.run(["check", "Tests/FarkasTests/Fixtures/measures.claims", "--certificates", folder.path])
        #expect(tampered.standardOutput.contains("invalid  accuracy           the counts are 3 of 4, but 4 of 4 points satisfy the measure"))
        // Uniform measures of a box of the plane are exact fractions (areas of polygons) with replayable certificates.
        let box = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/measure_on_box.claims", "--certificates", folder.path])
        #expect(box.status == 0)
        #expect(box.standardOutput.contains("proved    quarter      probability 1/4 ~ 0.250000000000 (exact: areas of 4 polygons), expected >= 1/4"))
        #expect(box.standardOutput.contains("measured  corner       probability 1/8 ~ 0.125000000000 (exact"))
        #expect(box.standardOutput.contains("measured  errors       probability 6532318480509575324625538106463275069/53721337435260172799100393335318022979584"))
        let boxCheck = try FarkasProcess.run(["check", "Tests/FarkasTests/Fixtures/measure_on_box.claims", "--certificates", folder.path])
        #expect(boxCheck.standardOutput.contains("3 of 3 certificates valid"))
        // In three dimensions a box's measure is a uniform-sample estimate.
        let box3 = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/measure_on_box_3.claims", "--no-certificates"])
        #expect(box3.standardOutput.contains("of 100,000 uniform samples, decided exactly"))
        let nonConstant = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/measure_expectation.claims"])
        #expect(nonConstant.status == 65)
        #expect(nonConstant.standardError.contains("measure_expectation.claims:3:44: error: 'expect' compares the share with a constant"))
    }

    @Test("maximize and minimize: exact optima with points, unbounded and infeasible answers, certificates, JUnit, located errors")
    func optimization() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-optimize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let claims = "Tests/FarkasTests/Fixtures/optimization.claims"
        let xml = folder.appendingPathComponent("prove.xml").path
        let run = try FarkasProcess.run(["prove", claims, "--certificates", folder.path, "--junit", xml])
        #expect(run.status == 0, "optima without a failed expectation fail nothing")
        let out = run.standardOutput
        // The M2,2 margin, equal to the one bisection found (proofs/zoo_2nd_argmax_2_2.claims).
        #expect(out.contains("optimal    margin        max = 423500514934239299/655780773564893474883 ~ 0.000645795870 (attained)"))
        #expect(out.contains("proved     margin_pinned max = 423500514934239299/655780773564893474883"))
        #expect(out.contains("(the infimum, not attained)"))
        #expect(out.contains("unbounded  scale_free    max = +infinity (unbounded)"))
        #expect(out.contains("so the optimum is 0 or unbounded; to measure scale-free, add 'where max(abs(x)) <= 1'"))
        #expect(out.contains("optimal    open_top      max = 2 (the supremum, not attained)"))
        #expect(out.contains("approached within 1.8e-12 at x = [1099511627775/1099511627776, 1099511627775/1099511627776]"))
        #expect(out.contains("infeasible nothing       min over no input (infeasible)"))
        #expect(out.contains("proved     nothing_below min over no input (infeasible), expected >= 5"))
        let junit = try String(contentsOfFile: xml, encoding: .utf8)
        #expect(junit.contains(#"<property name="maximum" value="423500514934239299/655780773564893474883"/>"#))
        #expect(junit.contains(#"<property name="attained" value="false"/>"#))
        let check = try FarkasProcess.run(["check", claims, "--certificates", folder.path])
        #expect(check.standardOutput.contains("7 of 7 certificates valid"), "\(check.standardOutput)")
        // --reuse reports the optimum its certificate holds.
        let reused = try FarkasProcess.run(["prove", claims, "--certificates", folder.path, "--reuse"])
        #expect(reused.standardOutput.contains("optimal    margin        max = 423500514934239299/655780773564893474883 ~ 0.000645795870 (attained)"))
        #expect(reused.standardOutput.contains("optimal    open_top      max = 2 (the supremum, not attained)"))
        // A certificate claiming a larger maximum than the point attains is invalid.
        let path = folder.appendingPathComponent("optimization.claims/margin.farkascert").path
        var certificate = try Certificate(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        guard case .optimum(_, let point, let bound, let attainment) = certificate.evidence else {
            Issue.record("the margin's certificate holds no optimum")
            return
        }
        certificate.evidence = .optimum(value: Rational(1) / Rational(1548), point: point, bound: bound, attainment: attainment)
        try Data(certificate.encoded()).write(to: URL(fileURLWithPath: path))
        let tampered = try FarkasProcess.run(["check", claims, "--certificates", folder.path])
        #expect(tampered.standardOutput.contains("invalid  margin"), "\(tampered.standardOutput)")
        #expect(tampered.status != 0)
        // A direction that leaves the region is no ray.
        let rayPath = folder.appendingPathComponent("optimization.claims/scale_free.farkascert").path
        var ray = try Certificate(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: rayPath))))
        guard case .unbounded(let start, _) = ray.evidence else {
            Issue.record("the unbounded certificate holds no ray")
            return
        }
        ray.evidence = .unbounded(point: start, direction: [Rational(1), Rational(0)])
        try Data(ray.encoded()).write(to: URL(fileURLWithPath: rayPath))
        let badRay = try FarkasProcess.run(["check", claims, "--certificates", folder.path])
        #expect(badRay.standardOutput.contains("invalid  scale_free"), "\(badRay.standardOutput)")

        let mistakes = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/optimization_mistakes.claims"])
        #expect(mistakes.status == 65)
        #expect(mistakes.standardError.contains("optimization_mistakes.claims:3:20: error: 'maximize' optimizes a scalar, found a vector of length 2"))
        #expect(mistakes.standardError.contains("optimization_mistakes.claims:4:26: error: 'minimize' optimizes a scalar, found a boolean"))
        #expect(mistakes.standardError.contains("optimization_mistakes.claims:5:50: error: 'expect' compares the optimum with a constant"))
    }

    @Test("Gaussian measures on R^2: certified digits, expectations decided by the bracket, certificates that list the sectors")
    func planeMeasures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-plane-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let claims = "Tests/FarkasTests/Fixtures/plane_measures.claims"
        let proveXML = folder.appendingPathComponent("prove.xml").path
        let run = try FarkasProcess.run(["prove", claims, "--certificates", folder.path, "--junit", proveXML])
        // JUnit carries the bracket, rounded outward, and says why a refuted measure failed.
        let properties = try String(contentsOfFile: proveXML, encoding: .utf8)
        #expect(properties.contains(#"<property name="bracket_low" value="0.0000774314917800279097910995646168229035"/>"#))
        #expect(properties.contains(#"<property name="bracket_high" value="0.0000774314917800279097910995646168250942"/>"#))
        #expect(properties.contains(#"<failure message="the probability 0.25000000000000000000000000000000000 (certified to 35 decimal places) is not &gt; 0.2501"/>"#))
        #expect(run.status == 1)
        #expect(run.standardOutput.contains("measured  error_rate     probability 0.0000774314917800279097910995646168 (certified to 34 decimal places)"))
        #expect(run.standardOutput.contains("proved    quadrant       probability 0.25000000000000000000000000000000000 (certified to 35 decimal places), expected >= 0.2499"))
        #expect(run.standardOutput.contains("refuted   given_positive probability 0.25000000000000000000000000000000000 (certified to 35 decimal places), expected > 0.2501"))
        // 1/2 is exact, but a bracket of an irrational sum never decides it: unknown, said so.
        #expect(run.standardOutput.contains("unknown   undecided      probability 0.50000000000000000000000000000000000 (certified to 35 decimal places), expected >= 1/2"))
        #expect(run.standardOutput.contains("                         the bracket of the probability contains 1/2"))
        let junit = folder.appendingPathComponent("check.xml").path
        let check = try FarkasProcess.run(["check", claims, "--certificates", folder.path, "--junit", junit])
        #expect(check.standardOutput.contains("3 of 4 certificates valid"))
        // --reuse measures again, so every number is still reported.
        let reused = try FarkasProcess.run(["prove", claims, "--certificates", folder.path, "--reuse"])
        #expect(reused.standardOutput.contains("measured  error_rate     probability 0.0000774314917800279097910995646168"))
        #expect(reused.standardOutput.contains("refuted   given_positive probability 0.25"))
        // A valid certificate of a measured statement passes; the refuted one and the missing one fail.
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<failure").count - 1 == 2, "\(xml)")
        // A ray left out joins two sectors in which a sign changes: invalid.
        let path = folder.appendingPathComponent("plane_measures.claims/error_rate.farkascert").path
        let original = try Certificate(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        guard case .sectors(let rays, let bits) = original.evidence else { Issue.record("no sectors"); return }
        for (tampered, reason) in [
            (Certificate.Evidence.sectors(rays: rays.enumerated().filter { $0.offset != 2 }.map(\.element), bits: bits), "a sign changes inside the sector"),
            (Certificate.Evidence.sectors(rays: [rays[0]] + rays.dropFirst().reversed(), bits: bits), "counterclockwise"),
        ] {
            var certificate = original
            certificate.evidence = tampered
            try Data(certificate.encoded()).write(to: URL(fileURLWithPath: path))
            let again = try FarkasProcess.run(["check", claims, "--certificates", folder.path])
            #expect(again.standardOutput.contains("invalid  error_rate") && again.standardOutput.contains(reason), "\(again.standardOutput)")
        }
        var flipped = original
        flipped.verdict = .proved
        try Data(flipped.encoded()).write(to: URL(fileURLWithPath: path))
        #expect(try FarkasProcess.run(["check", claims, "--certificates", folder.path]).standardOutput.contains("the bracket makes the verdict 'measured', not 'proved'"))
    }

    @Test("--precision sets the bracket's digits: too few leave an expectation unknown, too few to accept is a usage error")
    func measurePrecision() throws {
        let coarse = try FarkasProcess.run(["prove", "proofs/zoo_2nd_argmax_2_2.claims", "--statement", "error_rate", "--precision", "32", "--no-certificates"])
        #expect(coarse.status == 2)
        #expect(coarse.standardOutput.contains("the bracket of the probability contains"))
        let fine = try FarkasProcess.run(["prove", "proofs/zoo_2nd_argmax_2_2.claims", "--statement", "error_rate", "--precision", "512", "--no-certificates"])
        #expect(fine.status == 0)
        #expect(fine.standardOutput.contains("(certified to 40 decimal places)"))
        let wrong = try FarkasProcess.run(["prove", "proofs/zoo_2nd_argmax_2_2.claims", "--precision", "3"])
        #expect(wrong.status == 64)
    }

    @Test("a Gaussian measure on R^3 is certified from solid angles; the checker replays the split tree and rejects a forged one")
    func sphereMeasures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-sphere-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let claims = "Tests/FarkasTests/Fixtures/sphere_measures.claims"
        let run = try FarkasProcess.run(["prove", claims, "--certificates", folder.path])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("proved    accuracy     probability 0.99993656981587269164777459614744"))
        #expect(run.standardOutput.contains("measured  ordered      probability 0.1666666666666666666666666666666666"))
        let check = try FarkasProcess.run(["check", claims, "--certificates", folder.path])
        #expect(check.standardOutput.contains("2 of 2 certificates valid"))
        // Eight leaves (the octants uncut) leave signs changing inside cells.
        let path = folder.appendingPathComponent("sphere_measures.claims/accuracy.farkascert").path
        var certificate = try Certificate(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        certificate.evidence = .sphere(steps: Array(repeating: .leaf, count: 8), bits: 128)
        try Data(certificate.encoded()).write(to: URL(fileURLWithPath: path))
        let tampered = try FarkasProcess.run(["check", claims, "--certificates", folder.path])
        #expect(tampered.standardOutput.contains("invalid  accuracy"), "\(tampered.standardOutput)")
        #expect(tampered.standardOutput.contains("a sign changes inside the cell"))
    }

    @Test("a Gaussian measure on R^5 is estimated from its cones: labelled with its method and error, and never failing")
    func coneEstimates() throws {
        let junit = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-cones-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: junit) }
        let run = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/cone_estimate.claims", "--no-certificates", "--junit", junit])
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<property name="kind" value="estimate"/>"#) && xml.contains(#"<property name="estimated_error" value=""#), "\(xml)")
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("measured  sorted_accuracy probability ~ 0.8556"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("(estimated: the 657 cones of its linear pieces, cut in doubles, each one's truth decided exactly"))
        #expect(run.standardOutput.contains("± the estimated error, not a bound; not certified; plain Monte Carlo would need ~"))
    }

    @Test("a Gaussian measure on R^10 is a sampled estimate: labelled, never failing, and check says it has no certificate")
    func gaussianEstimates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("farkas-estimate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let claims = "Tests/FarkasTests/Fixtures/gaussian_estimate.claims"
        let run = try FarkasProcess.run(["prove", claims, "--certificates", folder.path, "--junit", folder.appendingPathComponent("prove.xml").path])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("measured  accuracy     probability ~ 0.92"))
        #expect(run.standardOutput.contains("of 100,000 Gaussian samples, decided exactly; ± one standard error; not certified)"))
        #expect(try String(contentsOfFile: folder.appendingPathComponent("prove.xml").path, encoding: .utf8).contains(#"<property name="kind" value="estimate"/>"#))
        let junit = folder.appendingPathComponent("check.xml").path
        let check = try FarkasProcess.run(["check", claims, "--certificates", folder.path, "--junit", junit])
        #expect(check.status == 0)
        #expect(try !String(contentsOfFile: junit, encoding: .utf8).contains("<failure"), "an estimate is no JUnit failure")
        #expect(check.standardOutput.contains("estimate accuracy     an estimate, not certified: there is no certificate to check"))
        #expect(check.standardOutput.contains("0 of 0 certificates valid"))
        #expect(check.standardOutput.contains("1 estimate without one"))
    }

    @Test func unknownStatementNameIsAnError() throws {
        let run = try FarkasProcess.run(["prove", "proofs/handcrafted_2nd_argmax_2.claims", "--statement", "corect", "--statement", "correct", "--no-certificates"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("no claim or witness named 'corect' in proofs/handcrafted_2nd_argmax_2.claims; did you mean 'correct'?"))
        #expect(run.standardError.contains("note: its statements: correct, first_step, second_step, logit_gap, tie_fails"))
        #expect(run.standardOutput.contains("proved    correct"))
    }

    @Test func exhaustedBudgetExitsTwo() throws {
        let run = try FarkasProcess.run(["prove", "proofs/handcrafted_2nd_argmax_3.claims", "--statement", "correct_with_margin", "--max-conflicts", "5"])
        #expect(run.status == 2)
        #expect(run.standardOutput.contains("unknown   correct_with_margin"))
        #expect(run.standardOutput.contains("reached the maximum of 5 conflicts"))
    }

    @Test func rejectedFileExitsWithDiagnostics() throws {
        // mistakes.claims names a model file that does not exist: 66, as
        // for any missing input, with every other fault reported too.
        let run = try FarkasProcess.run(["prove", "Tests/ClaimsTests/Fixtures/mistakes.claims"])
        #expect(run.status == 66)
        #expect(run.standardError.contains("mistakes.claims:5:46: error: unknown function 'argsrot'"))
        #expect(run.standardError.contains("note: did you mean 'argsort'?"))
        // A file with faults but no missing file exits 65.
        let points = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/bad_points.claims"])
        #expect(points.status == 65)
        #expect(points.standardError.contains("bad_points.claims:3:19: error: bad_points.csv:3: the row has 2 numbers, expected 3"))
    }

    @Test("a missing model or points file exits 66 with one error, relative paths said to be relative")
    func missingFilesExit66() throws {
        let model = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/missing_model.claims"])
        #expect(model.status == 66)
        #expect(model.standardError.components(separatedBy: "error:").count == 2, "\(model.standardError)")
        #expect(model.standardError.contains("cannot read \"nowhere.pth\" (relative to the claims file)"))
        let absolute = try FarkasProcess.run(["export-smt", "Tests/FarkasTests/Fixtures/missing_absolute_model.claims", "--statement", "c"])
        #expect(absolute.status == 66)
        #expect(absolute.standardError.contains("cannot read \"/no/such/model.pth\": "))
        let points = try FarkasProcess.run(["check", "Tests/FarkasTests/Fixtures/missing_points.claims"])
        #expect(points.status == 66)
        #expect(points.standardError.contains("cannot read the points file \"nowhere.csv\""))
    }

    @Test func pointsClaimsCountTheirCounterexamples() throws {
        let run = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/bad_points.claims", "--statement", "c"])
        #expect(run.status == 65)
        let good = try FarkasProcess.run(["prove", "Tests/FarkasTests/Fixtures/points.claims", "--no-certificates"])
        #expect(good.status == 1)
        #expect(good.standardOutput.contains("proved    correct      4 points"))
        #expect(good.standardOutput.contains("refuted   first_wins   x = [4/5, 1, 0]"))
        #expect(good.standardOutput.contains("fails at 1 of 4 points: point 2"))
    }

    @Test func exportedQueryIsValidSMTLIB() throws {
        let run = try FarkasProcess.run(["export-smt", "proofs/handcrafted_2nd_argmax_2.claims", "--statement", "correct"])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("; Farkas query for claim 'correct'"))
        #expect(run.standardOutput.contains("(set-logic QF_LRA)"))
        let unwritable = try FarkasProcess.run(["export-smt", "proofs/handcrafted_2nd_argmax_2.claims", "--statement", "correct", "-o", "/no/such/folder/q.smt2"])
        #expect(unwritable.status == 73)
        #expect(unwritable.standardError == "error: cannot write /no/such/folder/q.smt2: No such file or directory\n")
        // An unknown statement: the same message and exit status as prove's.
        let missing = try FarkasProcess.run(["export-smt", "proofs/handcrafted_2nd_argmax_2.claims", "--statement", "corect"])
        #expect(missing.status == 64)
        #expect(missing.standardError.contains("no claim or witness named 'corect' in proofs/handcrafted_2nd_argmax_2.claims; did you mean 'correct'?"))
        // The map from the script's names back to inputs and signals, and the model on sat.
        #expect(run.standardOutput.contains("; n0 is x[0]"))
        #expect(run.standardOutput.contains("; n10 is m.logits[0]"))
        #expect(run.standardOutput.hasSuffix("(check-sat)\n(get-model)\n"))
    }
}
