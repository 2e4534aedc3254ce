import DeployAsyncHTTPClient
import DeployCore
import DeployManifests
import DeployPipeline
import DeploySigV4
import DeployTesting
import Foundation
import Testing

/// The guides' generated files, kept honest. (The guides' Swift samples are compiled as written by
/// `LambdaDeployKitTests`' DocumentationSnippets.swift.)
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
