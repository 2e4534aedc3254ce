import Benchmark
import DeployCore
import DeployPipeline
import DeployZip
import Foundation
import Logging

// Issue 15's memory targets: deploying a 45 MB package directly (ZipFile in the request) and a
// 200 MB package through S3 (multipart upload, then CreateFunction/UpdateFunctionCode from the
// bucket), each at most 48 MB above the process's resident memory before the deploy; and the
// 200 MB deploy's wall time against `aws s3 cp` + `aws lambda update-function-code --s3-bucket …`.
//
// The packages are incompressible (random bytes, stored), rebuilt before every iteration with a
// new marker so that every deploy uploads; the build is outside the measurement, and the peak is
// reset (`/proc/self/clear_refs`) after it.

let peakAboveBaselineKiB = BenchmarkMetric.custom("peak RSS above the baseline (KiB)", polarity: .prefersSmaller, useScalingFactor: false)

/// The process's resident memory, and its peak since the last reset, in KiB (`/proc/self/status`).
func residentMemory() -> (current: Int, peak: Int) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Int {
        let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
    return (field("VmRSS"), field("VmHWM"))
}

/// Resets the peak (`VmHWM`) to the current resident memory.
func resetPeakMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// A folder with the handler and `megabytes` of random bytes.
func largeSource(_ name: String, megabytes: Int) -> String {
    let folder = scratch + "/\(name)"
    if !FileManager.default.fileExists(atPath: folder + "/blob.bin") {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        run(["head", "-c", "\(megabytes * 1_000_000)", "/dev/urandom"], in: folder, output: folder + "/blob.bin")
    }
    return folder
}

func largePackageBenchmarks(
    configuration: AWSConfiguration, logger: Logger, roleARN: String, cliEnvironment: [String: String]
) {
    let settings = Benchmark.Configuration(
        metrics: [.wallClock, peakAboveBaselineKiB], warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(120),
        maxIterations: 3)
    var pipeline = DeploymentPipeline(configuration: configuration, logger: logger)
    pipeline.pollInterval = .milliseconds(20)
    pipeline.keptVersions = 0
    let counter = Box<Int>()
    counter.value = 1
    /// Whether the 200 MB function (and the deployment bucket) exist.
    let deployed = Box<Bool>()

    /// Builds the package anew (a new marker) and returns the function deploying it.
    @Sendable func prepare(_ megabytes: Int) async -> FunctionDeployment {
        let name = "large-\(megabytes)"
        let source = largeSource(name, megabytes: megabytes)
        let marker = counter.value!
        counter.value = marker + 1
        try? "def lambda_handler(event, context):\n    return \(marker)\n".write(
            toFile: source + "/lambda_function.py", atomically: true, encoding: .utf8)
        let zip = scratch + "/\(name).zip"
        _ = try! await DeploymentPackage.build(from: source, to: zip)
        return FunctionDeployment(
            name: name, source: .archive(zip), handler: "lambda_function.lambda_handler", runtime: "python3.12", role: .arn(roleARN),
            healthCheck: .none)
    }

    for (megabytes, route) in [(45, "directly"), (200, "through S3")] {
        Benchmark("deploy a \(megabytes) MB package \(route): LambdaDeployKit", configuration: settings) { benchmark async in
            let function = await prepare(megabytes)
            let baseline = residentMemory().current
            resetPeakMemory()
            benchmark.startMeasurement()
            let report = await pipeline.deploy(DeploymentConfiguration(functions: [function], workDirectory: scratch))
            benchmark.stopMeasurement()
            precondition(report.succeeded, "\(report)")
            benchmark.measurement(peakAboveBaselineKiB, residentMemory().peak - baseline)
            if megabytes == 200 { deployed.value = true }
        }
    }

    // The AWS CLI's way through S3: upload with `aws s3 cp`, then point the function at the object.
    let bucket = S3BucketForCLI.name
    Benchmark("deploy a 200 MB package through S3: aws s3 cp + aws lambda update-function-code --s3-bucket", configuration: settings) {
        benchmark async in
        // A new package, and (the first time) the function and the bucket, made by the library, unmeasured.
        let function = await prepare(200)
        if deployed.value != true {
            let report = await pipeline.deploy(DeploymentConfiguration(functions: [function], workDirectory: scratch))
            precondition(report.succeeded, "\(report)")
            deployed.value = true
        }
        let key = "cli/large-200-\(counter.value!).zip"
        benchmark.startMeasurement()
        run(["aws", "s3", "cp", "--quiet", scratch + "/large-200.zip", "s3://\(bucket)/\(key)"], in: scratch, environment: cliEnvironment)
        run(
            ["aws", "lambda", "update-function-code", "--function-name", "large-200", "--s3-bucket", bucket, "--s3-key", key],
            in: scratch, environment: cliEnvironment)
        benchmark.stopMeasurement()
    }
}

/// The bucket the CLI uploads to: the pipeline's automatic deployment bucket (moto's account).
enum S3BucketForCLI {
    static let name = "lambdadeploykit-123456789012-us-east-1"
}
