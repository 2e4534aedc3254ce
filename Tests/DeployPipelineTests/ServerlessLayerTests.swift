import DeployManifests
import DeployPipeline
import Foundation
import Testing

@Suite("serverless.yml layers: onto managed layers and ARNs")
struct ServerlessLayerTests {
    static let file = """
        service: orders
        provider:
          name: aws
          runtime: python3.12
          layers:
            - arn:aws:lambda:us-east-1:123456789012:layer:shared-tools:7
        layers:
          python-deps:
            path: layers/deps
            description: requests and friends
            compatibleRuntimes: [python3.12]
            compatibleArchitectures: [arm64]
            retain: false
          tools:
            path: /opt/tools
            name: ${sls:stage}-tools
        functions:
          api:
            handler: handler.main
            layers:
              - Ref: PythonDashdepsLambdaLayer
              - !Ref ToolsLambdaLayer
              - arn:aws:lambda:us-east-1:123456789012:layer:extension:2
          worker:
            handler: worker.main
        """

    func functions() throws -> [String: FunctionDeployment] {
        let configuration = try DeploymentConfiguration(
            serverless: try ServerlessFile(yaml: Self.file), sourceDirectory: "/src/orders", stage: "prod", region: "us-east-1",
            environment: [:])
        return Dictionary(uniqueKeysWithValues: configuration.functions.map { ($0.name, $0) })
    }

    @Test("a function's Ref and !Ref name the top-level layers by their logical ids; ARNs stay ARNs; the key is the default name")
    func functionLayers() throws {
        let api = try #require(try functions()["orders-prod-api"])
        let deps = LayerDeployment(
            name: "python-deps", source: .directory("/src/orders/layers/deps"), compatibleRuntimes: ["python3.12"],
            compatibleArchitectures: ["arm64"], description: "requests and friends")
        let tools = LayerDeployment(name: "prod-tools", source: .directory("/opt/tools"))
        #expect(api.layers == [.managed(deps), .managed(tools), .arn("arn:aws:lambda:us-east-1:123456789012:layer:extension:2")])
    }

    @Test("every stage stores the function's package under SERVICE/FUNCTION: one object, promoted")
    func artifactName() throws {
        #expect(try functions()["orders-prod-api"]?.artifactName == "orders/api")
    }

    @Test("provider.layers apply to a function that names none")
    func providerLayers() throws {
        #expect(try functions()["orders-prod-worker"]?.layers == [.arn("arn:aws:lambda:us-east-1:123456789012:layer:shared-tools:7")])
    }

    @Test("a Ref to a layer the file does not define is a typed error naming it")
    func unknownReference() throws {
        let text = Self.file.replacingOccurrences(of: "!Ref ToolsLambdaLayer", with: "!Ref ToolLambdaLayer")
        let error = #expect(throws: DeploymentDiagnosis.self) {
            _ = try DeploymentConfiguration(
                serverless: try ServerlessFile(yaml: text), sourceDirectory: "/src", stage: "prod", environment: [:])
        }
        #expect(error?.summary.contains("ToolLambdaLayer, which `layers:` does not define") == true, "\(String(describing: error))")
    }

    @Test(
        "logical ids as the Serverless Framework spells them",
        arguments: [
            ("deps", "DepsLambdaLayer"), ("python-deps", "PythonDashdepsLambdaLayer"), ("my_layer", "MyUnderscorelayerLambdaLayer"),
        ])
    func logicalIDs(_ key: String, _ expected: String) {
        #expect(ServerlessLayer.logicalID(forKey: key) == expected)
    }
}
