import DeployCore
import DeployManifests
import DeployPipeline
import DeployZip
import Foundation
import Testing

@Suite("Sharding a run over parallel jobs, and the monorepo's generated pipeline")
struct ShardingTests {
    /// `count` functions from memory, of 1 to 30 "MB" (kilobytes here, the weights scaled alike).
    func functions(_ count: Int, layers: [Int: [String]] = [:]) -> [FunctionDeployment] {
        (0..<count).map { index in
            let size = (1 + (index * 7_919) % 30) * 1_000
            var function = FunctionDeployment(
                name: "fn-\(index)", source: .entries([PackageEntry(path: "app.py", bytes: [UInt8](repeating: 65, count: size))]),
                handler: "app.handler", runtime: "python3.12", role: .managed("role"))
            function.layers = (layers[index] ?? []).map { .managed(LayerDeployment(name: $0, source: .directory("/layers/\($0)"))) }
            return function
        }
    }

    @Test("500 functions over 1, 4 and 16 shards: each in exactly one, the same in every job, balanced within the largest function")
    func disjointAndBalanced() throws {
        let deployment = DeploymentConfiguration(functions: functions(500))
        for count in [1, 4, 16] {
            let split = try DeploymentShards(deployment, count: count)
            let all = split.shards.flatMap { $0 }
            #expect(all.count == 500 && Set(all).count == 500, "every function once")
            #expect(split == (try DeploymentShards(deployment, count: count)), "deterministic")
            let largest = try deployment.functions.map {
                try DeploymentShards(DeploymentConfiguration(functions: [$0]), count: 1).weights[0]
            }.max()!
            #expect(split.weights.max()! - split.weights.min()! <= largest, "\(split.weights)")
            for index in 1...count {
                let part = try deployment.shard(index: index, of: count)
                #expect(part.functions.map(\.name) == split.shards[index - 1])
                // In the configuration's order.
                #expect(part.functions.map(\.name) == deployment.functions.map(\.name).filter(Set(split.shards[index - 1]).contains))
            }
        }
        #expect(throws: DeploymentDiagnosis.self) { try deployment.shard(index: 0, of: 4) }
        #expect(throws: DeploymentDiagnosis.self) { try deployment.shard(index: 5, of: 4) }
        #expect(throws: DeploymentDiagnosis.self) { try DeploymentShards(deployment, count: 0) }
    }

    @Test("functions sharing a managed layer stay in one shard (transitively), unless the layers were published by an earlier job")
    func layersPinned() throws {
        let deployment = DeploymentConfiguration(
            functions: functions(40, layers: [3: ["numpy"], 17: ["numpy", "pandas"], 31: ["pandas"]]))
        for count in [2, 4, 8] {
            let split = try DeploymentShards(deployment, count: count)
            #expect(split.shards.contains { Set(["fn-3", "fn-17", "fn-31"]).isSubset(of: $0) }, "\(split.shards)")
        }
        let free = try DeploymentShards(deployment, count: 8, layersPublishedEarlier: true)
        #expect(!free.shards.contains { Set(["fn-3", "fn-17", "fn-31"]).isSubset(of: $0) })
    }

    @Test("the current job's shard from CI_NODE_INDEX/CI_NODE_TOTAL; the whole run outside a parallel job; selecting by name")
    func currentJob() throws {
        var deployment = DeploymentConfiguration(functions: functions(10))
        deployment.gitLab = GitLabContext(environment: ["CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3"])
        #expect(try deployment.shardForCurrentJob().functions.map(\.name) == deployment.shard(index: 2, of: 3).functions.map(\.name))
        deployment.gitLab = GitLabContext(environment: [:])
        #expect(try deployment.shardForCurrentJob().functions.count == 10)
        #expect(try deployment.selecting(["fn-4", "fn-1"]).functions.map(\.name) == ["fn-1", "fn-4"])
        do {
            _ = try deployment.selecting(["fn-1", "nope"])
            Issue.record("an unknown name must be refused")
        } catch let diagnosis as DeploymentDiagnosis {
            #expect(diagnosis.summary.contains("nope") && diagnosis.fix.contains("fn-9"))
        }
    }

