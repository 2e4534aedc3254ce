import DeployCloudWatch
import DeployCore
import DeployLogs
import Foundation

/// A gradual rollout as plan steps: the version's alarms created (and the user's alarms' states
/// read, so that one already in `ALARM` for the old version is not blamed on the new one), then
/// per step the alias's weight moved and the step held while its gates are evaluated, then the
/// whole traffic moved and the alarms deleted. A gate that fails throws
/// ``RolloutGateFailed``; the executor then runs the alias moves' compensation (back on the
/// previous version, weights cleared) and deletes the alarms.
enum RolloutActions {
    /// When the rollout started, and the user alarms that were already in `ALARM` then.
    private static let started = StateKey<Date>("rolloutStarted")
    private static let alarmedBefore = StateKey<[String: Date]>("alarmedBeforeRollout")

    /// The rollout's actions; `move` makes one alias move (`nil` weight: the whole traffic).
    static func actions(
        _ inputs: PlanInputs, after dependencies: [ActionID], move: (String, Double?, [ActionID]) -> PlannedAction
    ) -> [PlannedAction] {
        let rollout = inputs.function.rollout
        var actions: [PlannedAction] = []
        var last = dependencies
        let watch = watchAction(inputs, after: last)
        actions.append(watch)
        last = [watch.id]
        for (index, step) in rollout.steps.enumerated() {
            let moved = move(rollout.steps.count == 1 ? "alias-canary" : "alias-step-\(index + 1)", step.weight, last)
            let bake = bakeAction(inputs, step: index, after: [moved.id])
            actions += [moved, bake]
            last = [bake.id]
        }
        let whole = move("alias", nil, last)
        actions.append(whole)
        if let cleanup = cleanupAction(inputs, after: [whole.id]) { actions.append(cleanup) }
        return actions
    }

    /// The names of the alarms the library creates for `version`.
    static func versionAlarmNames(_ function: FunctionDeployment, version: String) -> [String] {
        function.rollout.alarms?.definitions(function: function.name, alias: function.alias, version: version).map(\.name) ?? []
    }

