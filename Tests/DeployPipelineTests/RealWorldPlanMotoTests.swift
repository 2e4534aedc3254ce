import DeployAPIGateway
import DeployBasics
import DeployCloudFormation
import DeployManifests
import DeployS3
import DeployTestSupport
import Foundation
import Testing

@testable import DeployPipeline

/// The Serverless Framework's examples planned against an empty moto (nothing of theirs exists):
/// each file that loads, its handlers stubbed in a source folder, gets a plan that creates what a
/// Serverless deploy would — every function, the REST and HTTP API routes, each schedule's rule,
/// each queue's mapping, each bucket's notifications — and no function fails to plan but the one
/// whose bucket is a placeholder left in the example.
@Suite(
    "Real-world serverless.yml files planned on moto",
    .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct RealWorldPlanMotoTests {
    /// A folder holding a stub of every handler's file (what the handler check looks for).
    func stubs(for configuration: DeploymentConfiguration) throws -> String {
        let folder = NSTemporaryDirectory() + "real-world-plan-" + UUID().uuidString
        for function in configuration.functions {
            for path in LambdaLimits.handlerFileCandidates(handler: function.handler, runtime: function.runtime)?.prefix(1) ?? [] {
                let file = URL(fileURLWithPath: folder).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("stub\n".utf8).write(to: file)
            }
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Each managed layer's folder, with a file in it (under the stub folder, as the file names it).
    func layerStubs(for configuration: DeploymentConfiguration) throws {
        for case .managed(let layer) in configuration.functions.flatMap(\.layers) {
            switch layer.source {
            case .directory(let folder, _), .dependencies(let folder, _):
                try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
                try Data("stub\n".utf8).write(to: URL(fileURLWithPath: folder + "/bin/stub"))
            default: break
            }
        }
    }

    /// Functions refused at planning, judged: the file, and what the diagnosis must say.
    static let planRefusals = [
        // The example's bucket is a placeholder to fill in, which S3 would refuse.
        "aws-node-upload-to-s3-and-postprocess/serverless.yml": "'<your-bucket-name>' has characters other than"
    ]

    @Test("each loadable file's plan creates its functions, routes, rules, mappings and bucket notifications; none fails to plan")
    func plansCreateEverything() async throws {
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let s3 = S3Client(configuration: aws)
        var problems: [String] = []
        var counts: [String: Int] = [:]
        for path in RealWorldServerlessTests.files() {
            let file = try ServerlessFile(contentsOf: RealWorldServerlessTests.root.appendingPathComponent(path).path)
            guard RealWorldServerlessTests.providerName(file) == "aws", RealWorldServerlessTests.refusals[path] == nil else { continue }
            // Read once to find the handlers, then with the stubs as the source.
            guard
                let loaded = try? DeploymentConfiguration(
                    serverless: file, sourceDirectory: "/nonexistent", stage: "dev",
                    environment: RealWorldServerlessTests.environment(for: file)),
                !loaded.functions.isEmpty
            else { continue }
            var configuration = try DeploymentConfiguration(
                serverless: file, sourceDirectory: try stubs(for: loaded), stage: "dev", role: .managed("real-world-plan-role"),
                environment: RealWorldServerlessTests.environment(for: file))
            configuration.workDirectory = NSTemporaryDirectory() + "real-world-plan"
            try layerStubs(for: configuration)
            // The companion stack is not deployed here: its outputs stand in as ARNs of their own names.
            if let stack = configuration.stack {
                let outputs = Dictionary(
                    uniqueKeysWithValues: stack.references.values.map { ($0.key, "arn:aws:sqs:us-east-1:123456789012:\($0.key)") })
                configuration = try configuration.resolvingStack(outputs)
                configuration.stack = nil
                counts["stacks", default: 0] += 1
            }
            // A bucket an s3 event calls `existing` is someone else's, there before the deploy.
            for event in configuration.functions.flatMap(\.bucketEvents) where event.isExisting {
                if try await !s3.bucketExists(event.bucket) { try await s3.createBucket(event.bucket) }
            }
            // A REST API another stack exports (a gateway services share) is there before the deploy too.
            for case .export(let name)? in configuration.functions.map(\.api.existing) {
                let stacks = CloudFormationClient(configuration: aws)
                guard try await stacks.exports()[name] == nil else { continue }
                let api = try await APIGatewayClient(configuration: aws).createRestAPI(name: name)
                try await stacks.createStack(
                    MotoEnvironment.uniqueName("real-world-export"),
                    template: #"{"Resources":{"Marker":{"Type":"AWS::SQS::Queue"}},"Outputs":{"Id":{"Value":"\#(api.id)","#
                        + #""Export":{"Name":"\#(name)"}}}}"#)
                counts["shared APIs", default: 0] += 1
            }
            let plan = try await pipeline.plan(configuration)
            for function in configuration.functions {
                counts["functions", default: 0] += 1
                guard let planned = plan[function: function.name] else {
                    problems.append("\(path) \(function.name): not planned")
                    continue
                }
                if let judged = Self.planRefusals[path] {
                    if planned.diagnosis?.summary.contains(judged) != true { problems.append("\(path): not refused as judged") }
                    counts["refused", default: 0] += 1
                    continue
                }
                if let diagnosis = planned.diagnosis { problems.append("\(path) \(function.name): \(diagnosis.summary)") }
                if planned.action(.function)?.change != .create { problems.append("\(path) \(function.name): no function created") }
                func added(_ step: DeploymentStep, _ prefix: String) -> Int {
                    planned.actions.filter { $0.step == step }.flatMap(\.attributes).filter {
                        $0.name.hasPrefix(prefix) && $0.before == nil
                    }
                    .count
                }
                let httpRoutes = function.httpAPI?.routes.count ?? 0
                if added(.api, "route ") != httpRoutes { problems.append("\(path) \(function.name): \(httpRoutes) HTTP routes to add") }
                if !function.routes.isEmpty, planned.action(.api) == nil { problems.append("\(path) \(function.name): no REST API") }
                if added(.events, "rule ") != function.schedules.count {
                    problems.append("\(path) \(function.name): \(function.schedules.count) rules to create")
                }
                if added(.events, "stream ") != function.streams.count {
                    problems.append("\(path) \(function.name): \(function.streams.count) stream mappings to create")
                }
                if added(.events, "queue ") != function.queues.count {
                    problems.append("\(path) \(function.name): \(function.queues.count) mappings to create")
                }
                let buckets = Set(function.bucketEvents.map(\.bucket)).count
                if added(.events, "notifications on ") != buckets {
                    problems.append("\(path) \(function.name): notifications on \(buckets) bucket(s) to add")
                }
                counts["buckets", default: 0] += buckets
                counts["HTTP routes", default: 0] += httpRoutes
                counts["REST routes", default: 0] += function.routes.count
                counts["rules", default: 0] += function.schedules.count
                counts["mappings", default: 0] += function.queues.count
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(counts["functions", default: 0] >= 100 && counts["HTTP routes", default: 0] >= 50, "\(counts)")
        #expect(
            counts["rules", default: 0] >= 5 && counts["REST routes", default: 0] >= 50 && counts["stacks", default: 0] >= 10, "\(counts)")
        #expect(counts["buckets", default: 0] >= 3 && counts["refused", default: 0] == Self.planRefusals.count, "\(counts)")
    }
}
