import DeployAsyncHTTPClient
import DeployCore
import DeployLambda
import DeployPipeline
import DeployS3
import DeployTestSupport
import DeployTesting
import DeployZip
import Foundation
import Testing

/// Seeded runs with 429s, 500s, resets and timeouts injected at every step (before and after
/// the server acted): each run ends deployed, or with the alias on the version it served
/// before, never half-moved, and the report says which.
@Suite("Deploys under injected faults", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct FaultInjectionTests {
    static let runs = 200

    /// A pipeline whose calls go through `transport`, retrying once without waiting.
    static func pipeline(_ transport: any HTTPTransport) throws -> DeploymentPipeline {
        let retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), sleep: { _ in })
        var pipeline = DeploymentPipeline(
            configuration: try PipelineFixture.configuration(transport, retry: retry), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(5)
        // moto numbers a new version len(versions) + 1: after pruning it would hand out a number
        // twice, which Lambda never does. Pruning is tested on the fake Lambda (EngineTests).
        pipeline.keptVersions = 0
        return pipeline
    }

    @Test("200 seeded runs: completed or rolled back, as the report says")
    func seededRuns() async throws {
        let clean = try LambdaClient(configuration: PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let name = MotoEnvironment.uniqueName("faulty")
        let work = NSTemporaryDirectory() + "fault-runs"

        func pipeline(_ transport: any HTTPTransport) throws -> DeploymentPipeline { try Self.pipeline(transport) }
        let first = try await pipeline(AsyncHTTPClientTransport.shared).deploy(
            DeploymentConfiguration(functions: [PipelineFixture.hello(name)], workDirectory: work))
        try #require(first.succeeded, "\(first)")
        var serving = "1"
        var outcomes: [String: Int] = [:]
        var faults = 0

        for run in 1...Self.runs {
            let transport = FaultInjectingTransport(wrapping: AsyncHTTPClientTransport.shared, seed: UInt64(run), probability: 0.15)
            let report = try await pipeline(transport).deploy(
                DeploymentConfiguration(functions: [PipelineFixture.hello(name, marker: "run \(run)")], workDirectory: work))
            faults += transport.injected.count
            let result = report.functions.first
            let alias = try await clean.alias(name, name: "live")
            #expect(alias.additionalVersionWeights.isEmpty, "run \(run): alias left with weights \(alias.additionalVersionWeights)")
            switch result?.outcome {
            case .deployed(let version)?:
                #expect(alias.functionVersion == version, "run \(run): report says \(version), alias is on \(alias.functionVersion)")
                serving = version
                outcomes["deployed", default: 0] += 1
            case .rolledBack(_, let servingVersion)?:
                #expect(servingVersion == serving && alias.functionVersion == serving, "run \(run): \(String(describing: result))")
                outcomes["rolled back", default: 0] += 1
            case .failed?:
                #expect(
                    alias.functionVersion == serving, "run \(run): failed before the alias moved, yet it is on \(alias.functionVersion)")
                outcomes["failed before the alias", default: 0] += 1
            case nil:
                // Refused at preflight (a fault on GetCallerIdentity): nothing was touched.
                #expect(report.diagnosis != nil && alias.functionVersion == serving, "run \(run)")
                outcomes["refused at preflight", default: 0] += 1
            case let other?:
                Issue.record("run \(run): \(other); faults \(transport.injected.map { "\($0.fault) on \($0.operation)" })")
            }
            if let reported = result?.servingVersion,
                result?.succeeded == true || result?.outcome == .rolledBack(failedStep: .alias, servingVersion: reported)
            {
                #expect(reported == alias.functionVersion)
            }
        }
        #expect(faults > Self.runs, "too few faults injected to mean anything: \(faults)")
        #expect(
            outcomes["deployed", default: 0] > 0
                && outcomes["rolled back", default: 0] + outcomes["failed before the alias", default: 0] > 0, "\(outcomes)")
        print("fault injection: \(faults) faults over \(Self.runs) runs: \(outcomes.sorted { $0.key < $1.key })")
    }

    @Test(
        "30 seeded multipart deploys of a 12 MiB package, faults on every call: deployed or the old version serving; no upload left open"
    )
    func seededRunsThroughS3() async throws {
        let clean = try LambdaClient(configuration: PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let s3 = S3Client(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let name = MotoEnvironment.uniqueName("faulty-s3")
        let bucket = MotoEnvironment.uniqueName("faulty-artifacts")
        let work = NSTemporaryDirectory() + "fault-runs-s3"
        func pipeline(_ transport: any HTTPTransport) throws -> DeploymentPipeline {
            var pipeline = try Self.pipeline(transport)
            pipeline.artifacts = ArtifactSettings(bucket: .named(bucket), route: .always)
            return pipeline
        }
        // Incompressible, so the zip is over two 8 MiB parts' worth: every upload is multipart.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let data = (0..<(12 << 20)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        func deployment(_ marker: String) -> FunctionDeployment {
            var function = PipelineFixture.hello(name, marker: marker)
            function.routes = []
            function.source = .entries(PipelineFixture.entries(marker: marker) + [PackageEntry(path: "data.bin", bytes: data)])
            return function
        }
        let function = deployment("")
        let first = try await pipeline(AsyncHTTPClientTransport.shared).deploy(
            DeploymentConfiguration(functions: [function], workDirectory: work))
        try #require(first.succeeded, "\(first)")
        var serving = "1"
        var faults = 0
        for run in 1...30 {
            let transport = FaultInjectingTransport(wrapping: AsyncHTTPClientTransport.shared, seed: UInt64(1000 + run), probability: 0.15)
            let next = deployment("s3 run \(run)")
            let report = try await pipeline(transport).deploy(DeploymentConfiguration(functions: [next], workDirectory: work))
            faults += transport.injected.count
            let alias = try await clean.alias(name, name: "live")
            #expect(alias.additionalVersionWeights.isEmpty)
            if case .deployed(let version)? = report.functions.first?.outcome {
                #expect(alias.functionVersion == version, "run \(run)")
                serving = version
            } else {
                #expect(alias.functionVersion == serving, "run \(run): \(report)")
            }
        }
        #expect(faults > 10, "faults were injected: \(faults)")
        let left = try await s3.multipartUploads(bucket: bucket).collect()
        #expect(left.isEmpty, "no multipart upload left open: \(left)")
    }
}