    /// Creates the new version's alarms and reads the user's; undone by deleting the created ones.
    private static func watchAction(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction {
        let function = inputs.function
        let rollout = function.rollout
        let cloudWatch = inputs.clients.cloudWatch
        let clock = inputs.context.clock
        let metrics = rollout.alarms.map { alarms in
            ["maxErrors": alarms.maxErrors.map { "Errors > \($0)" }, "maxThrottles": alarms.maxThrottles.map { "Throttles > \($0)" }]
                .values.compactMap { $0 }.sorted() + (alarms.maxAverageDuration.map { ["average Duration > \($0)"] } ?? [])
        }
        let watched = (metrics.map { ["the new version's " + $0.joined(separator: ", ")] } ?? []) + rollout.alarmNames.map { "alarm \($0)" }
        return PlannedAction(
            id: inputs.id("rollout-watch"), function: function.name, step: .rollout, resource: "rollout \(rollout.name)",
            change: .check,
            detail: "\(rollout.steps.count) step(s) over \(DeploymentReport.format(rollout.totalBake)), gated by "
                + (watched.isEmpty ? "the health check" : watched.joined(separator: "; ")),
            dependencies: dependencies,
            compensation: rollout.alarms == nil
                ? nil
                : Compensation(detail: "delete the new version's alarms") { state in
                    guard let version = state[FunctionKeys.version] else { return "no alarms" }
                    try await cloudWatch.deleteAlarms(versionAlarmNames(function, version: version))
                    return "alarms deleted"
                }
        ) { state in
            let version = try state.require(FunctionKeys.version)
            state.set(started, clock.now())
            let definitions = rollout.alarms?.definitions(function: function.name, alias: function.alias, version: version) ?? []
            for definition in definitions { try await cloudWatch.putMetricAlarm(definition) }
            var before: [String: Date] = [:]
            if !rollout.alarmNames.isEmpty {
                let states = try await cloudWatch.alarms(named: rollout.alarmNames)
                let missing = Set(rollout.alarmNames).subtracting(states.map(\.name))
                guard missing.isEmpty else {
                    throw DeploymentDiagnosis(
                        kind: .invalidInput,
                        summary: "the rollout's alarm(s) \(missing.sorted().joined(separator: ", ")) do not exist in "
                            + "\(inputs.clients.region.name).",
                        fix: "Create them first, or correct the names in the rollout's alarmNames.")
                }
                for alarm in states where alarm.state == .alarm { before[alarm.name] = alarm.stateUpdated ?? .distantPast }
            }
            state.set(alarmedBefore, before)
            return "\(definitions.count) alarm(s) created for version \(version)"
                + (rollout.alarmNames.isEmpty ? "" : ", \(rollout.alarmNames.count) of yours watched")
                + (before.isEmpty ? "" : " (\(before.keys.sorted().joined(separator: ", ")) already in ALARM: the old version's)")
        }
    }

    /// Holds step `index` for its bake time, evaluating the gates at its start, every
    /// `evaluationInterval`, and at its end.
    private static func bakeAction(_ inputs: PlanInputs, step index: Int, after dependencies: [ActionID]) -> PlannedAction {
        let function = inputs.function
        let rollout = function.rollout
        let step = rollout.steps[index]
        let clock = inputs.context.clock
        let percent = Int((step.weight * 100).rounded())
        return PlannedAction(
            id: inputs.id(rollout.steps.count == 1 ? "bake" : "bake-\(index + 1)"), function: function.name, step: .rollout,
            resource: "rollout \(rollout.name)", change: .check,
            detail: "hold \(percent)% for \(DeploymentReport.format(step.bake)) (step \(index + 1) of \(rollout.steps.count))",
            dependencies: dependencies
        ) { state in
            let version = try state.require(FunctionKeys.version)
            let begun = clock.now()
            var evaluations = 0
            while true {
                let elapsed = Duration.seconds(clock.now().timeIntervalSince(begun))
                let context = RolloutGate.Context(
                    function: function.name, alias: function.alias, version: version,
                    previousVersion: inputs.live.alias?.functionVersion ?? "",
                    weight: step.weight, step: index + 1, stepCount: rollout.steps.count, elapsed: elapsed)
                do {
                    try await evaluateGates(inputs, context, invoking: evaluations == 0, state: state)
                } catch var failure as RolloutGateFailed {
                    failure.errorLines = await errorLines(inputs, version: version, from: state[started] ?? begun, to: clock.now())
                    throw failure
                }
                evaluations += 1
                guard elapsed < step.bake else { break }
                try await clock.sleep(min(rollout.evaluationInterval, step.bake - elapsed))
            }
            return "\(percent)% to version \(version) held \(DeploymentReport.format(step.bake)); gates passed \(evaluations) time(s)"
        }
    }

    /// Evaluates every gate once: the health check (its invocation of the new version at a step's
    /// start, when `invoking`; its endpoint probe every time), the alarms, the caller's gates.
    /// - Throws: ``RolloutGateFailed`` for the first that fails.
    private static func evaluateGates(
        _ inputs: PlanInputs, _ context: RolloutGate.Context, invoking: Bool, state: ApplyState
    ) async throws {
        let rollout = inputs.function.rollout
        let clock = inputs.context.clock
        func failed(_ gate: String, _ reason: String, datapoints: [String] = [], logTail: String? = nil) -> RolloutGateFailed {
            RolloutGateFailed(
                gate: gate, reason: reason, datapoints: datapoints, version: context.version, step: context.step,
                stepCount: context.stepCount, weight: context.weight, elapsed: context.elapsed, failedAt: clock.now(), logTail: logTail)
        }
        do {
            if invoking, let event = inputs.function.healthCheck.event {
                _ = try await CheckActions.invokeVersion(inputs, version: context.version, event: event)
            }
            if CheckActions.probesEndpoint(inputs.function) { _ = try await CheckActions.probeEndpoint(inputs, state: state) }
        } catch let error as HealthCheckFailed {
            throw failed("health check", error.description, logTail: error.result.logTail)
        }
        let own = versionAlarmNames(inputs.function, version: context.version)
        let names = own + rollout.alarmNames
        if !names.isEmpty {
            let rolloutStart = state[started] ?? .distantPast
            let before = state[alarmedBefore] ?? [:]
            for alarm in try await inputs.clients.cloudWatch.alarms(named: names) where alarm.state == .alarm {
                // An alarm of yours already in ALARM when the rollout began, and not since set
                // again, is the old version's: it does not block the new one.
                if let since = before[alarm.name], (alarm.stateUpdated ?? .distantPast) <= max(since, rolloutStart) { continue }
                throw failed("alarm \(alarm.name)", alarm.stateReason ?? "in ALARM", datapoints: Self.datapoints(alarm))
            }
        }
        for gate in rollout.gates {
            let verdict: RolloutGate.Verdict
            do {
                verdict = try await gate.evaluate(context)
            } catch {
                verdict = .fail("\(error)")
            }
            if case .fail(let reason) = verdict { throw failed(gate.name, reason) }
        }
    }

    /// How many of the new version's error lines a failed rollout's report keeps (the newest).
    static let keptErrorLines = 20

    /// The new version's error lines between `start` and `end`: `FilterLogEvents` on its streams
    /// (`YYYY/MM/DD/[VERSION]`, one call per UTC day of the window), the stream checked again here
    /// (a service that ignores the prefix must not mix in the old version's lines). Best effort: a
    /// failure to read the logs must not hide the gate's failure, so it gives no lines.
    static func errorLines(_ inputs: PlanInputs, version: String, from start: Date, to end: Date) async -> [String] {
        let logs = inputs.clients.logs
        let group = CloudWatchLogsClient.logGroup(function: inputs.function.name)
        // One prefix per UTC day the window touches (a rollout is hours at most: three days bound it).
        var prefixes: [String] = []
        var day = start
        while prefixes.count < 3 {
            let prefix = CloudWatchLogsClient.streamPrefix(version: version, on: min(day, end))
            if !prefixes.contains(prefix) { prefixes.append(prefix) }
            guard day < end else { break }
            day = day.addingTimeInterval(86_400)
        }
        var lines: [LogEvent] = []
        for prefix in prefixes {
            guard
                let events = try? await logs.filterLogEvents(
                    group, streamPrefix: prefix, from: start.addingTimeInterval(-60), to: end.addingTimeInterval(60), limit: 5_000)
            else { return [] }
            lines += events.filter { $0.isError && $0.version == version && ($0.stream ?? "").hasPrefix(prefix) }
        }
        return lines.sorted { $0.timestamp < $1.timestamp }.suffix(keptErrorLines).map {
            $0.message.trimmingCharacters(in: .newlines)
        }
    }

    /// The datapoints an alarm crossed its threshold with, from its `StateReasonData`
    /// (`evaluatedDatapoints`, else `recentDatapoints`).
    static func datapoints(_ alarm: MetricAlarm) -> [String] {
        guard let data = alarm.stateReasonData?.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        if let evaluated = object["evaluatedDatapoints"] as? [[String: Any]] {
            return evaluated.compactMap { point in
                guard let value = point["value"] as? Double else { return nil }
                return (point["timestamp"] as? String).map { "\(value) at \($0)" } ?? "\(value)"
            }
        }
        return (object["recentDatapoints"] as? [Double])?.map { "\($0)" } ?? []
    }

    /// Deletes the version's alarms once the whole traffic moved; a failure to delete is logged,
    /// not a failed deploy (the version serves; the alarms cost cents).
    private static func cleanupAction(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        guard inputs.function.rollout.alarms != nil else { return nil }
        let function = inputs.function
        let cloudWatch = inputs.clients.cloudWatch
        let logger = inputs.context.logger
        return PlannedAction(
            id: inputs.id("rollout-cleanup"), function: function.name, step: .rollout, resource: "rollout \(function.rollout.name)",
            change: .delete, detail: "delete the new version's alarms", dependencies: dependencies
        ) { state in
            let names = versionAlarmNames(function, version: try state.require(FunctionKeys.version))
            do {
                try await cloudWatch.deleteAlarms(names)
                return "\(names.count) alarm(s) deleted"
            } catch {
                logger.warning("the rollout's alarms were not deleted", metadata: ["alarms": "\(names)", "error": "\(error)"])
                return "alarms \(names.joined(separator: ", ")) left: \(error)"
            }
        }
    }
}
