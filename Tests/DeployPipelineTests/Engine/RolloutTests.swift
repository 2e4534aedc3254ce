import DeployCore
import DeployPipeline
import DeployTesting
import Foundation
import Synchronization
import Testing

/// Gradual rollouts on the fake Lambda and CloudWatch under a virtual clock: every strategy's
/// weights and timing, alarms at each step, the old version's alarm, gates of the caller's.
@Suite("Rollouts (canary, linear, custom) on a fake Lambda and CloudWatch, virtual clock")
struct RolloutTests {
    typealias Rollout = FunctionDeployment.Rollout

    /// One alias move: the version, the new version's weight (nil: none), and when (virtual seconds since the rollout's deploy began).
    struct Move: Equatable, CustomStringConvertible {
        var version: String
        var weight: Double?
        var at: Double
        var description: String { "\(version)\(weight.map { " +\($0)" } ?? "") @\(at)s" }
    }

    /// A world with version 1 deployed, and what the next deploy does.
    final class World: Sendable {
        let lambda = FakeLambda()
        let clock = DeployClock.virtual(startingAt: Date(timeIntervalSince1970: 1_800_000_000))
        let cloudWatch: FakeCloudWatch
        let mock: MockTransport
        let pipeline: DeploymentPipeline
        let moveTimes = Mutex<[Date]>([])

        init() async throws {
            cloudWatch = FakeCloudWatch(clock: clock)
            mock = lambda.transport
            cloudWatch.install(on: mock)
            var pipeline = try EngineTests.pipeline(mock)
            pipeline.clock = clock
            self.pipeline = pipeline
            #expect(await pipeline.deploy(EngineTests.deployment([EngineTests.function()])).succeeded)
            lambda.beforeEach.withLock { [self] in $0 = { operation in if operation == "UpdateAlias" { self.recordMove() } } }
        }

        func recordMove() { moveTimes.withLock { $0.append(clock.now()) } }

        func deploy(_ rollout: Rollout) async -> DeploymentReport {
            await pipeline.deploy(EngineTests.deployment([EngineTests.function("v2", rollout: rollout)]))
        }

        /// The alias moves the second deploy made, from the requests and the clock.
        func moves(since start: Date) -> [Move] {
            let bodies = mock.requests.filter { $0.request.method == .put && $0.path.contains("/aliases/") }.map { request in
                (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            }
            let times = moveTimes.withLock { $0 }
            return zip(bodies, times).map { body, time in
                let weights = (body["RoutingConfig"] as? [String: Any])?["AdditionalVersionWeights"] as? [String: Double] ?? [:]
                return Move(
                    version: body["FunctionVersion"] as? String ?? "?", weight: weights["2"], at: time.timeIntervalSince(start).rounded())
            }
        }
    }

    static func expectedMoves(_ rollout: Rollout) -> [Move] {
        var at = 0.0
        var moves: [Move] = []
        for step in rollout.steps {
            moves.append(Move(version: "1", weight: step.weight, at: at))
            at += Double(step.bake.components.seconds)
        }
        return moves + [Move(version: "2", weight: nil, at: at)]
    }

    @Test(
        "each CodeDeploy strategy and a custom list: the weights step by step, each held its bake, then all of it with no weights",
        arguments: Rollout.predefinedNames.dropFirst() + ["Custom"])
    func weightSequence(_ name: String) async throws {
        let world = try await World()
        let rollout =
            name == "Custom"
            ? Rollout.steps([.init(weight: 0.05, bake: .seconds(90)), .init(weight: 0.5, bake: .seconds(600))]) : try Rollout.named(name)
        let start = world.clock.now()
        let report = await world.deploy(rollout)
        #expect(report.succeeded, "\(report)")
        #expect(world.moves(since: start) == Self.expectedMoves(rollout))
        #expect(world.lambda.alias("app")?.version == "2" && world.lambda.alias("app")?.weights.isEmpty == true)
        #expect(world.clock.now().timeIntervalSince(start) >= Double(rollout.totalBake.components.seconds))
        #expect(world.cloudWatch.calls.withLock { $0.filter { $0 == "PutMetricAlarm" }.count } == 1)
        #expect(world.cloudWatch.alarms.withLock { $0.isEmpty }, "the version's alarm is deleted after")
        // Gates evaluated at each step's start, every minute of its bake, and at its end.
        let describes = world.cloudWatch.calls.withLock { $0.filter { $0 == "DescribeAlarms" }.count }
        let expected = rollout.steps.map { Int($0.bake.components.seconds + 59) / 60 + 1 }.reduce(0, +)
        #expect(describes == expected)
    }

