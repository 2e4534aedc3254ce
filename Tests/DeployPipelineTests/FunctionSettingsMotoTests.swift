import DeployAsyncHTTPClient
import DeployLambda
import DeployPipeline
import DeployTestSupport
import Foundation
import Testing

/// The function's architecture, /tmp and tracing on moto (moto keeps them from CreateFunction; it
/// ignores them in UpdateFunctionConfiguration, so updates are tested on FakeLambda, EngineTests).
@Suite("Function settings on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct FunctionSettingsMotoTests {
    @Test("created on arm64 with 2,048 MB of /tmp and active tracing, as Lambda reports them back")
    func created() async throws {
        var function = PipelineFixture.hello()
        function.routes = []
        function.architecture = "arm64"
        function.ephemeralStorage = 2048
        function.tracingMode = "Active"
        var pipeline = DeploymentPipeline(
            configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        let report = await pipeline.deploy(
            DeploymentConfiguration(functions: [function], workDirectory: NSTemporaryDirectory() + "settings-tests"))
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let configuration = try await lambda.configuration(function.name)
        #expect(configuration.architectures == ["arm64"])
        #expect(configuration.ephemeralStorage?.size == 2048)
        #expect(configuration.tracing?.mode == "Active")
    }
}
