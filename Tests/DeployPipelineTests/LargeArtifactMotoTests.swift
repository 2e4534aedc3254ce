import DeployAsyncHTTPClient
import DeployCore
import DeployLambda
import DeployPipeline
import DeployS3
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// A package above Lambda's 50 MB direct-upload limit, end to end on moto with auth on.
@Suite("A 60 MB artifact on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct LargeArtifactMotoTests {
    let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)

    @Test("multipart to the automatic bucket, the function created from it; the next stage reuses the object: no second upload")
    func sixtyMegabytes() async throws {
        let folder = NSTemporaryDirectory() + MotoEnvironment.uniqueName("sixty")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(PipelineFixture.handler.utf8).write(to: URL(fileURLWithPath: folder + "/lambda_function.py"))
        // Incompressible: the zip stays above 50 MB.
        let random = try await ChildProcess.run(["sh", "-c", "head -c 60000000 /dev/urandom > '\(folder)/model.bin'"])
        #expect(random.status == 0, "\(random.output)")

        var pipeline = DeploymentPipeline(configuration: try PipelineFixture.configuration(recorder), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        let service = MotoEnvironment.uniqueName("svc")
        func stage(_ name: String) -> FunctionDeployment {
            var function = FunctionDeployment(
                name: "\(service)-\(name)-model", source: .directory(folder), handler: "lambda_function.lambda_handler",
                runtime: "python3.12", role: .managed("\(service)-\(name)-role"))
            function.artifactName = "\(service)/model"
            return function
        }
        let work = NSTemporaryDirectory() + "large-artifact-tests"
        let dev = await pipeline.deploy(DeploymentConfiguration(functions: [stage("dev")], workDirectory: work))
        #expect(dev.succeeded, "\(dev) \(dev.functions.compactMap(\.diagnosis))")
        let bucket = S3Client.deploymentBucketName(account: "123456789012", region: "us-east-1")
        let parts = recorder.requests.filter { $0.request.method == .put && ($0.request.path ?? "").contains("partNumber=") }
        #expect(parts.count == 8, "60,000,000 bytes in 8 MiB parts")
        #expect(parts.allSatisfy { $0.body.count <= 8 << 20 })
        let created = try #require(
            recorder.requests.first { ($0.request.path ?? "").hasSuffix("/functions") && $0.request.method == .post })
        let code = (try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])?["Code"] as? [String: String]
        #expect(code?["S3Bucket"] == bucket && code?["S3Key"]?.hasPrefix("lambdadeploykit/\(service)/model/") == true)

        let lambda = LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let size = try FileManager.default.attributesOfItem(atPath: work + "/\(service)-dev-model.zip")[.size] as? Int
        #expect(try await lambda.configuration("\(service)-dev-model").codeSize == size)

        recorder.clear()
        let prod = await pipeline.deploy(DeploymentConfiguration(functions: [stage("prod")], workDirectory: work))
        #expect(prod.succeeded, "\(prod) \(prod.functions.compactMap(\.diagnosis))")
        let uploads = recorder.requests.filter {
            ($0.request.path ?? "").hasPrefix("/\(bucket)/") && ($0.request.method == .put || $0.request.method == .post)
        }
        #expect(uploads.isEmpty, "the object dev uploaded serves prod")
        #expect(prod.functions.first?.steps.contains { $0.step == .artifact && $0.detail.contains("not uploaded again") } == true)
        let s3 = S3Client(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        #expect(try await s3.multipartUploads(bucket: bucket).collect().isEmpty)
    }
}
