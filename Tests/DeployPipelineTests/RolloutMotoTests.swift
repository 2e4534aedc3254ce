import DeployAsyncHTTPClient
import DeployCloudWatch
import DeployCore
import DeployLambda
import DeployLogs
import DeployPipeline
import DeployTestSupport
import Foundation
import Synchronization
import Testing

/// Gradual rollouts on moto (SigV4 and IAM on) under a virtual clock: the weights move on
/// Lambda's alias, the version's alarm is created in CloudWatch and deleted after, and an alarm
/// set to ALARM mid-rollout rolls back.
@Suite("Rollouts on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct RolloutMotoTests {
    func pipeline() throws -> DeploymentPipeline {
        var pipeline = DeploymentPipeline(
            configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared), logger: PipelineFixture.quiet)
        pipeline.clock = .virtual()
        return pipeline
    }

    func clients() throws -> (LambdaClient, CloudWatchClient) {
        let configuration = try PipelineFixture.configuration(AsyncHTTPClientTransport.shared)
        return (LambdaClient(configuration: configuration), CloudWatchClient(configuration: configuration))
    }

    /// The weights a gate saw.
    final class Seen: Sendable {
        private let values = Mutex<[Double]>([])
        func append(_ value: Double) { values.withLock { $0.append(value) } }
        var all: [Double] { values.withLock { $0 } }
    }

    /// A gate that records the alias's weights as Lambda has them at each evaluation, and runs `also`.
    func observing(
        _ function: String, into seen: Seen, also: @escaping @Sendable (RolloutGate.Context) async throws -> Void = { _ in }
    ) throws -> RolloutGate {
        let (lambda, _) = try clients()
        return RolloutGate("observer") { context in
            let alias = try await lambda.alias(function, name: "live")
            seen.append(alias.additionalVersionWeights[context.version] ?? -1)
            try await also(context)
            return .pass
        }
    }

    @Test("a linear rollout with a short custom schedule moves the alias's weights step by step and ends clean, its alarm deleted")
    func linear() async throws {
        let function = PipelineFixture.hello()
        let pipeline = try pipeline()
        #expect(await PipelineFixture.run([function], pipeline: pipeline).report.succeeded)
        let seen = Seen()
        var rollout = FunctionDeployment.Rollout.steps([
            .init(weight: 0.1, bake: .seconds(60)), .init(weight: 0.5, bake: .seconds(60)), .init(weight: 0.9, bake: .seconds(60)),
        ])
        rollout.gates = [try observing(function.name, into: seen)]
        let (report, _) = await PipelineFixture.run(
            [PipelineFixture.hello(function.name, marker: "v2", rollout: rollout)], pipeline: pipeline)
        #expect(report[function: function.name]?.outcome == .deployed(version: "2"), "\(report)")
        #expect(Array(Set(seen.all)).sorted() == [0.1, 0.5, 0.9], "the weights Lambda held at the gates")
        let (lambda, cloudWatch) = try clients()
        let alias = try await lambda.alias(function.name, name: "live")
        #expect(alias.functionVersion == "2" && alias.additionalVersionWeights.isEmpty)
        #expect(try await cloudWatch.alarms(named: ["\(function.name)-live-v2-errors"]).isEmpty, "the version's alarm is gone")
        #expect(report[function: function.name]?.steps.contains { $0.detail.contains("1 alarm(s) created for version 2") } == true)
    }

    @Test("the version's alarm set to ALARM with SetAlarmState in step 2: rolled back to version 1 with no weights, the alarm deleted")
    func alarmRollsBack() async throws {
        let function = PipelineFixture.hello()
        let pipeline = try pipeline()
        #expect(await PipelineFixture.run([function], pipeline: pipeline).report.succeeded)
        let (lambda, cloudWatch) = try clients()
        let alarm = "\(function.name)-live-v2-errors"
        let seen = Seen()
        var rollout = FunctionDeployment.Rollout.steps([
            .init(weight: 0.1, bake: .seconds(120)), .init(weight: 0.3, bake: .seconds(120)), .init(weight: 0.6, bake: .seconds(120)),
        ])
        rollout.gates = [
            try observing(function.name, into: seen) { context in
                // Lambda's Errors for version 2 cross the threshold during step 2.
                if context.step == 2, context.elapsed >= Duration.seconds(60) {
                    try await cloudWatch.setAlarmState(
                        alarm, to: .alarm, reason: "Threshold Crossed: 1 datapoint [2.0] was greater than 0.0")
                }
            }
        ]
        #expect(try await cloudWatch.alarms(named: [alarm]).isEmpty)
        // What the two versions logged meanwhile (moto runs no code: the lines are written here).
        let logs = CloudWatchLogsClient(configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared))
        let group = CloudWatchLogsClient.logGroup(function: function.name)
        try await logs.createLogGroup(group)
        let now = Date()
        for (version, line) in [("1", "[ERROR] the old version's own trouble"), ("2", "[ERROR] KeyError: 'TABLE'")] {
            let stream = CloudWatchLogsClient.streamPrefix(version: version, on: now) + "0123abcd"
            try await logs.createLogStream(group, stream: stream)
            try await logs.putLogEvents(
                group, stream: stream,
                [
                    LogEvent(timestamp: now, message: "START RequestId: r Version: \(version)\n"),
                    LogEvent(timestamp: now, message: line + "\n"),
                ])
        }
        let (report, events) = await PipelineFixture.run(
            [PipelineFixture.hello(function.name, marker: "v2", rollout: rollout)], pipeline: pipeline)
        let result = try #require(report[function: function.name])
        #expect(result.outcome == .rolledBack(failedStep: .rollout, servingVersion: "1"), "\(report)")
        #expect(result.diagnosis?.kind == .rolloutGateFailed)
        #expect(result.diagnosis?.summary.contains("alarm \(alarm) failed at step 2 of 3 (30% to version 2)") == true, "\(report)")
        #expect(result.diagnosis?.summary.contains("Threshold Crossed: 1 datapoint [2.0]") == true)
        #expect(result.diagnosis?.logTail == "errors of version 2 during the rollout:\n[ERROR] KeyError: 'TABLE'", "only version 2's")
        #expect(report.description.contains("    | [ERROR] KeyError: 'TABLE'"))
        #expect(events.contains(.rolledBack(function: function.name, alias: "live", toVersion: "1")))
        #expect(!seen.all.contains(0.6), "step 3 never started")
        let alias = try await lambda.alias(function.name, name: "live")
        #expect(alias.functionVersion == "1" && alias.additionalVersionWeights.isEmpty)
        #expect(try await cloudWatch.alarms(named: [alarm]).isEmpty, "the library's alarm is removed after the rollback")
    }
}
