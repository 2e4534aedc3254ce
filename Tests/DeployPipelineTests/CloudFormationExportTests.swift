import DeployPipeline
import DeploySecrets
import DeployTestSupport
import Foundation
import Testing

@Suite("CloudFormation export of the desired state, checked by cfn-lint")
struct CloudFormationExportTests {
    func deployment() -> DeploymentConfiguration {
        let seed = FunctionDeployment(
            name: "myLambdaFunction", source: .directory("function"), handler: "lambda_function.lambda_handler", runtime: "python3.12",
            memorySize: 128, timeout: 10, role: .managed("myLambdaFunction-role"),
            routes: [HTTPRoute(method: "GET", path: "/hello", cors: true)])
        var orders = FunctionDeployment(
            name: "orders-api", source: .directory("orders"), handler: "app.handler", runtime: "nodejs22.x", memorySize: 512,
            environment: ["STAGE": "prod", "DB_PASSWORD": .secret(SecretReference(secretID: "prod/db", jsonKey: "password"))],
            role: .arn("arn:aws:iam::123456789012:role/orders"),
            routes: [HTTPRoute(method: "POST", path: "/orders"), HTTPRoute(method: "GET", path: "/orders/{id}")])
        orders.architecture = "arm64"
        orders.logRetentionInDays = 14
        orders.tracingMode = "Active"
        orders.tags = ["team": "orders"]
        orders.layers = [.arn("arn:aws:lambda:us-east-1:123456789012:layer:deps:3")]
        return DeploymentConfiguration(functions: [seed, orders])
    }

    @Test("the seed and a configured function: cfn-lint 1.51.0 finds no error; secrets as dynamic references; the same bytes twice")
    func lintsClean() async throws {
        let text = try CloudFormationExport.json(deployment())
        #expect(text == (try CloudFormationExport.json(deployment())))
        #expect(text.contains("{{resolve:secretsmanager:prod/db:SecretString:password}}"))
        let template = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let resources = try #require(template["Resources"] as? [String: [String: Any]])
        let types = resources.values.compactMap { $0["Type"] as? String }
        for type in [
            "AWS::IAM::Role", "AWS::Lambda::Function", "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::Logs::LogGroup",
            "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Method", "AWS::Lambda::Permission", "AWS::ApiGateway::Deployment",
        ] {
            #expect(types.contains(type), "\(type)")
        }
        #expect(types.filter { $0 == "AWS::ApiGateway::Resource" }.count == 3, "/hello, /orders, /orders/{id}")
        #expect(types.filter { $0 == "AWS::Lambda::Permission" }.count == 3)
        let path = NSTemporaryDirectory() + "export-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lint = try await ChildProcess.run(["cfn-lint", "--format", "parseable", path], mergeErrors: true)
        // cfn-lint's exit code is a bit set (2 errors, 4 warnings, 8 informational): none of them.
        #expect(lint.status == 0, "cfn-lint: \(lint.status)\n\(lint.output)")
    }

    @Test("a managed layer is refused with what to do instead")
    func managedLayerRefused() {
        var deployment = deployment()
        deployment.functions[1].layers = [.managed(LayerDeployment(name: "deps", source: .directory("layer")))]
        #expect(throws: DeploymentDiagnosis.self) { try CloudFormationExport.json(deployment) }
    }
}
