import DeployAsyncHTTPClient
import DeployLambda
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// Changed-only deploys against moto: the inputs' fingerprint recorded in the version published,
/// an unchanged function skipped before its package is built, drift and changes still deployed.
@Suite("Changed-only deploys on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct ChangedOnlyMotoTests {
    let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)
    let work = NSTemporaryDirectory() + "changed-only-" + UUID().uuidString
    let source: String

    init() throws {
        source = work + "/src"
        try FileManager.default.createDirectory(atPath: source + "/lib", withIntermediateDirectories: true)
        try PipelineFixture.handler.write(toFile: source + "/lambda_function.py", atomically: true, encoding: .utf8)
        try "VALUE = 1\n".write(toFile: source + "/lib/helper.py", atomically: true, encoding: .utf8)
    }

    func function() -> FunctionDeployment {
        var function = FunctionDeployment(
            name: MotoEnvironment.uniqueName("changedOnly"), source: .directory(source), handler: "lambda_function.lambda_handler",
            runtime: "python3.12", memorySize: 256, role: .managed("changed-only-role"))
        function.routes = []
        return function
    }

    func deploy(_ function: FunctionDeployment, skipping: Bool = true) async throws -> FunctionReport {
        var pipeline = DeploymentPipeline(configuration: try PipelineFixture.configuration(recorder), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        var configuration = DeploymentConfiguration(functions: [function], workDirectory: work + "/build")
        configuration.skipsUnchangedFunctions = skipping
        let report = await pipeline.deploy(configuration)
        let only = try #require(report.functions.first)
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        return only
    }

    @Test("deployed once, then skipped unbuilt with reads only; drift, a changed file and a rollback are deployed again")
    func skipsUntilSomethingChanges() async throws {
        defer { try? FileManager.default.removeItem(atPath: work) }
        let function = function()
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let built = work + "/build/\(function.name).zip"

        let first = try await deploy(function)
        let fingerprint = try #require(first.inputFingerprint)
        #expect(first.outcome == .deployed(version: "1") && first.packageWasBuilt)
        #expect(fingerprint == (try InputFingerprint.of(function).hex))
        let recorded = try await lambda.configuration(function.name, qualifier: "1").description
        #expect(recorded == "[lambdadeploykit:input-sha256=\(fingerprint)]")
        // The alias records the version it was moved to, with its fingerprint and code.
        let codeSHA256 = try #require(first.codeSHA256)
        let aliasRecord = "[lambdadeploykit:serves=1 input-sha256=\(fingerprint) code-sha256=\(codeSHA256)]"
        #expect(try await lambda.alias(function.name, name: "live").description == aliasRecord)

        // Nothing changed: no package, nothing but reads, the report says why.
        try FileManager.default.removeItem(atPath: built)
        recorder.clear()
        let second = try await deploy(function)
        #expect(second.outcome == .unchanged(version: "1") && !second.packageWasBuilt)
        #expect(second.description.contains("unchanged (fingerprint \(fingerprint.prefix(12))): version 1 is live"), "\(second)")
        #expect(second.steps.first { $0.step == .package }?.detail == "unchanged (fingerprint \(fingerprint.prefix(12))): not built")
        #expect(!FileManager.default.fileExists(atPath: built), "the package was not built")
        let writes = recorder.requests.filter { !$0.isRead }
        #expect(writes.isEmpty, "\(writes.map { "\($0.request.method) \($0.request.path ?? "")" })")
        // The alias's record names the version it serves: that version is not read.
        let versionReads = recorder.requests.filter { ($0.request.path ?? "").contains("/configuration?Qualifier=") }
        #expect(versionReads.isEmpty, "\(versionReads.map { $0.request.path ?? "" })")

        // Someone changed the memory in the console: the inputs did not change, the live state did.
        _ = try await lambda.updateFunctionConfiguration(function.name, FunctionSettings(memorySize: 512))
        let drifted = try await deploy(function)
        #expect(drifted.packageWasBuilt && drifted.outcome == .deployed(version: "2"), "\(drifted)")
        #expect(try await lambda.configuration(function.name, qualifier: "live").memorySize == 256)
        #expect(try await deploy(function).packageWasBuilt == false)

        // A file changed: built and deployed, the new fingerprint recorded on the new version.
        try "VALUE = 2\n".write(toFile: source + "/lib/helper.py", atomically: true, encoding: .utf8)
        let changed = try await deploy(function)
        #expect(changed.packageWasBuilt && changed.outcome == .deployed(version: "3"))
        #expect(changed.inputFingerprint != fingerprint)
        let third = try await lambda.configuration(function.name, qualifier: "3").description
        #expect(third == "[lambdadeploykit:input-sha256=\(changed.inputFingerprint ?? "")]")

        // Rolled back by hand to version 1, whose record is the old inputs': deployed again.
        var pipeline = DeploymentPipeline(configuration: try PipelineFixture.configuration(recorder), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        _ = try await pipeline.rollback(function: function.name, to: "1")
        recorder.clear()
        let restored = try await deploy(function)
        #expect(restored.packageWasBuilt, "\(restored)")
        // The alias's record names version 3, the alias serves 1: version 1 was read for its record.
        #expect(recorder.requests.contains { ($0.request.path ?? "").contains("/configuration?Qualifier=1") })
        #expect(try await lambda.alias(function.name, name: "live").functionVersion != "1")

        // Asked not to skip: built and compared as before the fingerprint existed.
        let forced = try await deploy(function, skipping: false)
        #expect(forced.packageWasBuilt && forced.outcome == .unchanged(version: restored.servingVersion ?? "?"), "\(forced)")

        // Someone uploaded other code to `$LATEST` without publishing: the alias's recorded code differs, built again.
        _ = try await lambda.updateFunctionCode(function.name, code: .zip(try await PipelineFixture.zip(marker: "console")))
        _ = try await lambda.waitUntilUpdated(function.name)
        let codeDrift = try await deploy(function)
        #expect(codeDrift.packageWasBuilt, "\(codeDrift)")
        #expect(try await lambda.configuration(function.name).codeSHA256 == restored.codeSHA256)
    }

    @Test("a configuration change is a change of inputs: deployed, not skipped; a long description keeps the record whole")
    func configurationChange() async throws {
        defer { try? FileManager.default.removeItem(atPath: work) }
        var function = function()
        function.description = String(repeating: "a long description ", count: 20)
        let first = try await deploy(function)
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let recorded = try #require(try await lambda.configuration(function.name, qualifier: "1").description)
        #expect(
            recorded.count <= 256 && recorded.hasSuffix("[lambdadeploykit:input-sha256=\(first.inputFingerprint ?? "")]"), "\(recorded)")
        function.timeout = 9
        let changed = try await deploy(function)
        #expect(changed.packageWasBuilt && changed.outcome == .deployed(version: "2"), "\(changed)")
        #expect(try await deploy(function).packageWasBuilt == false)
    }
}
