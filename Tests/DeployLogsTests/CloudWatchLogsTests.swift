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

    @Test("log events: written to two versions' streams, filtered by time and paged, read per stream, tailed with follow until cancelled")
    func events() async throws {
        let logs = CloudWatchLogsClient(
            configuration: try MotoEnvironment.configuration(
                credentials: MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared))
        let function = MotoEnvironment.uniqueName("fn")
        let group = CloudWatchLogsClient.logGroup(function: function)
        try await logs.createLogGroup(group)
        let now = Date()
        let old = CloudWatchLogsClient.streamPrefix(version: "1", on: now) + "aaaa"
        let new = CloudWatchLogsClient.streamPrefix(version: "2", on: now) + "bbbb"
        #expect(new.hasSuffix("/[2]bbbb") && new.count == "2026/12/06/[2]bbbb".count)
        for stream in [old, new] { try await logs.createLogStream(group, stream: stream) }
        let start = now.addingTimeInterval(-30)
        try await logs.putLogEvents(
            group, stream: old, [LogEvent(timestamp: start.addingTimeInterval(1), message: "START RequestId: a Version: 1\n")])
        try await logs.putLogEvents(
            group, stream: new,
            (0..<30).map { LogEvent(timestamp: start.addingTimeInterval(2 + Double($0) / 10), message: "[INFO] line \($0)\n") }
                + [LogEvent(timestamp: start.addingTimeInterval(6), message: "[ERROR] KeyError: 'TABLE'\n")])

        let all = try await logs.filterLogEvents(group, from: start)
        #expect(all.count == 32)
        #expect(all.map(\.timestamp) == all.map(\.timestamp).sorted())
        #expect(Set(all.compactMap(\.version)) == ["1", "2"])
        #expect(all.filter(\.isError).map(\.message) == ["[ERROR] KeyError: 'TABLE'\n"])
        let limited = try await logs.filterLogEvents(group, from: start, limit: 5)
        #expect(limited.count == 5)
        let later = try await logs.filterLogEvents(group, from: start.addingTimeInterval(5), to: start.addingTimeInterval(7))
        #expect(later.map(\.message) == ["[ERROR] KeyError: 'TABLE'\n"])
        let stream = try await logs.logEvents(group, stream: new)
        #expect(stream.count == 31 && stream.first?.message == "[INFO] line 0\n")

        // Without follow the tail ends; with follow it gives a line written later, once.
        var tailed: [String] = []
        for try await event in logs.logs(function: function, since: start) { tailed.append(event.message) }
        #expect(tailed.count == 32 && Set(tailed).count == 32)
        let follower = Task {
            var seen: [String] = []
            for try await event in logs.logs(
                function: function, since: start.addingTimeInterval(6), follow: true, pollInterval: .milliseconds(50))
            {
                seen.append(event.message)
                if seen.count == 2 { break }
            }
            return seen
        }
        try await Task.sleep(for: .milliseconds(300))
        try await logs.putLogEvents(group, stream: new, [LogEvent(timestamp: Date(), message: "[INFO] later\n")])
        let followed = try await follower.value
        #expect(followed == ["[ERROR] KeyError: 'TABLE'\n", "[INFO] later\n"])
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
        OperationCase(
            service: "logs", signingName: "logs", operation: "DeleteLogGroup", parameters: Botocore.json(["logGroupName": "/aws/lambda/fn"])
        ) { try await CloudWatchLogsClient(configuration: $0).deleteLogGroup("/aws/lambda/fn") },
        OperationCase(
            service: "logs", signingName: "logs", operation: "FilterLogEvents",
            parameters: Botocore.json([
                "logGroupName": "/aws/lambda/fn", "logStreamNamePrefix": "2026/12/06/[7]", "startTime": 1_796_515_200_000,
                "endTime": 1_796_515_260_500, "limit": 100,
            ])
        ) {
            _ = try await CloudWatchLogsClient(configuration: $0).filterLogEvents(
                "/aws/lambda/fn", streamPrefix: "2026/12/06/[7]", from: Date(timeIntervalSince1970: 1_796_515_200),
                to: Date(timeIntervalSince1970: 1_796_515_260.5), limit: 100)
        },
        OperationCase(
            service: "logs", signingName: "logs", operation: "GetLogEvents",
            parameters: Botocore.json(["logGroupName": "/aws/lambda/fn", "logStreamName": "s", "startFromHead": true])
        ) { _ = try await CloudWatchLogsClient(configuration: $0).logEvents("/aws/lambda/fn", stream: "s") },
        OperationCase(
            service: "logs", signingName: "logs", operation: "PutLogEvents",
            parameters: Botocore.json([
                "logGroupName": "/aws/lambda/fn", "logStreamName": "s", "logEvents": [["timestamp": 1_796_515_200_000, "message": "hi"]],
            ])
        ) {
            try await CloudWatchLogsClient(configuration: $0).putLogEvents(
                "/aws/lambda/fn", stream: "s", [LogEvent(timestamp: Date(timeIntervalSince1970: 1_796_515_200), message: "hi")])
        },
    ]

    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
