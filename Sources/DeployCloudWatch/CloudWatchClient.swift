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
            var key, value: String
            enum CodingKeys: String, CodingKey {
                case key = "Key"
                case value = "Value"
            }
        }
        struct Input: Encodable {
            var name: String
            var description: String?
            var metricName, namespace, statistic: String
            var dimensions: [MetricDimension]
            var period, evaluationPeriods: Int
            var threshold: Double
            var comparison, treatMissingData: String
            var tags: [Tag]?
            enum CodingKeys: String, CodingKey {
                case name = "AlarmName"
                case description = "AlarmDescription"
                case metricName = "MetricName"
                case namespace = "Namespace"
                case statistic = "Statistic"
                case dimensions = "Dimensions"
                case period = "Period"
                case evaluationPeriods = "EvaluationPeriods"
                case threshold = "Threshold"
                case comparison = "ComparisonOperator"
                case treatMissingData = "TreatMissingData"
                case tags = "Tags"
            }
        }
        let input = Input(
            name: alarm.name, description: alarm.description, metricName: alarm.metricName, namespace: alarm.namespace,
            statistic: alarm.statistic, dimensions: alarm.dimensions, period: alarm.period, evaluationPeriods: alarm.evaluationPeriods,
            threshold: alarm.threshold, comparison: alarm.comparison.rawValue, treatMissingData: alarm.treatMissingData,
            tags: alarm.tags.isEmpty ? nil : alarm.tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) })
        _ = try await client.json("PutMetricAlarm", input: input, output: EmptyBody.self)
    }

    /// The metric alarms of these names that exist (`DescribeAlarms`, 100 names a call, every page).
    public func alarms(named names: [String]) async throws -> [MetricAlarm] {
        struct Input: Encodable {
            var names: [String]
            var token: String?
            enum CodingKeys: String, CodingKey {
                case names = "AlarmNames"
                case token = "NextToken"
            }
        }
        struct Output: Decodable {
            var alarms: [MetricAlarm]?
            var token: String?
            enum CodingKeys: String, CodingKey {
                case alarms = "MetricAlarms"
                case token = "NextToken"
            }
        }
        var found: [MetricAlarm] = []
        for start in stride(from: 0, to: names.count, by: Self.namesPerCall) {
            let batch = Array(names[start..<min(start + Self.namesPerCall, names.count)])
            found += try await client.jsonPages(
                "DescribeAlarms", input: { Input(names: batch, token: $0) }, output: Output.self, page: { ($0.alarms ?? [], $0.token) })
        }
        return found
    }

    /// `DeleteAlarms`, 100 names a call; names that do not exist are ignored by CloudWatch.
    public func deleteAlarms(_ names: [String]) async throws {
        struct Input: Encodable {
            var names: [String]
            enum CodingKeys: String, CodingKey { case names = "AlarmNames" }
        }
        for start in stride(from: 0, to: names.count, by: Self.namesPerCall) {
            let batch = Array(names[start..<min(start + Self.namesPerCall, names.count)])
            _ = try await client.json("DeleteAlarms", input: Input(names: batch), output: EmptyBody.self)
        }
    }

    /// `SetAlarmState`: sets the state until the next evaluation (to test what an alarm triggers).
    public func setAlarmState(_ name: String, to state: MetricAlarm.State, reason: String, reasonData: String? = nil) async throws {
        struct Input: Encodable {
            var name, state, reason: String
            var reasonData: String?
            enum CodingKeys: String, CodingKey {
                case name = "AlarmName"
                case state = "StateValue"
                case reason = "StateReason"
                case reasonData = "StateReasonData"
            }
        }
        _ = try await client.json(
            "SetAlarmState", input: Input(name: name, state: state.rawValue, reason: reason, reasonData: reasonData), output: EmptyBody.self
        )
    }
}
