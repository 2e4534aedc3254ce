import DeployAsyncHTTPClient
import DeployCore
import DeployManifests
import DeployPipeline
import DeploySigV4
import DeployTesting
import Foundation
import Testing

/// The guides' code and generated files, kept honest: each snippet here is the one a guide shows.
@Suite("Guides")
struct GuideTests {
    static let documentation = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Documentation")

    /// The first fenced block of `language` in a guide.
    static func block(_ language: String, in guide: String) throws -> String {
        let text = try String(contentsOf: documentation.appendingPathComponent(guide), encoding: .utf8)
        guard let start = text.range(of: "```\(language)\n"), let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex)
        else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return String(text[start.upperBound..<end.lowerBound]) + "\n"
    }

    @Test("GitLabPipeline.md shows exactly the file PipelineManifests generates")
    func generatedPipelineInTheGuide() throws {
        let generated = PipelineManifests.gitLabPipeline(packagePath: "Examples/HelloPipeline", product: "hello-pipeline").yaml
        let shown = try Self.block("yaml", in: "GitLabPipeline.md")
        #expect(shown == generated, "regenerate the guide's block:\n\(generated)")
    }

    // Deploying.md, "Plan, then apply"
    func planThenApply(configuration: AWSConfiguration, deployment: DeploymentConfiguration) async throws {
        let pipeline = DeploymentPipeline(configuration: configuration)
        let plan = try await pipeline.plan(deployment)  // reads only; packages are built to compare CodeSha256
        print(plan)
        guard !plan.isEmpty else { return }  // after a deploy, an unchanged plan is empty
        let report = await pipeline.apply(plan).report()  // exactly that plan
        print(report)
        // Teardown: the plan to the empty state, printed first, applied on purpose.
        let teardown = try await pipeline.planTeardown(deployment)
        print(teardown)
        _ = await pipeline.apply(teardown).report()
    }

    // Deploying.md, "One function"
    func oneFunction(configuration: AWSConfiguration) async -> DeploymentReport {
        let hello = FunctionDeployment(
            name: "myLambdaFunction",
            source: .directory("function", patterns: ["!**", "lambda_function.py"]),
            handler: "lambda_function.lambda_handler",
            runtime: "python3.12",
            role: .managed("myLambdaFunction-role"),
            routes: [HTTPRoute(method: "GET", path: "/hello", cors: true)],
            api: APISettings(name: "myLambdaFunction-api", stage: "production")
        )
        let pipeline = DeploymentPipeline(configuration: configuration)
        let run = pipeline.run(DeploymentConfiguration(functions: [hello], dotenvPath: "deploy.env"))
        for await event in run.events {
            print(event)  // [myLambdaFunction] publish: version 3 (41 ms)
        }
        let report = await run.report()
        print(report.endpointLines)  // ["GET - https://ID.execute-api.us-east-1.amazonaws.com/production/hello"]
        return report
    }

    // Deploying.md, "From serverless.yml"
    func fromServerless(configuration: AWSConfiguration) async throws -> DeploymentReport {
        let file = try ServerlessFile(contentsOf: "serverless.yml")
        let deployment = try DeploymentConfiguration(serverless: file, sourceDirectory: ".", stage: "production", region: "us-east-1")
        return await DeploymentPipeline(configuration: configuration).deploy(deployment)
    }

    // Rollback.md
    func safeRollout() -> FunctionDeployment {
        var hello = FunctionDeployment(
            name: "myLambdaFunction", source: .archive("function.zip"), handler: "lambda_function.lambda_handler",
            runtime: "python3.12", role: .arn("arn:aws:iam::123456789012:role/hello"))
        hello.healthCheck = HealthCheck(event: Array(#"{"path": "/hello"}"#.utf8), probesEndpoint: true) { result in
            result.statusCode == 200 && result.text.contains("Your function executed successfully!")
        }
        hello.rollout = .canary(weight: 0.1)
        return hello
    }

    // Testing.md, "Recording and injecting faults"
    func faultInjection(deployment: DeploymentConfiguration) async throws {
        let transport = FaultInjectingTransport(wrapping: AsyncHTTPClientTransport.shared, seed: 42, probability: 0.15)
        let configuration = try AWSConfiguration(region: "us-east-1", transport: transport)
        let report = await DeploymentPipeline(configuration: configuration).deploy(deployment)
        print(report.functions.map(\.outcome))
        print(transport.injected)  // [(operation: "PUT /2015-03-31/functions/hello/aliases/live", fault: .serverErrorAfterDelivery), …]
    }

    @Test("a serverless.yml becomes the same deployment as the typed configuration")
    func serverlessInput() throws {
        let file = try ServerlessFile(yaml: SeedManifests.serverless().text)
        let deployment = try DeploymentConfiguration(
            serverless: file, sourceDirectory: "/src", stage: "production", region: "us-east-1", environment: [:])
        let function = try #require(deployment.functions.first)
        #expect(
            function.name == "myLambdaFunction" && function.handler == "lambda_function.lambda_handler" && function.runtime == "python3.12")
        #expect(function.routes == [HTTPRoute(method: "GET", path: "/hello", cors: true)])
        #expect(function.api.stage == "production")
        #expect(function.memorySize == 128 && function.timeout == 10)
        guard case .directory(let folder, let patterns) = function.source else {
            Issue.record("source")
            return
        }
        #expect(folder == "/src" && patterns == ["!**", "lambda_function.py"])
    }
}
