import DeployAsyncHTTPClient
import DeployCore
import DeployLambda
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// Function URLs end to end against moto: created on the alias with the public permissions Lambda
/// requires, kept, changed to IAM (the public statements removed), and deleted.
@Suite("Function URLs on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct FunctionURLMotoTests {
    let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)

    func absentIfNotFound<T>(_ read: () async throws -> T) async throws -> T? {
        do { return try await read() } catch let error as AWSServiceError where error.statusCode == 404 { return nil }
    }

    func deploy(_ function: FunctionDeployment) async throws -> DeploymentReport {
        var pipeline = DeploymentPipeline(configuration: try PipelineFixture.configuration(recorder), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        return await pipeline.deploy(DeploymentConfiguration(functions: [function], workDirectory: NSTemporaryDirectory() + "url-tests"))
    }

    func statements(_ name: String) async throws -> [String] {
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        // An alias without statements has no policy at all.
        return try await absentIfNotFound { try await lambda.policyDocument(name, qualifier: "live") }?.statements.compactMap(\.id).sorted()
            ?? []
    }

    @Test(
        "url: public on the alias, both statements, the endpoint line and dotenv; kept; then IAM, its public statements removed; then gone")
    func lifecycle() async throws {
        var function = PipelineFixture.hello()
        function.routes = []
        function.url = FunctionURLSettings(cors: .permissive)
        let first = try await deploy(function)
        #expect(first.succeeded, "\(first) \(first.functions.compactMap(\.diagnosis))")
        let endpoint = try #require(first.functions.first?.endpoints.first)
        #expect(endpoint.url.contains(".lambda-url.us-east-1.on.aws") && endpoint.method == "ANY", "\(endpoint)")
        #expect(first.endpointLines == ["ANY - \(endpoint.url)"])
        #expect(try await statements(function.name) == ["lambdadeploykit-url-invoke", "lambdadeploykit-url-public"])
        let key = function.name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        #expect(DotenvFile.values(for: first).contains { $0.key == "\(key)_FUNCTION_URL" && $0.value == endpoint.url })
        let created = try #require(recorder.requests.first { ($0.request.path ?? "").contains("/url") && $0.request.method == .post })
        #expect((created.request.path ?? "").contains("Qualifier=live"))
        let grants = recorder.requests.filter { ($0.request.path ?? "").contains("/policy") && $0.request.method == .post }
            .map { String(decoding: $0.body, as: UTF8.self) }
        #expect(grants.contains { $0.contains(#""FunctionUrlAuthType":"NONE""#) && $0.contains("lambda:InvokeFunctionUrl") })
        #expect(grants.contains { $0.contains(#""InvokedViaFunctionUrl":true"#) && $0.contains(#""Action":"lambda:InvokeFunction""#) })

        recorder.clear()
        let again = try await deploy(function)
        #expect(again.succeeded)
        #expect(again.functions.first?.steps.contains { $0.step == .url } == true)
        #expect(!recorder.requests.contains { ($0.request.path ?? "").contains("/url") && $0.request.method != .get })

        function.url = FunctionURLSettings(authType: .awsIAM)
        let iam = try await deploy(function)
        #expect(iam.succeeded, "\(iam) \(iam.functions.compactMap(\.diagnosis))")
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        #expect(try await lambda.functionURL(function.name, qualifier: "live").authType == .awsIAM)
        #expect(try await statements(function.name).isEmpty, "a URL that is no longer public keeps no public statement")

        function.url = nil
        let removed = try await deploy(function)
        #expect(removed.succeeded)
        await #expect(throws: AWSServiceError.self) { _ = try await lambda.functionURL(function.name, qualifier: "live") }
    }
}
