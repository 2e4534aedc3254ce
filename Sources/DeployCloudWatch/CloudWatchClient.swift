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
        struct Tag: Encodable {
            var Key: String
            var Value: String
        }
        struct Input: Encodable {
            var AlarmName: String
            var AlarmDescription: String?
            var MetricName: String
            var Namespace: String
            var Statistic: String
            var Dimensions: [MetricDimension]
            var Period: Int
            var EvaluationPeriods: Int
            var Threshold: Double
            var ComparisonOperator: String
            var TreatMissingData: String
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
        for start in stride(from: 0, to: names.count, by: Self.namesPerCall) {
            let batch = Array(names[start..<min(start + Self.namesPerCall, names.count)])
            var token: String?
            repeat {
                let page = try await client.json("DescribeAlarms", input: Input(AlarmNames: batch, NextToken: token), output: Output.self)
                found += page.MetricAlarms ?? []
                token = page.NextToken
            } while token != nil
        }
        return found
    }

    /// `DeleteAlarms`, 100 names a call; names that do not exist are ignored by CloudWatch.
    public func deleteAlarms(_ names: [String]) async throws {
        struct Input: Encodable { var AlarmNames: [String] }
        for start in stride(from: 0, to: names.count, by: Self.namesPerCall) {
            let batch = Array(names[start..<min(start + Self.namesPerCall, names.count)])
            _ = try await client.json("DeleteAlarms", input: Input(AlarmNames: batch), output: EmptyBody.self)
        }
    }

    /// `SetAlarmState`: sets the state until the next evaluation (to test what an alarm triggers).
    public func setAlarmState(_ name: String, to state: MetricAlarm.State, reason: String, reasonData: String? = nil) async throws {
        struct Input: Encodable {
            var AlarmName: String
            var StateValue: String
            var StateReason: String
            var StateReasonData: String?
        }
        _ = try await client.json(
            "SetAlarmState", input: Input(AlarmName: name, StateValue: state.rawValue, StateReason: reason, StateReasonData: reasonData),
            output: EmptyBody.self)
    }
}
