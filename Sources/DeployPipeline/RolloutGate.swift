import DeployCloudWatch
import Foundation

/// The alarms a rollout creates on the new version's own metrics: Lambda publishes `Errors`,
/// `Throttles` and `Duration` for invocations through an alias with an `ExecutedVersion`
/// dimension, so these alarms see the new version only — the old version's errors, still served
/// to most of the traffic, never block it.
///
/// Created before the first weighted step, deleted when the rollout ends (either way).
public struct VersionAlarms: Sendable, Hashable {
    /// The new version's `Errors` above this many in a period rolls back; `nil`: not watched.
    public var maxErrors: Int?
    /// `Throttles` above this many in a period rolls back; `nil`: not watched.
    public var maxThrottles: Int?
    /// The average `Duration` above this rolls back; `nil`: not watched.
    public var maxAverageDuration: Duration?
    /// The metrics' period in seconds (10, 30 or a multiple of 60).
    public var period: Int

    /// Alarms on what is given.
    public init(maxErrors: Int? = 0, maxThrottles: Int? = nil, maxAverageDuration: Duration? = nil, period: Int = 60) {
        self.maxErrors = maxErrors
        self.maxThrottles = maxThrottles
        self.maxAverageDuration = maxAverageDuration
        self.period = period
    }

    /// Any error of the new version rolls back.
    public static let errors = VersionAlarms(maxErrors: 0)

    /// The alarm definitions for `version` of `function` served through `alias`.
    func definitions(function: String, alias: String, version: String) -> [MetricAlarmDefinition] {
        let dimensions = [
            MetricDimension("FunctionName", function), MetricDimension("Resource", "\(function):\(alias)"),
            MetricDimension("ExecutedVersion", version),
        ]
        func alarm(_ metric: String, statistic: String, above threshold: Double) -> MetricAlarmDefinition {
            MetricAlarmDefinition(
                name: Self.alarmName(function: function, alias: alias, version: version, metric: metric),
                description: "\(metric) of version \(version) of \(function) during its rollout (LambdaDeployKit deletes it after)",
                namespace: "AWS/Lambda", metricName: metric, dimensions: dimensions, statistic: statistic, period: period,
                threshold: threshold, comparison: .greaterThanThreshold, tags: ["lambdadeploykit:managed": "true"])
        }
        var alarms: [MetricAlarmDefinition] = []
        if let maxErrors { alarms.append(alarm("Errors", statistic: "Sum", above: Double(maxErrors))) }
        if let maxThrottles { alarms.append(alarm("Throttles", statistic: "Sum", above: Double(maxThrottles))) }
        if let maxAverageDuration {
            let milliseconds = maxAverageDuration.seconds * 1000
            alarms.append(alarm("Duration", statistic: "Average", above: milliseconds))
        }
        return alarms
    }

    /// `FUNCTION-ALIAS-vVERSION-METRIC`, what the library names the alarms it creates.
    static func alarmName(function: String, alias: String, version: String, metric: String) -> String {
        "\(function)-\(alias)-v\(version)-\(metric.lowercased())"
    }
}

/// A check of your own that gates a rollout, evaluated with the alarms at each step and through
/// its bake time.
///
/// ```swift
/// let orders = RolloutGate("orders still flow") { context in
///     try await ordersPerMinute() > 10 ? .pass : .fail("orders per minute fell below 10")
/// }
/// var rollout = FunctionDeployment.Rollout.linear(percent: 10, everyMinutes: 1)
/// rollout.gates = [orders]
/// ```
public struct RolloutGate: Sendable {
    /// What the gate judged.
    public enum Verdict: Sendable, Hashable {
        case pass
        /// The rollout rolls back; `reason` goes into the report.
        case fail(String)
    }

    /// Where the rollout is when a gate is evaluated.
    public struct Context: Sendable, Hashable {
        /// The function.
        public var function: String
        /// The alias moving.
        public var alias: String
        /// The new version.
        public var version: String
        /// The version serving the rest of the traffic.
        public var previousVersion: String
        /// The new version's share now (0–1).
        public var weight: Double
        /// The step (1-based).
        public var step: Int
        /// How many steps there are.
        public var stepCount: Int
        /// How long the current step has been held.
        public var elapsed: Duration
    }

    /// The gate's name, for the report.
    public var name: String
    /// Evaluates the gate; a thrown error fails it too.
    public var evaluate: @Sendable (Context) async throws -> Verdict

    /// A gate called `name`.
    public init(_ name: String, evaluate: @escaping @Sendable (Context) async throws -> Verdict) {
        self.name = name
        self.evaluate = evaluate
    }
}

/// A gate failed during a rollout: which, when, and what it saw.
public struct RolloutGateFailed: Error, Sendable, CustomStringConvertible {
    /// The gate (`alarm app-live-v7-errors`, `health check`, a custom gate's name).
    public var gate: String
    /// What it saw: an alarm's state reason (with its datapoints), a health check's answer.
    public var reason: String
    /// The datapoints an alarm crossed its threshold with, when CloudWatch gave them.
    public var datapoints: [String]
    /// The new version.
    public var version: String
    /// The step (1-based) it failed at.
    public var step: Int
    /// How many steps there are.
    public var stepCount: Int
    /// The new version's share then.
    public var weight: Double
    /// How long into the step.
    public var elapsed: Duration
    /// When it failed (the deploy clock's time).
    public var failedAt: Date
    /// The end of the new version's log, when the gate was a failing invocation.
    public var logTail: String?
    /// The new version's error lines from the rollout so far (its log streams
    /// `YYYY/MM/DD/[VERSION]…`, read with `FilterLogEvents`), newest last; empty when there were
    /// none or the logs could not be read.
    public var errorLines: [String] = []

    public var description: String {
        "the rollout's gate \(gate) failed at step \(step) of \(stepCount) (\(Int((weight * 100).rounded()))% to version \(version)), "
            + "\(DeploymentReport.format(elapsed)) into it (\(failedAt.formatted(.iso8601))): \(reason)"
            + (datapoints.isEmpty ? "" : " (datapoints: \(datapoints.joined(separator: ", ")))")
    }
}
