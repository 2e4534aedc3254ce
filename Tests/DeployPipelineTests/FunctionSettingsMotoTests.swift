import DeployAsyncHTTPClient
import DeployIAM
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

    @Test("in a VPC with a KMS key, a dead-letter queue and JSON logs: the managed role gets AWSLambdaVPCAccessExecutionRole")
    func networkAndLogging() async throws {
        var function = PipelineFixture.hello()
        function.routes = []
        function.vpc = FunctionVPC(subnetIDs: ["subnet-0a1b2c3d"], securityGroupIDs: ["sg-0a1b2c3d"])
        function.kmsKeyARN = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d"
        function.deadLetterTargetARN = "arn:aws:sqs:us-east-1:123456789012:failed"
        function.logging = FunctionLogging(format: "JSON", applicationLogLevel: "INFO", systemLogLevel: "WARN")
        var pipeline = DeploymentPipeline(
            configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        let configuration = DeploymentConfiguration(functions: [function], workDirectory: NSTemporaryDirectory() + "settings-tests")
        let report = await pipeline.deploy(configuration)
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        let iam = IAMClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let attached = try await iam.attachedRolePolicies(roleName: "\(function.name)-role").collect().map(\.name)
        #expect(attached == ["AWSLambdaVPCAccessExecutionRole"])
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let live = try await lambda.configuration(function.name)
        #expect(
            live.vpc?.subnetIDs == ["subnet-0a1b2c3d"] && live.vpc?.securityGroupIDs == ["sg-0a1b2c3d"], "\(String(describing: live.vpc))")
        let again = try await pipeline.plan(configuration)
        #expect(again[function: function.name]?.actions.first { $0.step == .role }?.change == .keep, "attached once")
    }

    @Test(
        "reserved concurrency set, read back, unchanged on the next plan (provisioned concurrency is tested on FakeLambda: moto lacks it)")
    func reservedConcurrency() async throws {
        var function = PipelineFixture.hello()
        function.routes = []
        function.reservedConcurrency = 5
        var pipeline = DeploymentPipeline(
            configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        let configuration = DeploymentConfiguration(functions: [function], workDirectory: NSTemporaryDirectory() + "settings-tests")
        let report = await pipeline.deploy(configuration)
        #expect(report.succeeded, "\(report)")
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        #expect(try await lambda.reservedConcurrency(function.name) == 5)
        let again = try await pipeline.plan(configuration)
        #expect(again.isEmpty, "\(again)")
    }
}
