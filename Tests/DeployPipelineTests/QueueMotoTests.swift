import DeployAsyncHTTPClient
import DeployCore
import DeployEventBridge
import DeployIAM
import DeployLambda
import DeployManifests
import DeployPipeline
import DeployTestSupport
import Foundation
import Testing

/// `sqs` events end to end against moto, from a `serverless.yml`: the mapping on the alias,
/// settled, the role's access to exactly that queue; unchanged → an empty plan; a new batch size →
/// only that change; removed → the mapping and the role's queue policy deleted.
@Suite("Queues on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct QueueMotoTests {
    /// A queue in moto's SQS (SQS's JSON protocol), by name; its ARN.
    func createQueue(_ name: String, configuration: AWSConfiguration) async throws -> String {
        let sqs = AWSClient(
            service: AWSService(
                serviceID: "SQS", signingName: "sqs", endpointPrefix: "sqs", apiVersion: "2012-11-05",
                wireProtocol: .json(version: "1.0", targetPrefix: "AmazonSQS")),
            configuration: configuration)
        struct Output: Decodable {
            var url: String
            enum CodingKeys: String, CodingKey { case url = "QueueUrl" }
        }
        _ = try await sqs.json("CreateQueue", input: ["QueueName": name], output: Output.self)
        return "arn:aws:sqs:us-east-1:123456789012:\(name)"
    }

    func configuration(_ function: String, events: String, folder: String) throws -> DeploymentConfiguration {
        let text = """
            service: orders
            provider: {name: aws, runtime: python3.12}
            functions:
              worker:
                name: \(function)
                handler: lambda_function.lambda_handler
                events:
            \(events)
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "queue-tests")
    }

    @Test("created from serverless.yml on the alias with the role's access, unchanged, changed (only that), removed with its policy")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("queue-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let lambda = LambdaClient(configuration: aws)
        let iam = IAMClient(configuration: aws)
        let name = MotoEnvironment.uniqueName("orders-worker")
        let queue = try await createQueue(name + "-q", configuration: aws)
        let events = """
                  - sqs:
                      arn: \(queue)
                      batchSize: 5
                      functionResponseType: ReportBatchItemFailures
            """
        let first = await pipeline.deploy(try configuration(name, events: events, folder: folder))
        #expect(first.succeeded, "\(first)")
        let alias = try await lambda.alias(name, name: "live")
        // All of them, filtered here: moto's SigV4 check refuses an ARN in a query value.
        let mappings = try await lambda.eventSourceMappings().filter { $0.functionARN == alias.arn }
        #expect(mappings.count == 1)
        let mapping = try #require(mappings.first)
        #expect(mapping.eventSourceARN == queue && mapping.batchSize == 5 && mapping.state == "Enabled")
        #expect(mapping.functionResponseTypes == ["ReportBatchItemFailures"])
        #expect(mapping.functionARN == alias.arn, "the mapping follows the alias")
        let policy = try await iam.rolePolicy(roleName: "\(name)-role", policyName: "\(name)-queues")
        #expect(policy.statements.flatMap(\.resources) == [queue] && policy.allows("sqs:ReceiveMessage"))

        let unchanged = try await pipeline.plan(try configuration(name, events: events, folder: folder))
        #expect(unchanged.isEmpty, "\(unchanged)")

        let bigger = events.replacingOccurrences(of: "batchSize: 5", with: "batchSize: 8")
        let plan = try await pipeline.plan(try configuration(name, events: bigger, folder: folder))
        let actions = plan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(actions.map(\.step) == [.events], "\(plan)")
        #expect(actions.first?.attributes.map(\.name) == ["queue \(queue)"])
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(try await lambda.eventSourceMapping(mapping.uuid).batchSize == 8)

        let removed = await pipeline.deploy(try configuration(name, events: "          - schedule: rate(1 day)", folder: folder))
        #expect(removed.succeeded, "\(removed)")
        #expect(try await lambda.eventSourceMappings().filter { $0.functionARN == alias.arn }.isEmpty)
        let names = try await iam.rolePolicyNames(roleName: "\(name)-role").collect()
        #expect(!names.contains("\(name)-queues"), "\(names)")
    }

    @Test("teardown: the schedule's rule, the queue's mapping, the role's policies and VPC access, the role and the function all go")
    func teardown() async throws {
        let folder = try PipelineFixture.sourceFolder("queue-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let name = MotoEnvironment.uniqueName("orders-gone")
        let queue = try await createQueue(name + "-q", configuration: aws)
        var configuration = try configuration(
            name, events: "          - sqs: \(queue)\n          - schedule: rate(1 hour)", folder: folder)
        configuration.functions[0].vpc = FunctionVPC(subnetIDs: ["subnet-0a1b2c3d"], securityGroupIDs: ["sg-0a1b2c3d"])
        let deployed = await pipeline.deploy(configuration)
        #expect(deployed.succeeded, "\(deployed)")

        let plan = try await pipeline.planTeardown(configuration)
        let steps = plan[function: name]?.actions.filter { $0.change == .delete }.map(\.resource) ?? []
        #expect(steps == ["rules", "queues", "function \(name)", "role \(name)-role", "role \(name)-role"], "\(plan)")
        let report = await pipeline.apply(plan).report()
        #expect(report.succeeded, "\(report)")
        let events = EventBridgeClient(configuration: aws)
        #expect(try await events.rules(prefix: "\(name)-schedule-").isEmpty)
        let lambda = LambdaClient(configuration: aws)
        #expect(try await lambda.eventSourceMappings().filter { ($0.functionARN ?? "").contains(":function:\(name)") }.isEmpty)
        await #expect(throws: AWSServiceError.self) { _ = try await IAMClient(configuration: aws).role("\(name)-role") }
    }
}
