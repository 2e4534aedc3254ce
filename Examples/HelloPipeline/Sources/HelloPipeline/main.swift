// The seed's GitLab pipeline as one program: package lambda_function.py, create or update
// myLambdaFunction, publish, wire GET /hello (CORS) on stage production, check the new version,
// move alias `live`, and print the endpoint line. Against moto when AWS_ENDPOINT_URL is set
// (`bash .ci/example` starts one), against AWS otherwise.
//
//   hello-pipeline [deploy] [--dotenv deploy.env] [--junit deploy-junit.xml] [--no-local] [--force]
//                                           plan, then apply (the default); GitLab sections when GITLAB_CI is set;
//                                           unchanged inputs skip the build unless --force
//   hello-pipeline plan                     the dry run: the diff, nothing changed
//   hello-pipeline destroy [--apply]        the teardown plan; applied only with --apply
//   hello-pipeline rollback --to VERSION [--function NAME]
//                                           alias `live` back on VERSION, weights cleared (the manual job)
//   hello-pipeline layers                   publish the managed layers that changed, deploy nothing (the first job)
//   --shard INDEX/TOTAL, --functions A,B    deploy a part of the run (the monorepo pipeline's jobs);
//   --layers-published                      the layers job ran first: shards need not keep a layer's functions together
import Foundation
import LambdaDeployKit

let arguments = CommandLine.arguments
let environment = ProcessInfo.processInfo.environment
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}
let dotenv = option("--dotenv")
let junit = option("--junit")
let functionFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("function").path
let functionName = environment["FUNCTION_NAME"] ?? "myLambdaFunction"
// The zip the deploy uploads is kept, so the local run below runs exactly what shipped.
let artifact = NSTemporaryDirectory() + "hello-pipeline-\(functionName).zip"

let configuration: AWSConfiguration
do {
    configuration = try AWSConfiguration.standard()  // region, credentials (GitLab OIDC too), transport, endpoint overrides
} catch {
    print("cannot start: \(error)")
    exit(2)
}
print(
    "LambdaDeployKit: the seed pipeline for \(functionName) in \(configuration.region.name), "
        + (environment["AWS_ENDPOINT_URL"].map { "against the local endpoint \($0)" } ?? "against AWS"))

let hello = FunctionDeployment(
    name: functionName,
    source: .directory(functionFolder, patterns: ["!**", "lambda_function.py"]),
    handler: "lambda_function.lambda_handler",
    runtime: "python3.12",
    memorySize: 128,
    timeout: 10,
    role: .managed("\(functionName)-role"),
    routes: [HTTPRoute(method: "GET", path: "/hello", cors: true)],
    api: APISettings(name: "\(functionName)-api", stage: "production"),
    healthCheck: .invocation(),
    artifactPath: artifact
)
var deployment = DeploymentConfiguration(functions: [hello], dotenvPath: dotenv)
// A function whose files and settings did not change since the version alias `live` serves is
// skipped before it is packaged; --force builds and compares anyway.
deployment.skipsUnchangedFunctions = !arguments.contains("--force")
// The flags PipelineManifests.monorepoPipeline's jobs pass: a shard of a parallel job, or named functions.
do {
    if let shard = option("--shard") {
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2 else {
            throw DeploymentDiagnosis(kind: .invalidInput, summary: "--shard \(shard) is not INDEX/TOTAL.", fix: "Pass --shard 2/4.")
        }
        deployment = try deployment.shard(index: parts[0], of: parts[1], layersPublishedEarlier: arguments.contains("--layers-published"))
    }
    if let names = option("--functions") {
        deployment = try deployment.selecting(names.split(separator: ",").map(String.init))
    }
} catch {
    print("cannot start: \(error)")
    exit(2)
}
// The events below are the progress display; swift-log only adds warnings and errors.
var logger = Logger(label: "hello-pipeline")
logger.logLevel = .warning
let pipeline = DeploymentPipeline(configuration: configuration, logger: logger)

let values = Set(
    [dotenv, junit, option("--to"), option("--shard"), option("--functions"), option("--function")].compactMap { $0 })
