import DeployAsyncHTTPClient
import DeployCore
import DeployLambda
import DeploySigV4
import DeployTestSupport
import DeployZip
import Foundation
import Testing

/// Lambda's layer operations over real HTTP against moto, with SigV4 and IAM checking on.
@Suite("Lambda layers on moto (auth on)", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct LambdaLayerMotoTests {
    func lambda() throws -> LambdaClient {
        LambdaClient(
            configuration: try MotoEnvironment.configuration(
                credentials: MotoEnvironment.admin!, region: "us-east-1", transport: AsyncHTTPClientTransport.shared))
    }

    /// A layer zip on disk: `python/marker.py`.
    func layerZip(_ marker: String) async throws -> (path: String, sha: String) {
        let path = NSTemporaryDirectory() + "layer-\(UUID().uuidString).zip"
        let summary = try await DeploymentPackage.build(entries: [PackageEntry(path: "python/marker.py", text: marker)], to: path)
        return (path, summary.codeSHA256)
    }

    @Test("publish from a file (streamed) twice, list newest first, get with CodeSha256, delete")
    func lifecycle() async throws {
        let lambda = try lambda()
        let name = MotoEnvironment.uniqueName("layer")
        let first = try await layerZip("A = 1")
        let second = try await layerZip("A = 2")
        let one = try await lambda.publishLayerVersion(
            LayerDefinition(name: name, content: .zipFile(path: first.path), description: "first", compatibleRuntimes: ["python3.12"]))
        let two = try await lambda.publishLayerVersion(LayerDefinition(name: name, content: .zipFile(path: second.path)))
        #expect(one.version == 1 && two.version == 2)
        #expect(one.arn == "arn:aws:lambda:us-east-1:123456789012:layer:\(name):1")
        #expect(one.codeSHA256 == first.sha && two.codeSHA256 == second.sha)
        let listed = try await lambda.layerVersions(name).collect()
        #expect(listed.map(\.version) == [2, 1])
        #expect(listed.last?.description == "first" && listed.last?.compatibleRuntimes == ["python3.12"])
        let got = try await lambda.layerVersion(name, version: 1)
        let size = try FileManager.default.attributesOfItem(atPath: first.path)[.size] as? Int
        #expect(got.codeSHA256 == first.sha && got.codeSize == size)

        try await lambda.deleteLayerVersion(name, version: 1)
        #expect(try await lambda.layerVersions(name).collect().map(\.version) == [2])
        #expect(try await lambda.layerVersions(MotoEnvironment.uniqueName("none")).collect().isEmpty)
    }

    @Test("a layer name Lambda would refuse is refused before anything is sent")
    func invalidName() async throws {
        let lambda = try lambda()
        await #expect(throws: LambdaInputError.self) {
            _ = try await lambda.publishLayerVersion(LayerDefinition(name: "my layer", content: .zip(Array("PK".utf8))))
        }
        await #expect(throws: LambdaInputError.self) { _ = try await lambda.layerVersion(String(repeating: "x", count: 141), version: 1) }
    }
}
