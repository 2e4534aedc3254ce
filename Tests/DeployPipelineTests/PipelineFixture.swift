import DeployAsyncHTTPClient
import DeployCore
import DeployLambda
import DeployManifests
import DeployPipeline
import DeploySigV4
import DeployTestSupport
import DeployTesting
import DeployZip
import Foundation
import Logging

/// Names, handlers and configurations for pipeline tests on moto.
enum PipelineFixture {
    static let handler = """
        import json

        def lambda_handler(event, context):
            return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                    "body": json.dumps({"message": "Your function executed successfully!"})}
        """

    /// The seed's handler, with a marker so each call can make new code.
    static func entries(marker: String = "") -> [PackageEntry] {
        [PackageEntry(path: "lambda_function.py", text: handler + (marker.isEmpty ? "" : "\n# \(marker)\n"))]
    }

    /// The seed's handler (with `marker`) as zip bytes.
    static func zip(marker: String) async throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "fixture-\(UUID().uuidString).zip"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await DeploymentPackage.build(entries: entries(marker: marker), to: path)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A new folder under the temporary directory (`PREFIX-UUID`) holding the seed's handler as
    /// `lambda_function.py`.
    static func sourceFolder(_ prefix: String) throws -> String {
        let folder = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try handler.write(toFile: folder + "/lambda_function.py", atomically: true, encoding: .utf8)
        return folder
    }

    /// A pipeline on moto (through `transport`) polling every 50 ms, and its configuration.
    static func motoPipeline(
        _ transport: any HTTPTransport = AsyncHTTPClientTransport.shared
    ) throws -> (
        DeploymentPipeline, AWSConfiguration
    ) {
        let aws = try configuration(transport)
        var pipeline = DeploymentPipeline(configuration: aws, logger: quiet)
        pipeline.pollInterval = .milliseconds(50)
        return (pipeline, aws)
    }

    /// The deployment of a `serverless.yml`'s `text` on stage `dev`, its functions zipped from
    /// `folder`, with `role` (managed) as their role and the packages built under `work`.
    static func serverless(_ text: String, folder: String, role: String, work: String) throws -> DeploymentConfiguration {
        var configuration = try DeploymentConfiguration(
            serverless: try ServerlessFile(yaml: text), sourceDirectory: folder, stage: "dev", role: .managed(role), environment: [:])
        configuration.workDirectory = NSTemporaryDirectory() + work
        return configuration
    }

    /// A logger that drops everything (tests that read logs pass a `LogCapture` logger).
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func configuration(
        _ transport: any HTTPTransport, credentials: Credentials? = MotoEnvironment.admin, retry: RetryPolicy = .none,
        logger: Logger? = nil, region: String = "us-east-1"
    ) throws -> AWSConfiguration {
        try AWSConfiguration(
            region: region, credentialProvider: StaticCredentialProvider(credentials!), transport: transport, retryPolicy: retry,
            timeout: .seconds(30), logger: logger ?? quiet, environment: MotoEnvironment.clientEnvironment)
    }

    /// The seed function: `GET /hello` with CORS on stage production, alias `live`.
    static func hello(
        _ name: String = MotoEnvironment.uniqueName("myLambdaFunction"), marker: String = "", healthCheck: HealthCheck = .invocation(),
        rollout: FunctionDeployment.Rollout = .allAtOnce, environment: [String: FunctionDeployment.EnvironmentValue] = [:]
    ) -> FunctionDeployment {
        FunctionDeployment(
            name: name, source: .entries(entries(marker: marker)), handler: "lambda_function.lambda_handler", runtime: "python3.12",
            environment: environment, role: .managed("\(name)-role"), routes: [HTTPRoute(method: "GET", path: "/hello", cors: true)],
            api: APISettings(name: "\(name)-api"), healthCheck: healthCheck, rollout: rollout)
    }

    static func run(
        _ functions: [FunctionDeployment], pipeline: DeploymentPipeline, gitLab: GitLabContext = GitLabContext(environment: [:]),
        dotenvPath: String? = nil
    ) async -> (report: DeploymentReport, events: [DeploymentEvent]) {
        let run = pipeline.run(
            DeploymentConfiguration(
                functions: functions, gitLab: gitLab, dotenvPath: dotenvPath,
                workDirectory: NSTemporaryDirectory() + "pipeline-tests"))
        var events: [DeploymentEvent] = []
        for await event in run.events { events.append(event) }
        return (await run.report(), events)
    }
}
