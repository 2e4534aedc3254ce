import DeployAsyncHTTPClient
import DeployCore
import DeployLambda
import DeployPipeline
import DeploySigV4
import DeployTestSupport
import DeployTesting
import DeployZip
import Foundation
import Testing

/// Managed layers end to end against moto: published by content, attached, shared, pruned, and
/// Lambda's limits across a function and its layers checked before anything is sent.
@Suite("Layers on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct LayerMotoTests {
    let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)

    func pipeline() throws -> DeploymentPipeline {
        var pipeline = DeploymentPipeline(configuration: try PipelineFixture.configuration(recorder), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        return pipeline
    }

    func lambda() throws -> LambdaClient { LambdaClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared)) }

    func deploy(_ functions: [FunctionDeployment]) async throws -> DeploymentReport {
        await (try pipeline()).deploy(DeploymentConfiguration(functions: functions, workDirectory: NSTemporaryDirectory() + "layer-tests"))
    }

    var publications: [RecordedRequest] {
        recorder.requests.filter { $0.request.method == .post && ($0.request.path ?? "").contains("/2018-10-31/layers/") }
    }

    /// A Python project: the handler, a requirements.txt naming `requests`, and `requests`
    /// installed into `build/requirements`.
    static func project(dependency: String = "VERSION = 1") throws -> String {
        let root = NSTemporaryDirectory() + MotoEnvironment.uniqueName("layer-project")
        let files = [
            "lambda_function.py": PipelineFixture.handler, "requirements.txt": "requests==2.32.3\n",
            "build/requirements/requests/__init__.py": dependency + "\n",
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static func function(_ name: String, source root: String, layer: String, kept: Int = 3) throws -> FunctionDeployment {
        var function = FunctionDeployment(
            name: name, source: .directory(root), handler: "lambda_function.lambda_handler", runtime: "python3.12",
            role: .managed("\(name)-role"))
        function = try function.splittingDependencies(into: layer, dependencies: "build/requirements")
        if case .managed(var managed) = function.layers[0] {
            managed.keptVersions = kept
            function.layers[0] = .managed(managed)
        }
        return function
    }

    @Test("the layers job: publishLayers publishes a shared layer once, deploys no function, then keeps it; the shards find it published")
    func layersJobThenShards() async throws {
        let layer = MotoEnvironment.uniqueName("shared-deps")
        let root = try Self.project()
        let functions = try (0..<4).map { try Self.function(MotoEnvironment.uniqueName("sharded-\($0)"), source: root, layer: layer) }
        let deployment = DeploymentConfiguration(functions: functions, workDirectory: NSTemporaryDirectory() + "layer-tests")
        let lambda = try lambda()

        let first = try await (try pipeline()).publishLayers(deployment)
        #expect(first.map(\.name) == [layer] && first.first?.wasPublished == true && first.first?.version == 1, "\(first)")
        #expect(publications.count == 1)
        #expect(!recorder.requests.contains { $0.request.method == .post && ($0.request.path ?? "").hasSuffix("/2015-03-31/functions") })
        await #expect(throws: AWSServiceError.self) { try await lambda.configuration(functions[0].name) }
        let again = try await (try pipeline()).publishLayers(deployment)
        #expect(again.first?.wasPublished == false && again.first?.version == 1, "\(again)")
        #expect(publications.count == 1, "unchanged: not published again")

        // The deploy jobs after it: shards that split the layer's functions, each finding version 1.
        recorder.clear()
        for index in 1...2 {
            let shard = try deployment.shard(index: index, of: 2, layersPublishedEarlier: true)
            #expect(shard.functions.count == 2, "split, not kept together: \(shard.functions.map(\.name))")
            let report = await (try pipeline()).deploy(shard)
            #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        }
        #expect(publications.isEmpty, "the shards published nothing")
        for function in functions {
            #expect(try await lambda.configuration(function.name).layers?.map(\.arn) == [first[0].arn])
        }
    }

    @Test("a dependency layer: published, attached, kept when unchanged, a new version when a dependency changes, the old one pruned")
    func dependencyLayerLifecycle() async throws {
        let name = MotoEnvironment.uniqueName("layered")
        let layer = MotoEnvironment.uniqueName("deps")
        let root = try Self.project()
        let lambda = try lambda()

        let first = try await deploy([try Self.function(name, source: root, layer: layer, kept: 1)])
        #expect(first.succeeded, "\(first) \(first.functions.compactMap(\.diagnosis))")
        #expect(publications.count == 1)
        let versions = try await lambda.layerVersions(layer).collect()
        #expect(versions.map(\.version) == [1])
        #expect(try await lambda.configuration(name).layers?.map(\.arn) == versions.map(\.arn))
        // The function's zip holds the handler, not the dependencies; the layer holds them under python/.
        let functionZip = try DeploymentArchive(contentsOf: NSTemporaryDirectory() + "layer-tests/\(name).zip")
        #expect(functionZip.entries.map(\.path).sorted() == ["lambda_function.py", "requirements.txt"])
        let layerZip = try DeploymentArchive(contentsOf: NSTemporaryDirectory() + "layer-tests/layers/\(layer).zip")
        #expect(layerZip.entries.map(\.path) == ["python/", "python/requests/", "python/requests/__init__.py"])
        let published = try await lambda.layerVersion(layer, version: 1)
        #expect(
            published.codeSHA256
                == SHA256Hasher.hash(try Data(contentsOf: URL(fileURLWithPath: NSTemporaryDirectory() + "layer-tests/layers/\(layer).zip")))
                .base64String)

        recorder.clear()
        let plan = try await (try pipeline()).plan(
            DeploymentConfiguration(
                functions: [try Self.function(name, source: root, layer: layer, kept: 1)],
                workDirectory: NSTemporaryDirectory() + "layer-tests"))
        #expect(plan[function: name]?.action(.layer)?.change == .keep)
        #expect(plan.isEmpty, "\(plan)")
        #expect(publications.isEmpty)

        let changed = try Self.project(dependency: "VERSION = 2")
        let second = try await deploy([try Self.function(name, source: changed, layer: layer, kept: 1)])
        #expect(second.succeeded, "\(second) \(second.functions.compactMap(\.diagnosis))")
        #expect(publications.count == 1)
        let after = try await lambda.layerVersions(layer).collect()
        #expect(after.map(\.version) == [2], "version 1 is no function's any more: pruned")
        #expect(try await lambda.configuration(name).layers?.map(\.arn) == after.map(\.arn))
    }

    @Test("a layer through S3 (route .always): uploaded to the deployment bucket by content, published from it, attached")
    func layerThroughS3() async throws {
        let name = MotoEnvironment.uniqueName("layered-s3")
        let layer = MotoEnvironment.uniqueName("deps-s3")
        let bucket = MotoEnvironment.uniqueName("artifacts")
        var pipeline = try pipeline()
        pipeline.artifacts = ArtifactSettings(bucket: .named(bucket), route: .always)
        let report = await pipeline.deploy(
            DeploymentConfiguration(
                functions: [try Self.function(name, source: try Self.project(), layer: layer)],
                workDirectory: NSTemporaryDirectory() + "layer-tests"))
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        let publication = try #require(publications.first)
        let content = try #require(
            (try JSONSerialization.jsonObject(with: Data(publication.body)) as? [String: Any])?["Content"] as? [String: String])
        #expect(content["S3Bucket"] == bucket && content["ZipFile"] == nil, "\(content)")
        #expect(content["S3Key"]?.hasPrefix("lambdadeploykit/layers/\(layer)/") == true)
        let lambda = try lambda()
        let arn = try #require(try await lambda.layerVersions(layer).collect().first?.arn)
        #expect(try await lambda.configuration(name).layers?.map(\.arn) == [arn])
    }

    @Test("two functions sharing a layer: one PublishLayerVersion, both attached to the same version; a version in use is not pruned")
    func sharedLayer() async throws {
        let layer = MotoEnvironment.uniqueName("shared")
        let root = try Self.project()
        let names = [MotoEnvironment.uniqueName("first"), MotoEnvironment.uniqueName("second")]
        let report = try await deploy(try names.map { try Self.function($0, source: root, layer: layer, kept: 1) })
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        #expect(publications.count == 1)
        let lambda = try lambda()
        let arn = try #require(try await lambda.layerVersions(layer).collect().first?.arn)
        for name in names { #expect(try await lambda.configuration(name).layers?.map(\.arn) == [arn]) }

        // Only the first function moves to version 2: version 1 stays, the second still uses it.
        let changed = try Self.project(dependency: "VERSION = 2")
        let moved = try await deploy([try Self.function(names[0], source: changed, layer: layer, kept: 1)])
        #expect(moved.succeeded, "\(moved) \(moved.functions.compactMap(\.diagnosis))")
        #expect(try await lambda.layerVersions(layer).collect().map(\.version).sorted() == [1, 2])
    }

    @Test("function and layers above 250 MB unzipped: refused before Lambda or S3 is asked anything, naming the biggest contributors")
    func unzippedLimitAcrossLayers() async throws {
        let root = NSTemporaryDirectory() + MotoEnvironment.uniqueName("big")
        let fileManager = FileManager.default
        for (folder, megabytes) in [("app", 1), ("layer-a/python/numpy", 140), ("layer-b/python/torch", 125)] {
            try fileManager.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
            // Sparse files of zeros: large unzipped, quick to deflate, no disk used.
            let path = "\(root)/\(folder)/data.bin"
            #expect(fileManager.createFile(atPath: path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: UInt64(megabytes) * 1_000_000)
            try handle.close()
        }
        try Data(PipelineFixture.handler.utf8).write(to: URL(fileURLWithPath: "\(root)/app/lambda_function.py"))
        let name = MotoEnvironment.uniqueName("big")
        let layers = ["layer-a", "layer-b"].map { folder in
            FunctionLayer.managed(LayerDeployment(name: MotoEnvironment.uniqueName(folder), source: .directory("\(root)/\(folder)")))
        }
        let function = FunctionDeployment(
            name: name, source: .directory("\(root)/app"), handler: "lambda_function.lambda_handler", runtime: "python3.12",
            role: .managed("\(name)-role"), layers: layers)
        let report = try await deploy([function])
        let diagnosis = try #require(report.functions.first?.diagnosis)
        #expect(diagnosis.summary.contains("above Lambda's 262,144,000-byte (250 MB) limit"), "\(diagnosis.summary)")
        #expect(diagnosis.summary.contains(": numpy 140.0 MB") && diagnosis.summary.contains(": torch 125.0 MB"), "\(diagnosis.summary)")
        #expect(
            recorder.requests.allSatisfy { String(decoding: $0.body, as: UTF8.self).contains("Action=GetCallerIdentity") }, "nothing sent")
    }

    @Test("six layers: refused before Lambda is asked anything")
    func tooManyLayers() async throws {
        var function = PipelineFixture.hello()
        function.routes = []
        function.layers = (1...6).map { .arn("arn:aws:lambda:us-east-1:123456789012:layer:l\($0):1") }
        let report = try await deploy([function])
        #expect(report.functions.first?.diagnosis?.summary.contains("names 6 layers; Lambda allows at most 5") == true)
        #expect(recorder.requests.allSatisfy { String(decoding: $0.body, as: UTF8.self).contains("Action=GetCallerIdentity") })
    }

    @Test("a Node.js function's node_modules split into nodejs/node_modules/ of a layer; the declared dependency is found there")
    func nodeSplit() async throws {
        let root = NSTemporaryDirectory() + MotoEnvironment.uniqueName("node")
        let files = [
            "index.mjs": "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n",
            "package.json": #"{"dependencies": {"@aws-sdk/client-s3": "3.0.0", "left-pad": "1.3.0"}}"#,
            "node_modules/left-pad/index.js": "module.exports = () => ''\n",
            "node_modules/@aws-sdk/client-s3/index.js": "module.exports = {}\n",
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let name = MotoEnvironment.uniqueName("node")
        let layer = MotoEnvironment.uniqueName("node-deps")
        let function = try FunctionDeployment(
            name: name, source: .directory(root), handler: "index.handler", runtime: "nodejs20.x", role: .managed("\(name)-role")
        ).splittingDependencies(into: layer)
        let report = try await deploy([function])
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        let layerZip = try DeploymentArchive(contentsOf: NSTemporaryDirectory() + "layer-tests/layers/\(layer).zip")
        #expect(
            layerZip.entries.filter { !$0.isDirectory }.map(\.path).sorted() == [
                "nodejs/node_modules/@aws-sdk/client-s3/index.js", "nodejs/node_modules/left-pad/index.js",
            ])
        let functionZip = try DeploymentArchive(contentsOf: NSTemporaryDirectory() + "layer-tests/\(name).zip")
        #expect(functionZip.entries.map(\.path).sorted() == ["index.mjs", "package.json"])
    }
}
