import Benchmark
import DeployCore
import DeployPipeline
import Foundation
import Logging

// Issue 20's changed-only target: a repository of 50 functions (the seed's handler with 1–30 MB of
// dependencies each, 775 MB in all), one of them changed. Side by side in one run:
//   - the whole repository deployed with fingerprints (49 skipped unbuilt, one built and deployed);
//   - the changed function deployed alone, by hand (a configuration naming only it);
//   - the whole repository with fingerprints off (every package built; uploads skipped by CodeSha256);
//   - the whole repository redeployed (every function changed: 50 built, uploaded, published).
// Target: the first within 1.5× of the second, and at least 20× faster than the last.
//
//   DEPLOY_BENCH_LARGE=0 bash deploy-benchmark.sh --filter 'monorepo.*'

/// The repository: 50 folders under the scratch folder, each a handler and a `vendor/` blob of
/// random bytes (incompressible, as wheels and binaries mostly are), written once.
enum Monorepo {
    static let count = 50
    static let changedIndex = 24  // 15 MB of dependencies: the repository's median

    static func name(_ index: Int) -> String { "mono-\(index)" }
    static func folder(_ index: Int) -> String { scratch + "/monorepo/" + name(index) }
    static func megabytes(_ index: Int) -> Int { 1 + 29 * index / (count - 1) }

    static func write(_ index: Int, marker: Int) {
        try? "def lambda_handler(event, context):\n    return {'statusCode': 200, 'body': '\(marker)'}\n".write(
            toFile: folder(index) + "/lambda_function.py", atomically: true, encoding: .utf8)
    }

    /// Creates the folders that do not exist yet.
    static func generate() {
        for index in 0..<count where !FileManager.default.fileExists(atPath: folder(index) + "/vendor/deps.bin") {
            try? FileManager.default.createDirectory(atPath: folder(index) + "/vendor", withIntermediateDirectories: true)
            run(["head", "-c", "\(megabytes(index) * 1_000_000)", "/dev/urandom"], in: folder(index), output: folder(index) + "/vendor/deps.bin")
            write(index, marker: 0)
        }
    }

    static func function(_ index: Int, roleARN: String) -> FunctionDeployment {
        var function = FunctionDeployment(
            name: name(index), source: .directory(folder(index)), handler: "lambda_function.lambda_handler", runtime: "python3.12",
            memorySize: 256, role: .arn(roleARN), healthCheck: .none)
        function.routes = []
        return function
    }

    static func deployment(_ functions: [FunctionDeployment], skipping: Bool = true) -> DeploymentConfiguration {
        var deployment = DeploymentConfiguration(functions: functions, workDirectory: scratch + "/monorepo-build")
        deployment.skipsUnchangedFunctions = skipping
        return deployment
    }
}

func monorepoBenchmarks(configuration: AWSConfiguration, logger: Logger, roleARN: String) {
    let pipeline = {
        var pipeline = DeploymentPipeline(configuration: configuration, logger: logger)
        pipeline.pollInterval = .milliseconds(20)
        pipeline.keptVersions = 0  // moto reuses version numbers once old ones are deleted
        return pipeline
    }()
    let functions = (0..<Monorepo.count).map { Monorepo.function($0, roleARN: roleARN) }
    let ready = Box<Bool>()
    let counter = Box<Int>()
    counter.value = 1

    /// The repository generated and deployed once (unmeasured), then a new change to the changed function.
    @Sendable func prepare(changingAll: Bool = false) async {
        if ready.value != true {
            Monorepo.generate()
            let report = await pipeline.deploy(Monorepo.deployment(functions))
            precondition(report.succeeded, "\(report)")
            ready.value = true
        }
        let marker = counter.value!
        counter.value = marker + 1
        for index in changingAll ? Array(0..<Monorepo.count) : [Monorepo.changedIndex] { Monorepo.write(index, marker: marker) }
    }

    /// Deploys and checks what was built.
    @Sendable func deploy(_ deployment: DeploymentConfiguration, built expected: Int, deployed: Int = 1, _ benchmark: Benchmark) async {
        benchmark.startMeasurement()
        let report = await pipeline.deploy(deployment)
        benchmark.stopMeasurement()
        precondition(report.succeeded, "\(report)")
        let built = report.functions.filter(\.packageWasBuilt).count
        precondition(built == expected, "\(built) packages built, \(expected) expected")
        let published = report.functions.filter { if case .deployed = $0.outcome { return true } else { return false } }.count
        precondition(published == deployed, "\(published) functions deployed, \(deployed) expected")
    }

    let light = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 10)
    let heavy = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal], warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(300), maxIterations: 3)

    Benchmark("monorepo: 50 functions, one changed: deploy all with fingerprints (49 skipped unbuilt)", configuration: light) {
        benchmark async in
        await prepare()
        await deploy(Monorepo.deployment(functions), built: 1, benchmark)
    }
    Benchmark("monorepo: the changed function deployed alone, by hand", configuration: light) { benchmark async in
        await prepare()
        await deploy(Monorepo.deployment([functions[Monorepo.changedIndex]]), built: 1, benchmark)
    }
    Benchmark("monorepo: 50 functions, one changed: fingerprints off (50 built, 1 uploaded)", configuration: heavy) { benchmark async in
        await prepare()
        await deploy(Monorepo.deployment(functions, skipping: false), built: Monorepo.count, benchmark)
    }
    Benchmark("monorepo: all 50 redeployed (50 built, uploaded, published)", configuration: heavy) { benchmark async in
        await prepare(changingAll: true)
        await deploy(Monorepo.deployment(functions), built: Monorepo.count, deployed: Monorepo.count, benchmark)
    }
}
