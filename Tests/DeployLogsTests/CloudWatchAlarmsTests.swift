import DeployAsyncHTTPClient
import DeployCloudWatch
import DeployCore
import DeployTestSupport
import Foundation
import Testing

/// CloudWatch alarms against moto (SigV4 and IAM on), and their requests against botocore's.
@Suite("CloudWatch alarms on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct CloudWatchAlarmsMotoTests {
    @Test("a version-scoped alarm created, read in OK, set to ALARM with its reason, deleted; names not found are left out")
    func lifecycle() async throws {
        let cloudWatch = CloudWatchClient(
            configuration: try MotoEnvironment.configuration(
                credentials: MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared))
        let function = MotoEnvironment.uniqueName("fn")
        let name = "\(function)-live-7-errors"
        try await cloudWatch.putMetricAlarm(
            MetricAlarmDefinition(
                name: name, description: "errors of version 7", namespace: "AWS/Lambda", metricName: "Errors",
                dimensions: [
                    MetricDimension("FunctionName", function), MetricDimension("Resource", "\(function):live"),
                    MetricDimension("ExecutedVersion", "7"),
                ],
                statistic: "Sum", threshold: 1, tags: ["lambdadeploykit:managed": "true"]))
        let created = try await cloudWatch.alarms(named: [name, name + "-absent"])
        #expect(created.map(\.name) == [name])
        #expect(created.first?.metricName == "Errors")
        #expect(created.first?.dimensions.contains(MetricDimension("ExecutedVersion", "7")) == true)
        let before = Date()
        try await cloudWatch.setAlarmState(name, to: .alarm, reason: "Threshold Crossed: 1 datapoint [3.0] was >= 1.0")
        let alarmed = try #require(try await cloudWatch.alarms(named: [name]).first)
        #expect(alarmed.state == .alarm)
        #expect(alarmed.stateReason == "Threshold Crossed: 1 datapoint [3.0] was >= 1.0")
        #expect(try #require(alarmed.stateUpdated) > before.addingTimeInterval(-60))
        try await cloudWatch.deleteAlarms([name])
        #expect(try await cloudWatch.alarms(named: [name]).isEmpty)
    }
}

@Suite("CloudWatch requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct CloudWatchRequestShapeTests {
    static let alarm = MetricAlarmDefinition(
        name: "fn-live-7-errors", description: "errors", namespace: "AWS/Lambda", metricName: "Errors",
        dimensions: [MetricDimension("FunctionName", "fn"), MetricDimension("ExecutedVersion", "7")], statistic: "Sum", period: 60,
        evaluationPeriods: 2, threshold: 1, tags: ["b": "2", "a": "1"])

    static let cases: [OperationCase] = [
        OperationCase(
            service: "cloudwatch", signingName: "monitoring", operation: "PutMetricAlarm",
            parameters: Botocore.json([
                "AlarmName": "fn-live-7-errors", "AlarmDescription": "errors", "MetricName": "Errors", "Namespace": "AWS/Lambda",
                "Statistic": "Sum",
                "Dimensions": [["Name": "FunctionName", "Value": "fn"], ["Name": "ExecutedVersion", "Value": "7"]],
                "Period": 60, "EvaluationPeriods": 2, "Threshold": 1.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "TreatMissingData": "notBreaching", "Tags": [["Key": "a", "Value": "1"], ["Key": "b", "Value": "2"]],
            ])
        ) { try await CloudWatchClient(configuration: $0).putMetricAlarm(Self.alarm) },
        OperationCase(
            service: "cloudwatch", signingName: "monitoring", operation: "DescribeAlarms",
            parameters: Botocore.json(["AlarmNames": ["a", "b"]])
        ) { _ = try await CloudWatchClient(configuration: $0).alarms(named: ["a", "b"]) },
        OperationCase(
            service: "cloudwatch", signingName: "monitoring", operation: "DeleteAlarms",
            parameters: Botocore.json(["AlarmNames": ["a"]])
        ) { try await CloudWatchClient(configuration: $0).deleteAlarms(["a"]) },
        OperationCase(
            service: "cloudwatch", signingName: "monitoring", operation: "SetAlarmState",
            parameters: Botocore.json(["AlarmName": "a", "StateValue": "ALARM", "StateReason": "test"])
        ) { try await CloudWatchClient(configuration: $0).setAlarmState("a", to: .alarm, reason: "test") },
    ]

    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