    @Test("shards: parallel N copies of one deploy job, each with its own resource group and reports; zero findings; read back")
    func shardedPipeline() throws {
        let deployment = DeploymentConfiguration(functions: functions(50))
        let pipeline = try PipelineManifests.monorepoPipeline(
            deployment, distribution: .shards(4), repositoryRoot: "/repo", product: "deploy-tool", packagePath: "tools/deploy")
        let file = try GitLabCIFile(yaml: pipeline.yaml, fileName: ".gitlab-ci.yml")
        #expect(file.validate(options: GitLabValidationOptions(isFragment: false)).isEmpty, "\(file.validate())")
        let read = try GitLabPipeline(document: file.root)
        let deploy = try #require(read[job: "deploy"])
        #expect(deploy.parallel == .count(4))
        #expect(
            deploy.script == [
                "./tools/deploy/.build/release/deploy-tool --shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\" "
                    + "--dotenv deploy.env --junit deploy-junit.xml"
            ])
        #expect(deploy.resourceGroup == "production-shard-$CI_NODE_INDEX")
        #expect(deploy.artifacts?.reports?.dotenv == ["deploy.env"] && deploy.artifacts?.reports?.junit == ["deploy-junit.xml"])
        #expect(deploy.artifacts?.when == "always" && deploy.needs?.map(\.job) == ["build"])
        #expect(read[job: "build"]?.script == ["swift build --package-path tools/deploy -c release --product deploy-tool"])
        #expect(read[job: "rollback"]?.rules?.first?.when == "manual")
        #expect(read[job: "layers"] == nil, "no managed layers, no layers job")
        #expect(throws: DeploymentDiagnosis.self) {
            try PipelineManifests.monorepoPipeline(deployment, distribution: .shards(0), repositoryRoot: "/repo", product: "tool")
        }
    }

    @Test("shards with managed layers: a layers job publishes them first, the deploy jobs need it and shard freely")
    func shardedPipelineWithLayers() throws {
        var deployment = DeploymentConfiguration(functions: functions(8))
        let deps = FunctionLayer.managed(LayerDeployment(name: "deps", source: .directory("/repo/layers/deps")))
        for index in deployment.functions.indices { deployment.functions[index].layers = [deps] }
        let pipeline = try PipelineManifests.monorepoPipeline(
            deployment, distribution: .shards(4), repositoryRoot: "/repo", product: "deploy-tool")
        let file = try GitLabCIFile(yaml: pipeline.yaml, fileName: ".gitlab-ci.yml")
        #expect(file.validate(options: GitLabValidationOptions(isFragment: false)).isEmpty, "\(file.validate())")
        let read = try GitLabPipeline(document: file.root)
        let layers = try #require(read[job: "layers"])
        #expect(layers.script == ["./.build/release/deploy-tool layers"] && layers.needs?.map(\.job) == ["build"])
        #expect(layers.resourceGroup == "production-layers")
        let deploy = try #require(read[job: "deploy"])
        #expect(deploy.needs?.map(\.job) == ["build", "layers"])
        #expect(
            deploy.script?.first?.contains("--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\" --layers-published") == true, "\(deploy.script ?? [])"
        )
        // With the layer published first, one layer under every function does not make one shard.
        let shards = try (1...4).map { try deployment.shard(index: $0, of: 4, layersPublishedEarlier: true).functions.count }
        #expect(shards.allSatisfy { $0 > 0 } && shards.reduce(0, +) == 8, "\(shards)")
        let together = try (1...4).map { try deployment.shard(index: $0, of: 4).functions.count }
        #expect(together.max() == 8, "kept together when the shards publish it: \(together)")
    }

    @Test("per function: a matrix entry per function with rules: changes on its folder and the tool; layer builders get jobs of their own")
    func perFunctionPipeline() throws {
        func folder(_ name: String) -> FunctionDeployment.Source { .directory("/repo/functions/\(name)") }
        var functions = (0..<5).map { index in
            FunctionDeployment(
                name: "svc-\(index)", source: folder("svc-\(index)"), handler: "app.handler", runtime: "python3.12", role: .managed("r"))
        }
        let numpy = FunctionLayer.managed(
            LayerDeployment(name: "numpy", source: .dependencies("/repo/layers/numpy", runtime: "python3.12")))
        functions[1].layers = [numpy]
        functions[3].layers = [numpy, .arn("arn:aws:lambda:us-east-1:123456789012:layer:x:1")]
        functions[4].layers = [.arn("arn:aws:lambda:us-east-1:123456789012:layer:x:1")]
        let pipeline = try PipelineManifests.monorepoPipeline(
            DeploymentConfiguration(functions: functions), distribution: .perFunction, repositoryRoot: "/repo", product: "deploy-tool")
        let file = try GitLabCIFile(yaml: pipeline.yaml, fileName: ".gitlab-ci.yml")
        #expect(file.validate(options: GitLabValidationOptions(isFragment: false)).isEmpty, "\(file.validate())")
        let read = try GitLabPipeline(document: file.root)
        let deploy = try #require(read[job: "deploy"])
        guard case .matrix(let entries) = deploy.parallel else {
            Issue.record("a matrix")
            return
        }
        #expect(entries.map { $0.first { $0.name == "DEPLOY_FUNCTIONS" }?.value } == [["svc-0"], ["svc-2"], ["svc-4"]])
        #expect(
            entries.map { $0.first { $0.name == "DEPLOY_FOLDER" }?.value } == [
                ["functions/svc-0"], ["functions/svc-2"], ["functions/svc-4"],
            ])
        #expect(
            deploy.rules?.first?.changes == .sequence(["$DEPLOY_FOLDER/**/*", "Package.swift", "Sources/**/*"].map { YAMLNode.string($0) }))
        #expect(deploy.resourceGroup == "production-$DEPLOY_FUNCTIONS")
        let layered = try #require(read[job: "deploy-svc-1"])
        #expect(layered.script?.first?.contains("--functions \"svc-1,svc-3\"") == true)
        let paths = ["functions/svc-1/**/*", "functions/svc-3/**/*", "layers/numpy/**/*", "Package.swift", "Sources/**/*"]
        #expect(layered.rules?.first?.changes == .sequence(paths.map { YAMLNode.string($0) }))

        var outside = functions
        outside[0].source = .directory("/elsewhere/svc-0")
        #expect(throws: DeploymentDiagnosis.self) {
            try PipelineManifests.monorepoPipeline(
                DeploymentConfiguration(functions: outside), distribution: .perFunction, repositoryRoot: "/repo", product: "tool")
        }
        let many = (0..<201).map {
            FunctionDeployment(name: "f\($0)", source: folder("f\($0)"), handler: "app.handler", runtime: "python3.12", role: .managed("r"))
        }
        #expect(throws: DeploymentDiagnosis.self) {
            try PipelineManifests.monorepoPipeline(
                DeploymentConfiguration(functions: many), distribution: .perFunction, repositoryRoot: "/repo", product: "tool")
        }
    }
}

@Suite("Throttling past every retry")
struct ThrottlingDiagnosisTests {
    @Test("the diagnosis names the shared rate and the adaptive retry mode, not 'see the message'")
    func diagnosis() {
        let error = AWSServiceError(
            code: "TooManyRequestsException", message: "Rate exceeded", statusCode: 429, requestID: nil, service: "Lambda",
            operation: "UpdateFunctionCode")
        let diagnosis = DeploymentDiagnosis.diagnose(error, function: "orders", region: "us-east-1")
        #expect(diagnosis.summary.contains("throttled UpdateFunctionCode for orders"))
        #expect(diagnosis.fix.contains("15 calls a second") && diagnosis.fix.contains("RetryPolicy.adaptive"))
    }
}