    @Test("named strategies: the steps CodeDeploy takes, prefixes accepted, anything else refused with the names there are")
    func names() throws {
        #expect(try Rollout.named("Canary10Percent5Minutes").steps == [.init(weight: 0.1, bake: .seconds(300))])
        let linear = try Rollout.named("CodeDeployDefault.LambdaLinear10PercentEvery3Minutes")
        #expect(linear.steps.map(\.weight) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
        #expect(linear.totalBake == .seconds(27 * 60) && linear.name == "Linear10PercentEvery3Minutes")
        #expect(try Rollout.named("Linear25PercentEvery1Minute").steps.map(\.weight) == [0.25, 0.5, 0.75])
        #expect(try Rollout.named("AllAtOnce").steps.isEmpty)
        for name in ["Canary10Percent", "Linear10PercentEvery1Minutes2", "Canary0Percent5Minutes", "canary10percent5minutes"] {
            #expect(throws: DeploymentDiagnosis.self, "\(name)") { try Rollout.named(name) }
        }
        do {
            _ = try Rollout.named("Blue/Green")
        } catch let error as DeploymentDiagnosis {
            #expect(error.kind == .invalidInput && error.fix.contains("Canary10Percent5Minutes"))
        }
    }

    @Test(
        "the version's Errors alarm goes to ALARM at step N: rolled back at step N, weights cleared, the datapoints reported",
        arguments: 1...9)
    func alarmAtEachStep(_ failing: Int) async throws {
        let world = try await World()
        let rollout = try Rollout.named("Linear10PercentEvery1Minute")
        let moved = Mutex(0)
        let (cloudWatch, lambda) = (world.cloudWatch, world.lambda)
        lambda.beforeEach.withLock {
            $0 = { operation in
                guard operation == "UpdateAlias" else { return }
                world.recordMove()
                let count = moved.withLock { count in
                    count += 1
                    return count
                }
                if count == failing {
                    cloudWatch.set(
                        "app-live-v2-errors", "ALARM",
                        reason: "Threshold Crossed: 1 datapoint [3.0 (06/12/26 16:40:00)] was greater than 0.0",
                        reasonData: #"{"evaluatedDatapoints":[{"timestamp":"2026-12-06T16:40:00.000+0000","value":3.0}]}"#)
                }
            }
        }
        let start = world.clock.now()
        let report = await world.deploy(rollout)
        let result = try #require(report[function: "app"])
        guard case .rolledBack(let step, let serving) = result.outcome else {
            Issue.record("expected a rollback: \(report)")
            return
        }
        #expect(step == .rollout && serving == "1")
        #expect(lambda.alias("app")?.version == "1" && lambda.alias("app")?.weights.isEmpty == true)
        let moves = world.moves(since: start)
        #expect(moves.count == failing + 1, "\(moves)")
        #expect(moves.dropLast().map(\.weight) == rollout.steps.prefix(failing).map(\.weight))
        #expect(moves.last == Move(version: "1", weight: nil, at: Double(failing - 1) * 60), "rolled back at once, in step \(failing)")
        let diagnosis = try #require(result.diagnosis)
        #expect(diagnosis.kind == .rolloutGateFailed)
        #expect(diagnosis.summary.contains("alarm app-live-v2-errors failed at step \(failing) of 9 (\(failing * 10)% to version 2)"))
        #expect(diagnosis.summary.contains("3.0 at 2026-12-06T16:40:00.000+0000"), "\(diagnosis.summary)")
        #expect(cloudWatch.alarms.withLock { $0.isEmpty }, "the version's alarm is deleted on rollback too")
    }

    @Test("an alarm of yours already in ALARM (the old version) does not block; one that goes into ALARM during the rollout rolls back")
    func userAlarms() async throws {
        let world = try await World()
        var rollout = try Rollout.named("Canary10Percent5Minutes")
        rollout.alarmNames = ["checkout-errors", "latency"]
        world.cloudWatch.set("checkout-errors", "ALARM", at: world.clock.now().addingTimeInterval(-600))
        world.cloudWatch.set("latency", "OK")
        let report = await world.deploy(rollout)
        #expect(report.succeeded, "\(report)")
        #expect(report[function: "app"]?.steps.contains { $0.detail.contains("checkout-errors already in ALARM") } == true)

        let again = try await World()
        again.cloudWatch.set("checkout-errors", "ALARM", at: again.clock.now().addingTimeInterval(-600))
        again.cloudWatch.set("latency", "OK")
        let clock = again.clock
        let cloudWatch = again.cloudWatch
        rollout.gates = [
            RolloutGate("sets latency to ALARM two minutes in") { context in
                if context.elapsed >= .seconds(120) { cloudWatch.set("latency", "ALARM", reason: "p99 above 2 s") }
                _ = clock
                return .pass
            }
        ]
        let failed = await again.deploy(rollout)
        let diagnosis = try #require(failed[function: "app"]?.diagnosis)
        #expect(diagnosis.summary.contains("alarm latency failed at step 1 of 1"), "\(diagnosis.summary)")
        #expect(diagnosis.summary.contains("3 min into it") || diagnosis.summary.contains("180"), "\(diagnosis.summary)")
        #expect(again.lambda.alias("app")?.version == "1")
    }

    @Test("a missing alarm of yours is refused before any weight moves; a gate of yours that fails or throws rolls back with its reason")
    func gates() async throws {
        let world = try await World()
        var rollout = Rollout.steps([.init(weight: 0.2, bake: .seconds(60))])
        rollout.alarmNames = ["no-such-alarm"]
        let refused = await world.deploy(rollout)
        #expect(refused[function: "app"]?.diagnosis?.summary.contains("no-such-alarm do not exist") == true)
        #expect(world.lambda.alias("app")?.version == "1")
        #expect(!world.lambda.calls.contains("UpdateAlias"), "no weight moved")

        struct Outage: Error, CustomStringConvertible { var description: String { "the orders API answered 503" } }
        for gate in [
            RolloutGate("orders flow") { _ in .fail("orders per minute fell to 0") }, RolloutGate("orders flow") { _ in throw Outage() },
        ] {
            let world = try await World()
            var rollout = Rollout.steps([.init(weight: 0.2, bake: .seconds(60))])
            rollout.gates = [gate]
            let report = await world.deploy(rollout)
            let summary = report[function: "app"]?.diagnosis?.summary ?? ""
            #expect(summary.contains("gate orders flow failed at step 1 of 1 (20% to version 2)"), "\(summary)")
            #expect(summary.contains("fell to 0") || summary.contains("503"), "\(summary)")
            #expect(world.lambda.alias("app")?.version == "1" && world.lambda.alias("app")?.weights.isEmpty == true)
        }
    }

    @Test("the version's alarms: Errors, Throttles and Duration on FunctionName, Resource and ExecutedVersion, above the thresholds given")
    func alarmDefinitions() async throws {
        let world = try await World()
        var rollout = Rollout.steps([.init(weight: 0.5, bake: .seconds(60))])
        rollout.alarms = VersionAlarms(maxErrors: 2, maxThrottles: 0, maxAverageDuration: .milliseconds(1500), period: 30)
        #expect(await world.deploy(rollout).succeeded)
        let alarms = world.mock.requests.filter { $0.target == "GraniteServiceVersion20100801.PutMetricAlarm" }.map {
            (try? JSONSerialization.jsonObject(with: Data($0.body))) as? [String: Any] ?? [:]
        }
        #expect(alarms.map { $0["AlarmName"] as? String } == ["app-live-v2-errors", "app-live-v2-throttles", "app-live-v2-duration"])
        #expect(alarms.map { $0["MetricName"] as? String } == ["Errors", "Throttles", "Duration"])
        #expect(alarms.map { $0["Statistic"] as? String } == ["Sum", "Sum", "Average"])
        #expect(alarms.map { $0["Threshold"] as? Double } == [2, 0, 1500])
        #expect(alarms.allSatisfy { $0["Period"] as? Int == 30 && $0["ComparisonOperator"] as? String == "GreaterThanThreshold" })
        #expect(alarms.allSatisfy { $0["TreatMissingData"] as? String == "notBreaching" && $0["Namespace"] as? String == "AWS/Lambda" })
        let dimensions = alarms.first?["Dimensions"] as? [[String: String]] ?? []
        #expect(
            dimensions == [
                ["Name": "FunctionName", "Value": "app"], ["Name": "Resource", "Value": "app:live"],
                ["Name": "ExecutedVersion", "Value": "2"],
            ])
    }

