import DeployCore
import DeployManifests
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Synchronization
import Testing

/// What a GitLab job shows of a deploy: collapsible log sections, the JUnit report (read back by
/// junitparser, the reader GitLab's format follows), and the dotenv report's versions.
@Suite("GitLab output: job-log sections, JUnit report, dotenv versions")
struct GitLabOutputTests {
    static let esc = "\u{1B}"

    @Test(
        "sections: GitLab's documented markers byte for byte; collapsed when a step succeeded, open with the fix and log when it failed"
    )
    func sections() throws {
        let times = [1_800_000_000.0, 1_800_000_003, 1_800_000_010, 1_800_000_011, 1_800_000_020, 1_800_000_021]
        let index = Counter()
        var sections = GitLabSections(now: { Date(timeIntervalSince1970: times[min(index.next(), times.count - 1)]) })
        #expect(sections.lines(for: .stepStarted(function: "app", step: .publish)).isEmpty, "held until the step ends")
        let published = sections.lines(for: .stepFinished(function: "app", step: .publish, detail: "version 2", duration: .seconds(3)))
        #expect(
            published == [
                "\(Self.esc)[0Ksection_start:1800000000:app_publish_1[collapsed=true]\r\(Self.esc)[0K[app] publish: version 2 (3.00 s)",
                "\(Self.esc)[0Ksection_end:1800000003:app_publish_1\r\(Self.esc)[0K",
            ])
        // GitLab's documentation writes the same bytes with echo -e.
        let documented = try #require(
            "\\e[0Ksection_start:1800000000:app_publish_1[collapsed=true]\\r\\e[0K[app] publish: version 2 (3.00 s)"
                .replacingOccurrences(of: "\\e", with: Self.esc).replacingOccurrences(of: "\\r", with: "\r") as String?)
        #expect(published.first == documented)

        #expect(sections.lines(for: .stepStarted(function: "app", step: .healthCheck)).isEmpty)
        var diagnosis = DeploymentDiagnosis(kind: .healthCheckFailed, summary: "version 2 answered 502.", fix: "Check the logs.")
        diagnosis.logTail = "START\n[ERROR] KeyError: 'TABLE'"
        let failed = sections.lines(for: .stepFailed(function: "app", step: .healthCheck, diagnosis: diagnosis))
        #expect(
            failed.first
                == "\(Self.esc)[0Ksection_start:1800000010:app_health_check_2\r\(Self.esc)[0K"
                + "[app] health check failed: version 2 answered 502."
        )
        #expect(!failed[0].contains("collapsed"), "a failed step stays open")
        #expect(
            Array(failed.dropFirst().dropLast()) == ["fix: Check the logs.", "log (end):", "  | START", "  | [ERROR] KeyError: 'TABLE'"])
        #expect(failed.last == "\(Self.esc)[0Ksection_end:1800000011:app_health_check_2\r\(Self.esc)[0K")
        #expect(sections.lines(for: .runFinished(succeeded: false, duration: .seconds(21))) == ["deployment failed in 21.00 s"])
        #expect(GitLabSections.sectionName("my fn/*:alias") == "my_fn___alias")
        #expect(GitLabSections.isGitLabCI(["GITLAB_CI": "true"]) && !GitLabSections.isGitLabCI([:]))
    }

    @Test("JUnit: a passing deploy, a failed health check with its log tail, a rollout failing at step 2 — read back by junitparser")
    func junit() async throws {
        let lambda = FakeLambda()
        let pipeline = try EngineTests.pipeline(lambda.transport)
        let first = await pipeline.deploy(EngineTests.deployment([EngineTests.function("v1")]))
        lambda.failingInvocation.withLock { $0 = (error: "'TABLE'", log: "START\n[ERROR] KeyError: 'TABLE' <&>\nEND\n") }
        let unhealthy = await pipeline.deploy(EngineTests.deployment([EngineTests.function("v2")]))
        lambda.failingInvocation.withLock { $0 = nil }

        let world = try await RolloutTests.World()
        var rollout = FunctionDeployment.Rollout.steps([.init(weight: 0.1, bake: .seconds(60)), .init(weight: 0.5, bake: .seconds(60))])
        rollout.gates = [RolloutGate("orders") { $0.step == 2 ? .fail("orders fell to 0") : .pass }]
        let failedRollout = await world.deploy(rollout)

        let folder = NSTemporaryDirectory() + "junit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let paths = [first, unhealthy, failedRollout].enumerated().map { "\(folder)/\($0.offset).xml" }
        for (report, path) in zip([first, unhealthy, failedRollout], paths) { try JUnitReport.write(report, to: path) }
        let script = """
            import json, sys, xml.etree.ElementTree as tree
            import junitparser
            out = []
            for path in sys.argv[1:]:
                tree.parse(path)  # well-formed XML
                xml = junitparser.JUnitXml.fromfile(path)
                cases = []
                for suite in xml:
                    for case in suite:
                        failure = next((r for r in case.result if isinstance(r, junitparser.Failure)), None)
                        cases.append({"suite": suite.name, "name": case.name, "passed": case.is_passed,
                                      "message": failure.message if failure is not None else None,
                                      "text": failure.text if failure is not None else None})
                out.append({"tests": xml.tests, "failures": xml.failures, "cases": cases})
            print(json.dumps(out))
            """
        let run = try await ChildProcess.run(["python3", "-c", script] + paths, mergeErrors: false)
        #expect(run.status == 0, "\(run.output)")
        let parsed = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]] ?? []
        try #require(parsed.count == 3)
        func cases(_ index: Int) -> [[String: Any]] { parsed[index]["cases"] as? [[String: Any]] ?? [] }
        func names(_ index: Int) -> [String] { cases(index).map { $0["name"] as? String ?? "" } }
        func passed(_ index: Int) -> [Bool] { cases(index).map { $0["passed"] as? Bool ?? false } }

        #expect(names(0) == ["deploy", "health check"] && passed(0) == [true, true])
        #expect(parsed[0]["failures"] as? Int == 0)

        #expect(names(1) == ["deploy", "health check"] && passed(1) == [false, false], "\(cases(1))")
        let health = cases(1)[1]
        #expect((health["text"] as? String)?.contains("[ERROR] KeyError: 'TABLE' <&>") == true, "the log tail, escaped and read back")
        #expect((health["message"] as? String)?.contains("the health check failed") == true)

        #expect(names(2) == ["deploy", "health check", "rollout step 1", "rollout step 2"], "\(cases(2))")
        #expect(passed(2) == [false, true, true, false])
        #expect((cases(2)[3]["message"] as? String)?.contains("gate orders failed at step 2 of 2 (50% to version 2)") == true)
        #expect(parsed[2]["tests"] as? Int == 4 && parsed[2]["failures"] as? Int == 2)
    }

    @Test("dotenv: DEPLOYED_VERSION and PREVIOUS_VERSION for the manual rollback job, per function too")
    func dotenvVersions() async throws {
        let lambda = FakeLambda()
        let pipeline = try EngineTests.pipeline(lambda.transport)
        let first = await pipeline.deploy(EngineTests.deployment([EngineTests.function("v1")]))
        #expect(DotenvFile.values(for: first).filter { $0.key.contains("PREVIOUS") }.isEmpty, "nothing served before")
        let second = await pipeline.deploy(EngineTests.deployment([EngineTests.function("v2")]))
        let values = Dictionary(uniqueKeysWithValues: DotenvFile.values(for: second).map { ($0.key, $0.value) })
        #expect(values["DEPLOYED_VERSION"] == "2" && values["PREVIOUS_VERSION"] == "1")
        #expect(values["APP_VERSION"] == "2" && values["APP_PREVIOUS_VERSION"] == "1")
    }

    @Test("the generated pipeline declares the JUnit report (uploaded on failure too) and a manual rollback job to PREVIOUS_VERSION")
    func generatedPipeline() throws {
        let pipeline = PipelineManifests.gitLabPipeline(packagePath: "Examples/HelloPipeline", product: "hello-pipeline")
        let deploy = try #require(pipeline[job: "deploy"])
        #expect(deploy.artifacts?.reports?.junit == ["deploy-junit.xml"] && deploy.artifacts?.when == "always")
        #expect(deploy.script?.first?.contains("--junit deploy-junit.xml") == true)
        let rollback = try #require(pipeline[job: "rollback"])
        #expect(rollback.rules?.first?.when == "manual")
        #expect(rollback.needs?.map(\.job) == ["build", "deploy"])
        #expect(rollback.script == ["./Examples/HelloPipeline/.build/release/hello-pipeline rollback --to \"$PREVIOUS_VERSION\""])
        let file = try GitLabCIFile(yaml: pipeline.yaml, fileName: ".gitlab-ci.yml")
        #expect(file.validate(options: GitLabValidationOptions(isFragment: false)).isEmpty, "\(file.validate())")
    }
}

/// A counter a `@Sendable` clock closure can step.
final class Counter: Sendable {
    private let value = Mutex(-1)
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
