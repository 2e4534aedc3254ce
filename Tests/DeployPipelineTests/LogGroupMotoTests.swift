import DeployAsyncHTTPClient
import DeployLogs
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// The function's log group and its retention, against moto.
@Suite("Log groups on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct LogGroupMotoTests {
    let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)

    func deploy(_ function: FunctionDeployment) async throws -> DeploymentReport {
        var pipeline = DeploymentPipeline(configuration: try PipelineFixture.configuration(recorder), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        return await pipeline.deploy(DeploymentConfiguration(functions: [function], workDirectory: NSTemporaryDirectory() + "log-tests"))
    }

    @Test("logRetentionInDays: the group created with it before the function, kept when unchanged, changed when it changes")
    func retention() async throws {
        var function = PipelineFixture.hello()
        function.routes = []
        function.logRetentionInDays = 14
        let first = try await deploy(function)
        #expect(first.succeeded, "\(first) \(first.functions.compactMap(\.diagnosis))")
        let logs = CloudWatchLogsClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        #expect(try await logs.logGroup("/aws/lambda/\(function.name)")?.retentionInDays == 14)

        recorder.clear()
        let again = try await deploy(function)
        #expect(again.functions.first?.steps.contains { $0.step == .logs && $0.detail == "kept 14 days" } == true, "\(again)")
        #expect(!recorder.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("retentionInDays") })

        function.logRetentionInDays = 30
        #expect(try await deploy(function).succeeded)
        #expect(try await logs.logGroup("/aws/lambda/\(function.name)")?.retentionInDays == 30)
    }
}