    @Test("the health check's invocation fails at step 2: rolled back there, the invocation's log tail in the diagnosis")
    func invocationAtStep() async throws {
        let world = try await World()
        let lambda = world.lambda
        let moves = Counter()
        lambda.beforeEach.withLock {
            $0 = { operation in
                guard operation == "UpdateAlias" else { return }
                world.recordMove()
                if moves.next() == 1 { lambda.failingInvocation.withLock { $0 = (error: "boom", log: "[ERROR] boom at 20%\n") } }
            }
        }
        let report = await world.deploy(try Rollout.named("Linear10PercentEvery1Minute"))
        let result = try #require(report[function: "app"])
        #expect(result.outcome == .rolledBack(failedStep: .rollout, servingVersion: "1"), "\(report)")
        #expect(result.diagnosis?.summary.contains("gate health check failed at step 2 of 9 (20% to version 2)") == true)
        #expect(result.diagnosis?.logTail == "[ERROR] boom at 20%\n")
        #expect(lambda.alias("app")?.version == "1" && lambda.alias("app")?.weights.isEmpty == true)
    }

    @Test("AllAtOnce: one move, no alarm, no bake")
    func allAtOnce() async throws {
        let world = try await World()
        let start = world.clock.now()
        #expect(await world.deploy(.allAtOnce).succeeded)
        #expect(world.moves(since: start) == [Move(version: "2", weight: nil, at: 0)])
        #expect(world.cloudWatch.calls.withLock { $0.isEmpty })
    }
}
