import DeployTestSupport
import Foundation
import Testing

@testable import DeployManifests

@Suite("Lambda runtime dates")
struct RuntimeLifecycleTests {
    static func file(_ runtime: String) throws -> ServerlessFile {
        try ServerlessFile(yaml: "service: s\nprovider:\n  name: aws\n  runtime: \(runtime)\n")
    }

    static func severity(_ runtime: String, on day: String) throws -> Finding.Severity? {
        let options = ServerlessValidationOptions(date: LambdaRuntimes.day(day)!)
        return try file(runtime).validate(options: options).first { $0.rule == "sls.runtime.deprecated" }?.severity
    }

    @Test("the severity follows the date: nothing, a warning once deprecated or creates are blocked, an error once updates are")
    func severityFollowsTheDate() throws {
        // python3.9: deprecated 2025-12-15, creates blocked 2026-06-01, updates blocked 2026-07-01.
        #expect(try Self.severity("python3.9", on: "2025-12-14") == nil)
        #expect(try Self.severity("python3.9", on: "2025-12-15") == .warning)
        #expect(try Self.severity("python3.9", on: "2026-06-15") == .warning)
        #expect(try Self.severity("python3.9", on: "2026-07-01") == .error)
        // nodejs16.x was deprecated in 2024 but AWS moved its blocks to 2026: a year on, deploys still worked.
        #expect(try Self.severity("nodejs16.x", on: "2025-08-01") == .warning)
        #expect(try Self.severity("python3.12", on: "2026-12-02") == nil)
        #expect(try Self.severity("python2.7", on: "2026-12-02") == .error)
    }

    @Test("the message says which date applies")
    func messageNamesTheDate() throws {
        let options = ServerlessValidationOptions(date: LambdaRuntimes.day("2026-06-15")!)
        let finding = try #require(try Self.file("nodejs18.x").validate(options: options).first { $0.rule == "sls.runtime.deprecated" })
        #expect(finding.message.contains("blocked creating functions on `nodejs18.x` since 2026-06-01"), "\(finding.message)")
        #expect(finding.message.contains("2026-07-01"))
        #expect(finding.fix.contains("nodejs24.x"))
    }

    @Test("the table matches the one cfn-lint 1.51.0 ships (AWS's published dates)")
    func matchesCfnLint() async throws {
        let script = """
            import json, os, cfnlint
            path = os.path.join(os.path.dirname(cfnlint.__file__), "data", "AdditionalSpecs", "LmbdRuntimeLifecycle.json")
            print(json.dumps(json.load(open(path))))
            """
        let result = try await ChildProcess.run(["python3", "-c", script], mergeErrors: false)
        try #require(result.status == 0, "cfn-lint is not importable: .ci/install-deps installs cfn-lint==1.51.0")
        let table = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: [String: Any]])
        #expect(Set(table.keys) == Set(LambdaRuntimes.lifecycles.keys))
        for (runtime, dates) in table {
            let ours = LambdaRuntimes.lifecycles[runtime]
            #expect(ours?.deprecated == dates["deprecated"] as? String, "\(runtime) deprecated")
            #expect(ours?.blocksCreate == dates["create-block"] as? String, "\(runtime) create-block")
            #expect(ours?.blocksUpdate == dates["update-block"] as? String, "\(runtime) update-block")
        }
    }
}
