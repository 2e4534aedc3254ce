import DeployAsyncHTTPClient
import DeployCore
import DeployEventBridge
import DeployTestSupport
import Foundation
import Testing

/// EventBridge's scheduled rules against moto (SigV4 and IAM on), their requests against
/// botocore's, and the schedule expressions EventBridge accepts.
@Suite("EventBridge on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct EventBridgeMotoTests {
    @Test("a scheduled rule created, found by prefix, its target put and read, updated, disabled, emptied and deleted")
    func lifecycle() async throws {
        let events = EventBridgeClient(
            configuration: try MotoEnvironment.configuration(
                credentials: MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared))
        let prefix = MotoEnvironment.uniqueName("fn") + "-schedule-"
        let arn = try await events.putRule(prefix + "1", schedule: "rate(5 minutes)", description: "every 5 minutes", tags: ["a": "1"])
        #expect(arn.hasSuffix(":rule/\(prefix)1"))
        let target = EventTarget(id: "lambda", arn: "arn:aws:lambda:us-east-1:123456789012:function:fn:live", input: #"{"job":"sync"}"#)
        try await events.putTargets(prefix + "1", [target])
        #expect(try await events.targets(rule: prefix + "1") == [target])
        var rules = try await events.rules(prefix: prefix)
        #expect(
            rules.map(\.name) == [prefix + "1"] && rules.first?.scheduleExpression == "rate(5 minutes)" && rules.first?.isEnabled == true)
        try await events.putRule(prefix + "1", schedule: "cron(0 12 * * ? *)", enabled: false)
        rules = try await events.rules(prefix: prefix)
        #expect(rules.first?.scheduleExpression == "cron(0 12 * * ? *)" && rules.first?.isEnabled == false)
        try await events.removeTargets(prefix + "1", ids: ["lambda"])
        #expect(try await events.targets(rule: prefix + "1").isEmpty)
        try await events.deleteRule(prefix + "1")
        #expect(try await events.rules(prefix: prefix).isEmpty)
    }
}

@Suite("EventBridge requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct EventBridgeRequestShapeTests {
    static let cases: [OperationCase] = [
        OperationCase(
            service: "events", signingName: "events", operation: "PutRule",
            parameters: Botocore.json([
                "Name": "fn-schedule-1", "ScheduleExpression": "rate(5 minutes)", "State": "DISABLED", "Description": "d",
                "Tags": [["Key": "a", "Value": "1"]],
            ])
        ) {
            try await EventBridgeClient(configuration: $0).putRule(
                "fn-schedule-1", schedule: "rate(5 minutes)", enabled: false, description: "d", tags: ["a": "1"])
        },
        OperationCase(
            service: "events", signingName: "events", operation: "PutRule", note: "an event pattern",
            parameters: Botocore.json([
                "Name": "fn-event-1", "EventPattern": #"{"source":["aws.ec2"]}"#, "State": "ENABLED", "Tags": [["Key": "a", "Value": "1"]],
            ])
        ) {
            try await EventBridgeClient(configuration: $0).putRule("fn-event-1", pattern: #"{"source":["aws.ec2"]}"#, tags: ["a": "1"])
        },
        OperationCase(service: "events", signingName: "events", operation: "ListRules", parameters: Botocore.json(["NamePrefix": "fn-"])) {
            _ = try await EventBridgeClient(configuration: $0).rules(prefix: "fn-")
        },
        OperationCase(
            service: "events", signingName: "events", operation: "PutTargets",
            parameters: Botocore.json([
                "Rule": "r", "Targets": [["Id": "lambda", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:fn:live", "Input": "{}"]],
            ])
        ) {
            try await EventBridgeClient(configuration: $0).putTargets(
                "r", [EventTarget(id: "lambda", arn: "arn:aws:lambda:us-east-1:123456789012:function:fn:live", input: "{}")])
        },
        OperationCase(service: "events", signingName: "events", operation: "ListTargetsByRule", parameters: Botocore.json(["Rule": "r"])) {
            _ = try await EventBridgeClient(configuration: $0).targets(rule: "r")
        },
        OperationCase(
            service: "events", signingName: "events", operation: "RemoveTargets",
            parameters: Botocore.json(["Rule": "r", "Ids": ["lambda"]])
        ) { try await EventBridgeClient(configuration: $0).removeTargets("r", ids: ["lambda"]) },
        OperationCase(service: "events", signingName: "events", operation: "DeleteRule", parameters: Botocore.json(["Name": "r"])) {
            try await EventBridgeClient(configuration: $0).deleteRule("r")
        },
    ]

    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }

    @Test("schedule expressions: what EventBridge takes, and what it refuses with the fix")
    func expressions() {
        for valid in [
            "rate(1 minute)", "rate(5 minutes)", "rate(1 day)", "rate(12 hours)", "cron(0 12 * * ? *)", "cron(0/15 * ? * MON-FRI *)",
        ] {
            #expect(ScheduleExpression.problem(valid) == nil, "\(valid)")
        }
        #expect(ScheduleExpression.problem("rate(1 minutes)")?.contains("rate(1 minute)") == true)
        #expect(ScheduleExpression.problem("rate(5 minute)")?.contains("rate(5 minutes)") == true)
        #expect(ScheduleExpression.problem("rate(0 minutes)") != nil && ScheduleExpression.problem("rate(5 weeks)") != nil)
        #expect(ScheduleExpression.problem("cron(0 12 * * *)")?.contains("6") == true, "Unix cron has 5 fields")
        #expect(ScheduleExpression.problem("cron(0 12 * * MON *)")?.contains("?") == true)
        #expect(ScheduleExpression.problem("every 5 minutes") != nil)
    }
}
