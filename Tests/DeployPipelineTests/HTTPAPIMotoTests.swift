import DeployAPIGateway
import DeployAsyncHTTPClient
import DeployCore
import DeployLambda
import DeployLogs
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// HTTP APIs (API Gateway v2) end to end against moto: one API per name, each function's
/// integration and routes, scoped permissions, the endpoint lines, stale routes removed.
@Suite("HTTP APIs on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct HTTPAPIMotoTests {
    let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)

    func deploy(_ functions: [FunctionDeployment]) async throws -> DeploymentReport {
        var pipeline = DeploymentPipeline(configuration: try PipelineFixture.configuration(recorder), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        return await pipeline.deploy(
            DeploymentConfiguration(functions: functions, workDirectory: NSTemporaryDirectory() + "http-api-tests"))
    }

    func function(_ api: String, routes: [String], name: String = MotoEnvironment.uniqueName("http")) -> FunctionDeployment {
        var function = PipelineFixture.hello(name)
        function.routes = []
        function.httpAPI = HTTPAPISettings(name: api, routes: routes, cors: .permissive)
        return function
    }

    @Test(
        "two functions on one HTTP API: created once, each route to its function, stage-less endpoint lines; a route that left is deleted")
    func sharedAPI() async throws {
        let api = MotoEnvironment.uniqueName("prod-shop")
        var hello = function(api, routes: ["GET /hello", "POST /hello"])
        let items = function(api, routes: ["ANY /items/{id}"])
        let report = try await deploy([hello, items])
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        let http = HTTPAPIClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let apis = try await http.apis().collect().filter { $0.name == api }
        #expect(apis.count == 1, "one API per name")
        let id = try #require(apis.first?.id)
        #expect(Set(try await http.routes(apiID: id).collect().map(\.routeKey)) == ["GET /hello", "POST /hello", "ANY /items/{id}"])
        #expect(try await http.stageNames(apiID: id) == ["$default"])
        #expect(
            report[function: hello.name]?.endpoints.map(\.description) == [
                "GET - https://\(id).execute-api.us-east-1.amazonaws.com/hello",
                "POST - https://\(id).execute-api.us-east-1.amazonaws.com/hello",
            ])
        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let policy = try await lambda.policyDocument(hello.name, qualifier: "live")
        #expect(
            policy.allows(
                principal: "apigateway.amazonaws.com", sourceARN: "arn:aws:execute-api:us-east-1:123456789012:\(id)/*/GET/hello"))
        #expect(
            try await lambda.policyDocument(items.name, qualifier: "live").allows(
                principal: "apigateway.amazonaws.com", sourceARN: "arn:aws:execute-api:us-east-1:123456789012:\(id)/*/*/items/{id}"))

        recorder.clear()
        let again = try await deploy([hello, items])
        #expect(again.succeeded)
        #expect(!recorder.requests.contains { ($0.request.path ?? "").hasPrefix("/v2/") && $0.request.method != .get }, "nothing to change")

        hello.httpAPI?.routes = ["GET /hello"]
        let fewer = try await deploy([hello])
        #expect(fewer.succeeded, "\(fewer) \(fewer.functions.compactMap(\.diagnosis))")
        #expect(Set(try await http.routes(apiID: id).collect().map(\.routeKey)) == ["GET /hello", "ANY /items/{id}"])
    }

    @Test("teardown: a function's routes and integration go, the shared API stays for the other; the last one takes the API; log groups go")
    func teardown() async throws {
        let api = MotoEnvironment.uniqueName("prod-gone")
        var first = function(api, routes: ["GET /a"])
        first.logRetentionInDays = 7
        let second = function(api, routes: ["GET /b"])
        let report = try await deploy([first, second])
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        let aws = try PipelineFixture.configuration(AsyncHTTPClientTransport.shared)
        let http = HTTPAPIClient(configuration: aws)
        let id = try #require(try await http.api(named: api)?.id)
        #expect(try await http.api(named: api)?.tags?["lambdadeploykit:managed"] == "true")
        let logs = CloudWatchLogsClient(configuration: aws)
        #expect(try await logs.logGroup("/aws/lambda/\(first.name)") != nil)

        var pipeline = DeploymentPipeline(configuration: aws, logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        let only = DeploymentConfiguration(functions: [first], workDirectory: NSTemporaryDirectory() + "http-api-tests")
        let plan = try await pipeline.planTeardown(only)
        let deletes = plan[function: first.name]?.actions.filter { $0.change == .delete }.map(\.resource) ?? []
        #expect(deletes.contains("HTTP API \(api)") && deletes.contains("log group /aws/lambda/\(first.name)"), "\(plan)")
        #expect(plan.description.contains("1 route(s) of other functions stay: left"), "\(plan)")
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(try await http.routes(apiID: id).collect().map(\.routeKey) == ["GET /b"])
        #expect(try await http.integrations(apiID: id).collect().count == 1)
        #expect(try await logs.logGroup("/aws/lambda/\(first.name)") == nil)

        let last = try await pipeline.planTeardown(DeploymentConfiguration(functions: [second], workDirectory: only.workDirectory))
        #expect(await pipeline.apply(last).report().succeeded)
        #expect(try await http.api(named: api) == nil, "the last function took the API with it")
    }
}
