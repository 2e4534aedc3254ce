import DeployCore
import Foundation

/// A metric dimension (`ExecutedVersion = 7`).
public struct MetricDimension: Sendable, Hashable, Codable {
    /// The dimension's name.
    public var name: String
    /// Its value.
    public var value: String

    /// A dimension.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case value = "Value"
    }
}

/// A metric alarm as `PutMetricAlarm` takes it: one metric, a statistic over a period, a threshold.
public struct MetricAlarmDefinition: Sendable, Hashable {
    /// How a datapoint is compared with the threshold.
    public enum Comparison: String, Sendable, Hashable {
        case greaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
        case greaterThanThreshold = "GreaterThanThreshold"
        case lessThanThreshold = "LessThanThreshold"
        case lessThanOrEqualToThreshold = "LessThanOrEqualToThreshold"
    }

    /// The alarm's name (unique in the account and region).
    public var name: String
    /// What it watches, in a sentence.
    public var description: String?
    /// `AWS/Lambda`.
    public var namespace: String
    /// `Errors`, `Throttles`, `Duration`.
    public var metricName: String
    /// The metric's dimensions.
    public var dimensions: [MetricDimension]
    /// `Sum`, `Average`, `Maximum`, `Minimum`, `SampleCount`.
    public var statistic: String
    /// The period in seconds (10, 30, or a multiple of 60).
    public var period: Int
    /// How many periods are evaluated.
    public var evaluationPeriods: Int
    /// The threshold.
    public var threshold: Double
    /// The comparison.
    public var comparison: Comparison
    /// `notBreaching`, `breaching`, `ignore` or `missing`: a version with no traffic yet has no datapoints.
    public var treatMissingData: String
    /// Tags on the alarm.
    public var tags: [String: String]

    /// An alarm definition; missing data does not breach by default.
    public init(
        name: String, description: String? = nil, namespace: String, metricName: String, dimensions: [MetricDimension],
        statistic: String, period: Int = 60, evaluationPeriods: Int = 1, threshold: Double,
        comparison: Comparison = .greaterThanOrEqualToThreshold, treatMissingData: String = "notBreaching", tags: [String: String] = [:]
    ) {
        self.name = name
        self.description = description
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
        self.statistic = statistic
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.threshold = threshold
        self.comparison = comparison
        self.treatMissingData = treatMissingData
        self.tags = tags
    }
}

/// An alarm's state as `DescribeAlarms` reports it.
public struct MetricAlarm: Sendable, Hashable, Decodable {
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    public struct State: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ok = State(rawValue: "OK")
        public static let alarm = State(rawValue: "ALARM")
        public static let insufficientData = State(rawValue: "INSUFFICIENT_DATA")
        public var description: String { rawValue }
    }

    /// The alarm's name.
    public var name: String
    /// Its state.
    public var state: State
    /// Why it is in that state; for a threshold crossed, the datapoints that crossed it.
    public var stateReason: String?
    /// The same as JSON (`recentDatapoints`, `threshold`), when CloudWatch gives it.
    public var stateReasonData: String?
    /// When the state last changed.
    public var stateUpdated: Date?
    /// The metric watched.
    public var metricName: String?
    /// Its dimensions.
    public var dimensions: [MetricDimension]

    enum CodingKeys: String, CodingKey {
        case name = "AlarmName"
        case state = "StateValue"
        case stateReason = "StateReason"
        case stateReasonData = "StateReasonData"
        case stateUpdated = "StateUpdatedTimestamp"
        case metricName = "MetricName"
        case dimensions = "Dimensions"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        state = try container.decode(State.self, forKey: .state)
        stateReason = try container.decodeIfPresent(String.self, forKey: .stateReason)
        stateReasonData = try container.decodeIfPresent(String.self, forKey: .stateReasonData)
        stateUpdated = try container.decodeIfPresent(Date.self, forKey: .stateUpdated)
        metricName = try container.decodeIfPresent(String.self, forKey: .metricName)
        dimensions = try container.decodeIfPresent([MetricDimension].self, forKey: .dimensions) ?? []
    }

    /// An alarm state given in code (tests, fakes).
    public init(
        name: String, state: State, stateReason: String? = nil, stateReasonData: String? = nil, stateUpdated: Date? = nil,
        metricName: String? = nil, dimensions: [MetricDimension] = []
    ) {
        self.name = name
        self.state = state
        self.stateReason = stateReason
        self.stateReasonData = stateReasonData
        self.stateUpdated = stateUpdated
        self.metricName = metricName
        self.dimensions = dimensions
    }
}
