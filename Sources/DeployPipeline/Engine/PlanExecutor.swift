import DeployCore

/// Carries out exactly the actions of a plan: each as soon as the actions it depends on have
/// succeeded, independent ones concurrently. On the first failure (or cancellation) it starts
/// nothing more, lets what runs finish, and then runs the compensations of the actions that
/// succeeded, newest first — shielded from the caller's cancellation and bounded by their own
/// deadline, so that a cancelled deploy still puts production back.
///
/// The executor knows nothing about Lambda: it runs bodies, records outcomes, and tells an
/// observer what happens.
struct PlanExecutor: Sendable {
    /// What the executor reports as it goes.
    struct Observer: Sendable {
        var started: @Sendable (PlannedAction) -> Void = { _ in }
        var finished: @Sendable (PlannedAction, String, Duration) -> Void = { _, _, _ in }
        var failed: @Sendable (PlannedAction, any Error) -> Void = { _, _ in }
        var compensated: @Sendable (PlannedAction, Result<String, any Error>, Duration) -> Void = { _, _, _ in }
    }

    /// How long compensations may keep retrying, together.
    var compensationDeadline: Duration = .seconds(120)
    /// The pause between two tries of a compensation.
    var compensationDelay: Duration = .milliseconds(500)
    /// Sleeps between tries (the configuration's retry policy sleep).
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    var observer = Observer()

    func apply(_ actions: [PlannedAction], state: ApplyState) async -> ApplyOutcome {
        var outcomes: [ActionID: ActionRecord.Outcome] = [:]
        var durations: [ActionID: Duration] = [:]
        var details: [ActionID: String] = [:]
        var compensations: [ActionID: Result<String, any Error>] = [:]
        var succeededInOrder: [PlannedAction] = []
        var failure: (id: ActionID, error: any Error)?
        await withTaskGroup(of: (Int, Result<String, any Error>, Duration).self) { group in
            var started = Set<Int>()
            var succeeded = Set<ActionID>()
            func launchReady() {
                guard failure == nil, !Task.isCancelled else { return }
                for (index, action) in actions.enumerated() where !started.contains(index) {
                    guard action.dependencies.allSatisfy(succeeded.contains) else { continue }
                    started.insert(index)
                    observer.started(action)
                    group.addTask {
                        let clock = ContinuousClock.now
                        do {
                            try Task.checkCancellation()
                            return (index, .success(try await action.body(state)), ContinuousClock.now - clock)
                        } catch {
                            return (index, .failure(error), ContinuousClock.now - clock)
                        }
                    }
                }
            }
            launchReady()
            while let (index, result, duration) = await group.next() {
                let action = actions[index]
                durations[action.id] = duration
                switch result {
                case .success(let detail):
                    outcomes[action.id] = .applied(detail)
                    details[action.id] = detail
                    succeeded.insert(action.id)
                    succeededInOrder.append(action)
                    observer.finished(action, detail, duration)
                case .failure(let error):
                    outcomes[action.id] = .failed(error)
                    if action.compensatesOwnFailure { succeededInOrder.append(action) }
                    if failure == nil { failure = (action.id, error) }
                    observer.failed(action, error)
                }
                launchReady()
            }
        }
        // Cancelled: an action in flight may have failed of it, or actions were left unstarted. A
        // plan that finished whole before the cancellation arrived is done, not undone.
        let cancelled = Task.isCancelled && (failure != nil || actions.contains { outcomes[$0.id] == nil })
        if failure != nil || cancelled {
            for (id, result) in await compensate(succeededInOrder, state: state) {
                compensations[id] = result
                // A failed action keeps its failure as its outcome; its compensation is in `compensations`.
                guard case .applied = outcomes[id] else { continue }
                switch result {
                case .success(let detail): outcomes[id] = .compensated(detail)
                case .failure(let error): outcomes[id] = .compensationFailed(error)
                }
            }
        }
        let records = actions.map { action in
            ActionRecord(
                id: action.id, step: action.step, change: action.change, outcome: outcomes[action.id] ?? .notStarted,
                appliedDetail: details[action.id], duration: durations[action.id] ?? .zero)
        }
        return ApplyOutcome(records: records, failure: failure, wasCancelled: cancelled, compensations: compensations)
    }

    /// Runs the compensations of `applied`, newest first, in a task of its own: the caller's
    /// cancellation does not reach it, its own deadline bounds it.
    private func compensate(_ applied: [PlannedAction], state: ApplyState) async -> [(ActionID, Result<String, any Error>)] {
        let toUndo = applied.reversed().filter { $0.compensation != nil }
        guard !toUndo.isEmpty else { return [] }
        let executor = self
        let shielded = Task {
            var results: [(ActionID, Result<String, any Error>)] = []
            let started = ContinuousClock.now
            for action in toUndo {
                guard let compensation = action.compensation else { continue }
                let clock = ContinuousClock.now
                let remaining = executor.compensationDeadline - (clock - started)
                let waiter = Waiter<String>(
                    name: "undoing \(action.id)", delay: executor.compensationDelay, maxWait: max(remaining, .zero),
                    acceptors: [
                        .init(.success, "undone", output: { _ in true }),
                        .init(.retry, "a failure that may pass", error: { !($0 is CompensationRefused) }),
                    ],
                    sleep: executor.sleep
                )
                do {
                    let detail = try await waiter.wait { try await compensation.run(state) }
                    results.append((action.id, .success(detail)))
                    executor.observer.compensated(action, .success(detail), ContinuousClock.now - clock)
                } catch {
                    let reason = (error as? WaiterTimeout)?.lastError ?? error
                    results.append((action.id, .failure(reason)))
                    executor.observer.compensated(action, .failure(reason), ContinuousClock.now - clock)
                }
            }
            return results
        }
        return await shielded.value
    }
}

/// A compensation that must not be retried: what it would undo was changed by someone else since
/// (another pipeline moved the alias), so undoing it would overwrite their change.
struct CompensationRefused: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