let command = arguments.dropFirst().first { !$0.hasPrefix("--") && !values.contains($0) } ?? "deploy"
guard ["plan", "deploy", "destroy", "rollback", "layers"].contains(command) else {
    print(
        "usage: hello-pipeline [plan | deploy | destroy [--apply] | rollback --to VERSION | layers] [--dotenv FILE] [--junit FILE] "
            + "[--no-local] [--force]")
    exit(2)
}
if command == "layers" {
    do {
        let layers = try await pipeline.publishLayers(deployment)
        print(layers.isEmpty ? "no managed layers" : layers.map(\.description).joined(separator: "\n"))
        exit(0)
    } catch {
        print("layers failed: \(DeploymentDiagnosis.diagnose(error, function: "layers", region: configuration.region.name))")
        exit(1)
    }
}
if command == "rollback" {
    guard let version = option("--to"), !version.isEmpty else {
        print("rollback needs --to VERSION (the deploy job's PREVIOUS_VERSION)")
        exit(2)
    }
    do {
        let alias = try await pipeline.rollback(function: option("--function") ?? functionName, alias: hello.alias, to: version)
        print("rolled back: alias \(alias.name) → version \(alias.functionVersion)")
        exit(0)
    } catch {
        print("rollback failed: \(DeploymentDiagnosis.diagnose(error, function: functionName, region: configuration.region.name))")
        exit(1)
    }
}
if command == "plan" || command == "destroy" || arguments.contains("--dry-run") {
    do {
        let plan = command == "destroy" ? try await pipeline.planTeardown(deployment) : try await pipeline.plan(deployment)
        print(plan)
        guard command == "destroy", arguments.contains("--apply") else {
            if command == "destroy" { print("(a dry run: pass --apply to delete)") }
            exit(0)
        }
        let report = await pipeline.apply(plan).report()
        print(report)
        exit(report.succeeded ? 0 : 1)
    } catch {
        print("\(command) failed: \(DeploymentDiagnosis.diagnose(error, function: functionName, region: configuration.region.name))")
        exit(1)
    }
}

let run = pipeline.run(deployment)
var display = ProgressDisplay()
var sections = GitLabSections.isGitLabCI() ? GitLabSections() : nil
for await event in run.events {
    if var gitLab = sections {
        for line in gitLab.lines(for: event) { print(line) }
        sections = gitLab
    } else {
        display.show(event)
    }
}
let report = await run.report()
print("\n" + report.description)
if let junit {
    do {
        try JUnitReport.write(report, to: junit)
    } catch {
        print("could not write \(junit): \(error)")
    }
}
for line in report.endpointLines {
    print(line)
}

// The state the run left, read back from the service.
if report.succeeded {
    do {
        let lambda = LambdaClient(configuration: configuration)
        let function = try await lambda.configuration(functionName)
        var versions: [String] = []
        for try await version in lambda.versions(functionName) { versions.append(version.version ?? "?") }
        let alias = try await lambda.alias(functionName, name: hello.alias)
        print("\nstate:")
        print(
            "  function \(function.name): \(function.runtime ?? "?"), handler \(function.handler ?? "?"), CodeSha256 \(function.codeSHA256 ?? "?")"
        )
        print("  versions: \(versions.joined(separator: ", "))")
        print("  alias \(alias.name) → version \(alias.functionVersion)")
        let gateway = APIGatewayClient(configuration: configuration)
        if let api = try await gateway.restAPI(named: hello.api.name) {
            var paths: [String] = []
            for try await resource in gateway.resources(apiID: api.id) { paths.append(resource.path) }
            let stage = try await gateway.stage(apiID: api.id, name: hello.api.stage)
            print(
                "  API \(api.name) (\(api.id)): \(paths.sorted().joined(separator: ", ")); stage \(stage.stageName) on deployment \(stage.deploymentID ?? "?")"
            )
        }
    } catch {
        print("could not read the state back: \(error)")
    }
}
// moto runs no code and serves no execute-api URL: the last check of the seed, `curl …/production/hello`,
// runs the deployed package locally behind a loopback API Gateway, through the library's own transport.
if report.succeeded, !arguments.contains("--no-local") {
    print("\nlocal check: the deployed package under awslambdaric, behind a loopback API Gateway")
    do {
        // The zip that shipped; when the deploy skipped unchanged inputs without building, the same
        // files from the folder.
        let shipped =
            FileManager.default.fileExists(atPath: artifact)
            ? LocalFunctionConfiguration.Package.archive(artifact) : .directory(functionFolder)
        let local = LocalFunctionConfiguration(
            name: functionName, package: shipped, handler: hello.handler, runtime: hello.runtime,
            timeout: hello.timeout ?? 3, memorySize: hello.memorySize ?? 128, region: configuration.region.name)
        let routes = hello.routes.map { LocalRoute(method: $0.method, path: $0.path, cors: $0.cors, function: functionName) }
        try await withLocalGateway(functions: [local], routes: routes, stage: hello.api.stage, logger: logger) { gateway in
            let url = gateway.url("/hello")
            let response = try await configuration.transport.send(
                HTTPRequest(method: .get, url: URL(string: url)!), body: nil, context: TransportContext(timeout: .seconds(30)))
            print("GET - \(url)")
            print("\(response.statusCode) \(response.response.headerFields[.contentType] ?? "")")
            print(String(decoding: response.body, as: UTF8.self))
        }
    } catch {
        print("the local check failed: \(error)")
        exit(1)
    }
}
exit(report.succeeded ? 0 : 1)
