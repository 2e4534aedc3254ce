import Benchmark
import DeployAsyncHTTPClient
import DeployCore
import DeployIAM
import DeployLambda
import DeployPipeline
import DeploySigV4
import DeployZip
import Foundation
import Logging

// The seed's deploy against moto, in one run: with this library (DeploymentPipeline: package,
// credential check, update the code, publish, move the alias) and with the AWS CLI commands the
// seed's job runs (`zip`, `aws configure set` ×3, `aws lambda update-function-code`, then
// `publish-version` and `update-alias`), each command a child process as in the job.
//
//   bash deploy-benchmark.sh      # starts moto, sets the keys, runs this target, stops moto
//
// Every iteration deploys new code (a changed comment), so both sides upload, publish and move.

let environment = ProcessInfo.processInfo.environment
let scratch = NSTemporaryDirectory() + "lambdadeploykit-deploy-bench"
let functionName = "myLambdaFunction"
let handler = """
    import json

    def lambda_handler(event, context):
        return {"statusCode": 200, "body": json.dumps({"message": "Your function executed successfully!"})}
    """

/// Runs a command, waiting for it; `environment` adds to the process's own.
@discardableResult
func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:], output: String? = nil) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment.merging(extra) { $1 }
    if let output {
        FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: output)
    } else {
        process.standardOutput = FileHandle.nullDevice
    }
    try! process.run()
    process.waitUntilExit()
    precondition(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) failed")
    return process.terminationStatus
}

/// Blocks the calling thread until `body` ends (the benchmark closures are synchronous).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> T {
    let box = Box<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = try await body()
        done.signal()
    }
    done.wait()
    return box.value!
}

final class Box<T>: @unchecked Sendable { var value: T? }

let benchmarks: @Sendable () -> Void = {
    guard let endpoint = environment["AWS_ENDPOINT_URL"], let key = environment["AWS_ACCESS_KEY_ID"],
        let secret = environment["AWS_SECRET_ACCESS_KEY"]
    else {
        print("DeployBenchmarks: run through deploy-benchmark.sh (it starts moto and sets AWS_ENDPOINT_URL and the keys)")
        return
    }
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    let configuration = try! AWSConfiguration(
        region: "us-east-1", credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: key, secretAccessKey: secret)),
        transport: AsyncHTTPClientTransport.shared, logger: logger)

    // Once: the role and the function, so both sides update an existing function as the seed does.
    let roleARN: String = blocking {
        let iam = IAMClient(configuration: configuration)
        if let role = try? await iam.role("bench-role") { return role.arn }
        return try await iam.createRole(name: "bench-role", trustPolicy: LeastPrivilege.lambdaTrustPolicy).arn
    }
    @Sendable func deployment(_ marker: Int) -> DeploymentConfiguration {
        let function = FunctionDeployment(
            name: functionName, source: .entries([PackageEntry(path: "lambda_function.py", text: handler + "\n# \(marker)\n")]),
            handler: "lambda_function.lambda_handler", runtime: "python3.12", role: .arn(roleARN), healthCheck: .none,
            artifactPath: scratch + "/function.zip")
        return DeploymentConfiguration(functions: [function], workDirectory: scratch)
    }
    let pipeline = {
        var pipeline = DeploymentPipeline(configuration: configuration, logger: logger)
        pipeline.pollInterval = .milliseconds(20)
        // moto numbers a new version len(versions) + 1, so deleting old ones makes it hand out a
        // number twice; real Lambda never does. Keep every version here.
        pipeline.keptVersions = 0
        return pipeline
    }()
    let first = blocking { await pipeline.deploy(deployment(0)) }
    precondition(first.succeeded, "\(first)")

    let settings = Benchmark.Configuration(
        metrics: [.wallClock], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 20)
    let counter = Box<Int>()
    counter.value = 1

    Benchmark("seed deploy: LambdaDeployKit (package, check, update, publish, alias)", configuration: settings) { benchmark async in
        let marker = counter.value!
        counter.value = marker + 1
        benchmark.startMeasurement()
        let report = await pipeline.deploy(deployment(marker))
        benchmark.stopMeasurement()
        precondition(report.succeeded, "\(report)")
    }

    // The CLI reads its own config files: point them into the scratch folder.
    let cliEnvironment = [
        "AWS_CONFIG_FILE": scratch + "/aws-config", "AWS_SHARED_CREDENTIALS_FILE": scratch + "/aws-credentials",
        "AWS_ENDPOINT_URL": endpoint, "AWS_PAGER": "",
    ]
    Benchmark("seed deploy: AWS CLI (zip, configure ×3, update-function-code, publish-version, update-alias)", configuration: settings) {
        benchmark in
        let marker = counter.value!
        counter.value = marker + 1
        try? (handler + "\n# \(marker)\n").write(toFile: scratch + "/lambda_function.py", atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: scratch + "/cli-function.zip")
        benchmark.startMeasurement()
        run(["zip", "-q", "cli-function.zip", "lambda_function.py"], in: scratch)
        run(["aws", "configure", "set", "aws_access_key_id", key], in: scratch, environment: cliEnvironment)
        run(["aws", "configure", "set", "aws_secret_access_key", secret], in: scratch, environment: cliEnvironment)
        run(["aws", "configure", "set", "region", "us-east-1"], in: scratch, environment: cliEnvironment)
        run(
            ["aws", "lambda", "update-function-code", "--function-name", functionName, "--zip-file", "fileb://cli-function.zip"],
            in: scratch, environment: cliEnvironment)
        run(["aws", "lambda", "publish-version", "--function-name", functionName], in: scratch, environment: cliEnvironment)
        run(
            ["aws", "lambda", "update-alias", "--function-name", functionName, "--name", "live", "--function-version", "$LATEST"],
            in: scratch, environment: cliEnvironment)
        benchmark.stopMeasurement()
    }

    if environment["DEPLOY_BENCH_MONOREPO"] != "0" {
        monorepoBenchmarks(configuration: configuration, logger: logger, roleARN: roleARN)
    }
    if environment["DEPLOY_BENCH_LARGE"] != "0" {
        largePackageBenchmarks(configuration: configuration, logger: logger, roleARN: roleARN, cliEnvironment: cliEnvironment)
    }
}
