// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire names its members.
import DeployCore
import Foundation

/// CloudWatch metric alarms (JSON 1.0, API 2010-08-01): the alarms that gate a rollout.
///
/// ```swift
/// let cloudWatch = CloudWatchClient(configuration: configuration)
/// try await cloudWatch.putMetricAlarm(MetricAlarmDefinition(
///     name: "myLambdaFunction-live-7-errors", namespace: "AWS/Lambda", metricName: "Errors",
///     dimensions: [MetricDimension("FunctionName", "myLambdaFunction"), MetricDimension("ExecutedVersion", "7")],
///     statistic: "Sum", threshold: 1))
/// let states = try await cloudWatch.alarms(named: ["myLambdaFunction-live-7-errors"])
/// ```
public struct CloudWatchClient: Sendable {
    /// The CloudWatch service, spoken in its JSON 1.0 protocol (botocore's choice, and moto's).
    public static let service = AWSService(
        serviceID: "CloudWatch", signingName: "monitoring", endpointPrefix: "monitoring", apiVersion: "2010-08-01",
        wireProtocol: .json(version: "1.0", targetPrefix: "GraniteServiceVersion20100801")
    )

    /// How many alarm names `DescribeAlarms` and `DeleteAlarms` take at once.
    public static let namesPerCall = 100

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    /// `PutMetricAlarm`: creates the alarm, or replaces the one of that name.
    public func putMetricAlarm(_ alarm: MetricAlarmDefinition) async throws {
        struct Tag: Encodable { var Key, Value: String }
        struct Input: Encodable {
            var AlarmName: String
            var AlarmDescription: String?
            var MetricName, Namespace, Statistic: String
            var Dimensions: [MetricDimension]
            var Period, EvaluationPeriods: Int
            var Threshold: Double
            var ComparisonOperator, TreatMissingData: String
            var Tags: [Tag]?
        }
        let input = Input(
            AlarmName: alarm.name, AlarmDescription: alarm.description, MetricName: alarm.metricName, Namespace: alarm.namespace,
            Statistic: alarm.statistic, Dimensions: alarm.dimensions, Period: alarm.period, EvaluationPeriods: alarm.evaluationPeriods,
            Threshold: alarm.threshold, ComparisonOperator: alarm.comparison.rawValue, TreatMissingData: alarm.treatMissingData,
            Tags: alarm.tags.isEmpty ? nil : alarm.tags.sorted { $0.key < $1.key }.map { Tag(Key: $0.key, Value: $0.value) })
        _ = try await client.json("PutMetricAlarm", input: input, output: EmptyBody.self)
    }

    /// The metric alarms of these names that exist (`DescribeAlarms`, 100 names a call, every page).
    public func alarms(named names: [String]) async throws -> [MetricAlarm] {
        struct Input: Encodable {
            var AlarmNames: [String]
            var NextToken: String?
        }
        struct Output: Decodable {
            var MetricAlarms: [MetricAlarm]?
            var NextToken: String?
        }
        var found: [MetricAlarm] = []
        for batch in Self.batches(names) {
            found += try await client.jsonPages(
                "DescribeAlarms", input: { Input(AlarmNames: batch, NextToken: $0) }, output: Output.self,
                page: { ($0.MetricAlarms ?? [], $0.NextToken) })
        }
        return found
    }

    /// `DeleteAlarms`, 100 names a call; names that do not exist are ignored by CloudWatch.
    public func deleteAlarms(_ names: [String]) async throws {
        struct Input: Encodable { var AlarmNames: [String] }
        for batch in Self.batches(names) {
            _ = try await client.json("DeleteAlarms", input: Input(AlarmNames: batch), output: EmptyBody.self)
        }
    }

    /// `names` in calls of at most ``namesPerCall``.
    private static func batches(_ names: [String]) -> [[String]] {
        stride(from: 0, to: names.count, by: namesPerCall).map { Array(names[$0..<min($0 + namesPerCall, names.count)]) }
    }

    /// `SetAlarmState`: sets the state until the next evaluation (to test what an alarm triggers).
    public func setAlarmState(_ name: String, to state: MetricAlarm.State, reason: String, reasonData: String? = nil) async throws {
        struct Input: Encodable {
            var AlarmName, StateValue, StateReason: String
            var StateReasonData: String?
        }
        let input = Input(AlarmName: name, StateValue: state.rawValue, StateReason: reason, StateReasonData: reasonData)
        _ = try await client.json("SetAlarmState", input: input, output: EmptyBody.self)
    }
}
