import DeployIAM
import DeployLambda
import DeployManifests
import DeployPipeline
import DeployTestSupport
import Foundation
import Testing

/// `stream` events end to end against moto, from a `serverless.yml` whose `resources:` declare a
/// DynamoDB table with a stream and a Kinesis stream: a mapping on the alias per stream with its
/// starting position and settings, the role's read access to exactly those streams; unchanged → an
/// empty plan; a new batch size → only that change; a stream removed → its mapping gone and the
/// role's policy narrowed.
@Suite("Streams on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct StreamMotoTests {
    func configuration(_ function: String, events: String, folder: String) throws -> DeploymentConfiguration {
        let text = """
            service: clicks
            provider: {name: aws, runtime: python3.12}
            functions:
              consume:
                name: \(function)
                handler: lambda_function.lambda_handler
                events:
            \(events)
            resources:
              Resources:
                Orders:
                  Type: AWS::DynamoDB::Table
                  Properties:
                    TableName: \(function)-orders
                    BillingMode: PAY_PER_REQUEST
                    AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                    KeySchema: [{AttributeName: id, KeyType: HASH}]
                    StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
                Clicks:
                  Type: AWS::Kinesis::Stream
                  Properties: {Name: \(function)-clicks, ShardCount: 1}
            """
        var configuration = try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "stream-tests")
        configuration.stack?.name = "\(function)-resources"
        return configuration
    }

    @Test("a table's stream and a Kinesis stream from resources: mapped on the alias with the role's access; changed; one removed")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("stream-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let lambda = LambdaClient(configuration: aws)
        let iam = IAMClient(configuration: aws)
        let name = MotoEnvironment.uniqueName("clicks-consume")
        let table = """
                  - stream: {type: dynamodb, arn: !GetAtt Orders.StreamArn, batchSize: 50, startingPosition: LATEST}
            """
        let kinesis = """
                  - stream:
                      type: kinesis
                      arn: !GetAtt Clicks.Arn
                      maximumRetryAttempts: 3
                      bisectBatchOnFunctionError: true
            """
        let both = table + "\n" + kinesis
        let first = await pipeline.deploy(try configuration(name, events: both, folder: folder))
        #expect(first.succeeded, "\(first) \(String(describing: first.functions.first?.diagnosis))")
        let alias = try await lambda.alias(name, name: "live")
        let mappings = try await lambda.eventSourceMappings().filter { $0.functionARN == alias.arn }
        #expect(mappings.count == 2, "\(mappings)")
        let dynamo = try #require(mappings.first { ($0.eventSourceARN ?? "").contains(":dynamodb:") })
        #expect(dynamo.batchSize == 50 && dynamo.startingPosition == "LATEST", "\(dynamo)")
        let clicks = try #require(mappings.first { ($0.eventSourceARN ?? "").contains(":kinesis:") })
        #expect(clicks.startingPosition == "TRIM_HORIZON", "the framework's default: from the oldest record")
        #expect(clicks.maximumRetryAttempts == 3 && clicks.splitsFailedBatches == true, "\(clicks)")
        let policy = try await iam.rolePolicy(roleName: "\(name)-role", policyName: "\(name)-streams")
        #expect(Set(policy.statements.flatMap(\.resources)) == [dynamo.eventSourceARN!, clicks.eventSourceARN!])
        #expect(policy.allows("dynamodb:GetRecords") && policy.allows("kinesis:GetShardIterator") && !policy.allows("sqs:ReceiveMessage"))

        let unchanged = try await pipeline.plan(try configuration(name, events: both, folder: folder))
        #expect(unchanged.isEmpty, "\(unchanged)")

        let bigger = both.replacingOccurrences(of: "batchSize: 50", with: "batchSize: 80")
        let plan = try await pipeline.plan(try configuration(name, events: bigger, folder: folder))
        let actions = plan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(actions.map(\.step) == [.events], "\(plan)")
        #expect(actions.first?.attributes.map(\.name) == ["stream \(dynamo.eventSourceARN!)"])
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(try await lambda.eventSourceMapping(dynamo.uuid).batchSize == 80)

        let removal = await pipeline.deploy(
            try configuration(name, events: table.replacingOccurrences(of: "50", with: "80"), folder: folder))
        #expect(removal.succeeded, "\(removal)")
        let left = try await lambda.eventSourceMappings().filter { $0.functionARN == alias.arn }
        #expect(left.map(\.uuid) == [dynamo.uuid], "the Kinesis mapping is deleted")
        let narrowed = try await iam.rolePolicy(roleName: "\(name)-role", policyName: "\(name)-streams")
        #expect(narrowed.statements.flatMap(\.resources) == [dynamo.eventSourceARN!])

        let timestamp = await pipeline.deploy(
            try configuration(name, events: table.replacingOccurrences(of: "LATEST", with: "AT_TIMESTAMP"), folder: folder))
        #expect(
            timestamp.functions.first?.diagnosis?.summary.contains("starting position AT_TIMESTAMP is not TRIM_HORIZON or LATEST") == true)
    }

    @Test("refused while the file is read: a placeholder ARN, a filter (not supported yet)")
    func refusals() throws {
        func load(_ event: String) throws -> DeploymentConfiguration {
            let text = """
                service: clicks
                provider: {name: aws, runtime: python3.12}
                functions:
                  consume:
                    handler: app.handler
                    events:
                      - stream: \(event)
                """
            return try DeploymentConfiguration(
                serverless: try ServerlessFile(yaml: text), sourceDirectory: "/nonexistent", environment: [:])
        }
        let placeholder = try #require(throws: DeploymentDiagnosis.self) {
            try load("arn:aws:kinesis:<region>:<accountID>:stream/<streamname>")
        }
        #expect(placeholder.summary.contains("is not a DynamoDB or Kinesis stream ARN"))
        let filter = try #require(throws: DeploymentDiagnosis.self) {
            try load("{arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', filterPatterns: [{eventName: [INSERT]}]}")
        }
        #expect(filter.summary.contains("`filterPatterns` is not supported yet"))
    }
}
