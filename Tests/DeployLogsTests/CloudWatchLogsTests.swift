import DeployAsyncHTTPClient
import DeployCore
import DeployLogs
import DeployTestSupport
import Foundation
import Testing

/// CloudWatch Logs against moto (SigV4 and IAM on), and its requests against botocore's.
@Suite("CloudWatch Logs on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct CloudWatchLogsMotoTests {
    @Test("a log group created, found by its exact name (not a longer one), its retention set and removed")
    func retention() async throws {
        let logs = CloudWatchLogsClient(
            configuration: try MotoEnvironment.configuration(
                credentials: MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared))
        let name = "/aws/lambda/" + MotoEnvironment.uniqueName("fn")
        #expect(try await logs.logGroup(name) == nil)
        try await logs.createLogGroup(name + "-longer")
        #expect(try await logs.logGroup(name) == nil, "a prefix match is not the group")
        try await logs.createLogGroup(name, tags: ["lambdadeploykit:managed": "true"])
        let group = try await logs.logGroup(name)
        #expect(group?.name == name && group?.retentionInDays == nil)
        try await logs.putRetentionPolicy(name, days: 14)
        #expect(try await logs.logGroup(name)?.retentionInDays == 14)
        try await logs.deleteRetentionPolicy(name)
        #expect(try await logs.logGroup(name)?.retentionInDays == nil)
        await #expect(throws: AWSRequestError.self) { try await logs.putRetentionPolicy(name, days: 10) }
    }
}

@Suite("CloudWatch Logs requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct CloudWatchLogsRequestShapeTests {
    static let cases: [OperationCase] = [
        OperationCase(
            service: "logs", signingName: "logs", operation: "CreateLogGroup",
            parameters: Botocore.json(["logGroupName": "/aws/lambda/fn", "tags": ["team": "ci"]])
        ) { try await CloudWatchLogsClient(configuration: $0).createLogGroup("/aws/lambda/fn", tags: ["team": "ci"]) },
        OperationCase(
            service: "logs", signingName: "logs", operation: "DescribeLogGroups",
            parameters: Botocore.json(["logGroupNamePrefix": "/aws/lambda/fn"])
        ) { _ = try await CloudWatchLogsClient(configuration: $0).logGroup("/aws/lambda/fn") },
        OperationCase(
            service: "logs", signingName: "logs", operation: "PutRetentionPolicy",
            parameters: Botocore.json(["logGroupName": "/aws/lambda/fn", "retentionInDays": 14])
        ) { try await CloudWatchLogsClient(configuration: $0).putRetentionPolicy("/aws/lambda/fn", days: 14) },
        OperationCase(
            service: "logs", signingName: "logs", operation: "DeleteRetentionPolicy",
            parameters: Botocore.json(["logGroupName": "/aws/lambda/fn"])
        ) { try await CloudWatchLogsClient(configuration: $0).deleteRetentionPolicy("/aws/lambda/fn") },
    ]

    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
