import DeployAsyncHTTPClient
import DeployCloudFormation
import DeployCore
import DeployLambda
import DeployManifests
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// A `serverless.yml`'s `resources:` end to end against moto: the queue it declares created as the
/// companion stack before the function, the `sqs` event's `!GetAtt Queue.Arn` and an environment
/// variable's `!Ref Queue` (its URL) resolved from the stack's outputs; unchanged → no
/// `UpdateStack`; changed → updated; a resource CloudFormation refuses → `stackFailed`, no function
/// deployed.
@Suite("Companion resources stack on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct CompanionStackMotoTests {
    func configuration(
        _ function: String, service: String, queue: String, visibility: Int, folder: String
    ) throws
        -> DeploymentConfiguration
    {
        let text = """
            service: \(service)
            provider: {name: aws, runtime: python3.12}
            functions:
              receiver:
                name: \(function)
                handler: lambda_function.lambda_handler
                onError: !GetAtt deadLetters.Arn
                environment:
                  QUEUE_URL: !Ref receiverQueue
                  QUEUE_ARN: !GetAtt receiverQueue.Arn
                events:
                  - sqs:
                      arn: !GetAtt receiverQueue.Arn
                      batchSize: 5
            resources:
              Resources:
                receiverQueue:
                  Type: AWS::SQS::Queue
                  Properties:
                    QueueName: \(queue)
                    VisibilityTimeout: \(visibility)
                deadLetters:
                  Type: AWS::SQS::Queue
                  Properties: {QueueName: \(queue)-dlq}
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "companion-stack-tests")
    }

    @Test("the queue created first, its ARN and URL in the function; unchanged: no update; changed: updated")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("stack-src")
        let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)
        let (pipeline, aws) = try PipelineFixture.motoPipeline(recorder)
        let name = MotoEnvironment.uniqueName("receiver")
        let service = MotoEnvironment.uniqueName("orders")
        let queue = MotoEnvironment.uniqueName("receiverQueue")
        let first = try configuration(name, service: service, queue: queue, visibility: 30, folder: folder)
        #expect(first.stack?.name == "\(service)-dev-resources")
        #expect(first.functions.first?.queues.first?.queueARN == "${lambdadeploykit-stack:receiverQueue.Arn}")
        let report = await pipeline.deploy(first)
        #expect(report.succeeded, "\(report) \(report.diagnosis.map { "\($0)" } ?? "") \(report.functions.compactMap(\.diagnosis))")

        let stacks = CloudFormationClient(configuration: aws)
        let stack = try #require(try await stacks.stack("\(service)-dev-resources"))
        #expect(stack.status == "CREATE_COMPLETE" && stack.tags["lambdadeploykit:managed"] == "true")
        let queueARN = "arn:aws:sqs:us-east-1:123456789012:\(queue)"
        #expect(stack.outputs["LambdaDeployKitreceiverQueueArn"] == queueARN, "\(stack.outputs)")
        let lambda = LambdaClient(configuration: aws)
        let mappings = try await lambda.eventSourceMappings().filter { ($0.functionARN ?? "").contains(":function:\(name)") }
        #expect(mappings.map(\.eventSourceARN) == [queueARN])
        let variables = try await lambda.configuration(name).environment?.variables ?? [:]
        #expect(variables["QUEUE_ARN"] == queueARN)
        // moto keeps no DeadLetterConfig: the request says what was sent.
        let created = try #require(recorder.requests.first { $0.path.hasSuffix("/2015-03-31/functions") && $0.request.method == .post })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])
        #expect((body["DeadLetterConfig"] as? [String: String])?["TargetArn"] == queueARN + "-dlq")
        #expect(variables["QUEUE_URL"]?.hasSuffix("/123456789012/\(queue)") == true, "\(variables)")

        recorder.clear()
        #expect(await pipeline.deploy(first).succeeded)
        #expect(!recorder.requests.contains { $0.action == "UpdateStack" || $0.action == "CreateStack" }, "an unchanged template")

        let longer = try configuration(name, service: service, queue: queue, visibility: 60, folder: folder)
        recorder.clear()
        #expect(await pipeline.deploy(longer).succeeded)
        #expect(recorder.requests.contains { $0.action == "UpdateStack" })
        #expect(try await stacks.stack("\(service)-dev-resources")?.status == "UPDATE_COMPLETE")
        // A plan resolves from the stack as it is: nothing to change but the dead-letter target moto does not keep.
        let plan = try await pipeline.plan(longer)
        let changed = plan[function: name]?.actions.filter(\.change.isMutating).flatMap(\.attributes) ?? []
        #expect(changed.first == AttributeChange("deadLetter", nil, queueARN + "-dlq"), "\(plan)")
        #expect(!plan.description.contains("lambdadeploykit-stack") && !plan.description.contains("mapping"), "\(plan)")

        // Teardown: the function (and its mapping) first, then the stack with its queue.
        let teardown = try await pipeline.planTeardown(longer)
        #expect(teardown.stackToDelete == "\(service)-dev-resources" && teardown.description.contains("- stack \(service)-dev-resources"))
        let removed = await pipeline.apply(teardown).report()
        #expect(removed.succeeded, "\(removed) \(removed.diagnosis.map { "\($0)" } ?? "")")
        #expect(try await stacks.stack("\(service)-dev-resources") == nil)
        #expect(try await lambda.eventSourceMappings().filter { ($0.functionARN ?? "").contains(":function:\(name)") }.isEmpty)
    }

    @Test("a reference to no resource of the stack is refused when the file is read")
    func unknownReference() throws {
        let folder = try PipelineFixture.sourceFolder("stack-ref-src")
        let text = """
            service: s
            provider: {name: aws, runtime: python3.12}
            functions:
              f: {handler: h.h, events: [{sqs: {arn: {'Fn::GetAtt': [missing, Arn]}}}]}
            resources:
              Resources:
                other: {Type: AWS::SQS::Queue}
            """
        #expect(throws: DeploymentDiagnosis.self) {
            _ = try DeploymentConfiguration(serverless: try ServerlessFile(yaml: text), sourceDirectory: folder, environment: [:])
        }
        // What only a Serverless-made stack has is refused; parameters, pseudo parameters and Sub's own variables are not.
        let generated = try ServerlessFile(
            yaml: """
                resources:
                  Parameters: {Stage: {Type: String}}
                  Resources:
                    topic:
                      Type: AWS::SNS::Topic
                      Properties:
                        TopicName: {'Fn::Sub': ['${Stage}-${AWS::Region}-${Suffix}', {Suffix: x}]}
                        Subscription:
                          - {Protocol: lambda, Endpoint: {'Fn::Sub': '${HelloLambdaFunction.Arn}'}}
                          - {Protocol: sqs, Endpoint: {'Fn::GetAtt': 'OwnQueue.Arn'}}
                          - {Protocol: http, Endpoint: {Ref: ApiGatewayRestApi}}
                    OwnQueue: {Type: AWS::SQS::Queue}
                """
        ).configuration(resolver: LocalVariableResolver(options: [:], environment: [:]))
        let stack = try #require(CompanionStack(name: "s-dev-resources", resources: generated.resources))
        #expect(stack.undeclaredReferences == ["ApiGatewayRestApi", "HelloLambdaFunction"])
    }
}
