/// What happened to one planned action when a plan was applied.
public struct ActionRecord: Sendable, CustomStringConvertible {
    /// How the action ended.
    public enum Outcome: Sendable {
        /// It ran; the text says what it did.
        case applied(String)
        /// It failed with this error.
        case failed(any Error)
        /// It never started: an earlier action failed, or the run was cancelled.
        case notStarted
        /// It ran, a later action failed, and its compensation put things back (the text says how).
        case compensated(String)
        /// It ran, a later action failed, and its compensation failed too.
        case compensationFailed(any Error)
    }

    /// The action's id.
    public var id: ActionID
    /// The action's step.
    public var step: DeploymentStep
    /// The action's change.
    public var change: PlannedChange
    /// How it ended.
    public var outcome: Outcome
    /// What the action did when it ran (even when it was undone later).
    public var appliedDetail: String?
    /// How long it ran.
    public var duration: Duration

    /// Whether the action ran and succeeded (whether or not it was compensated later).
    public var succeeded: Bool {
        switch outcome {
        case .applied, .compensated, .compensationFailed: return true
        case .failed, .notStarted: return false
        }
    }

    public var description: String {
        switch outcome {
        case .applied(let detail): return "\(change.marker) \(id): \(detail)"
        case .failed(let error): return "! \(id): failed: \(error)"
        case .notStarted: return "  \(id): not started"
        case .compensated(let detail): return "\(change.marker) \(id): undone: \(detail)"
        case .compensationFailed(let error): return "! \(id): could not be undone: \(error)"
        }
    }
}

/// The outcome of applying a plan: every action's record, in plan order.
public struct ApplyOutcome: Sendable {
    /// Every action's record, in plan order.
    public var records: [ActionRecord]
    /// The action that failed, and why (the first failure when several ran at once).
    public var failure: (id: ActionID, error: any Error)?
    /// Whether the run was cancelled before it finished.
    public var wasCancelled: Bool
    /// The compensations that ran, by action: what each did, or why it failed.
    public var compensations: [ActionID: Result<String, any Error>]

    /// The record of `id`.
    public subscript(id: ActionID) -> ActionRecord? { records.first { $0.id == id } }
}
