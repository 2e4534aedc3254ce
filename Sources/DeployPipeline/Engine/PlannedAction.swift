/// What a planned action does to its resource.
public enum PlannedChange: String, Sendable, Hashable, CaseIterable {
    /// The resource does not exist and is created.
    case create
    /// The resource exists and differs: it is changed in place.
    case update
    /// The resource exists and is not wanted: it is deleted.
    case delete
    /// The resource is as wanted: nothing is sent.
    case keep
    /// Nothing changes; something is verified (a health check, an endpoint probe).
    case check

    /// The diff marker: `+`, `~`, `-`, ` `, `?`.
    public var marker: String {
        switch self {
        case .create: return "+"
        case .update: return "~"
        case .delete: return "-"
        case .keep: return " "
        case .check: return "?"
        }
    }

    /// Whether applying the action sends a mutating call.
    public var isMutating: Bool { self == .create || self == .update || self == .delete }
}

/// One attribute an action changes, before and after (`memorySize 128 → 256`). Values that may be
/// secret (environment variables) are never put here; their names are.
public struct AttributeChange: Sendable, Hashable, CustomStringConvertible {
    /// The attribute (`memorySize`, `CodeSha256`, `routing`).
    public var name: String
    /// Its live value; `nil` when it has none.
    public var before: String?
    /// Its desired value; `nil` when it goes away.
    public var after: String?

    /// A change of `name` from `before` to `after`.
    public init(_ name: String, _ before: String?, _ after: String?) {
        self.name = name
        self.before = before
        self.after = after
    }

    public var description: String { "\(name) \(before ?? "(none)") → \(after ?? "(none)")" }
}

/// Identifies an action within a plan (`myFunction/alias`).
public struct ActionID: Sendable, Hashable, CustomStringConvertible {
    /// The identifier.
    public var rawValue: String

    /// An identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// How an action is undone: what it will do (for the plan), and the call that does it.
struct Compensation: Sendable {
    /// `alias live back on version 3`.
    var detail: String
    /// Undoes the action; throws ``CompensationRefused`` when it must not be retried.
    var run: @Sendable (ApplyState) async throws -> String
}

/// One step of a plan: a typed change to one resource, the actions it must follow, and how it is
/// carried out (and undone, when a later step fails).
///
/// Actions are data the dry run prints and tests inspect; only the pipeline's executor runs their bodies.
public struct PlannedAction: Sendable, Identifiable {
    /// Unique within the plan.
    public var id: ActionID
    /// The function this action belongs to.
    public var function: String
    /// The pipeline step it is part of (for reports and events).
    public var step: DeploymentStep
    /// The resource it acts on (`alias live`, `role app-role`, `version`).
    public var resource: String
    /// What it does.
    public var change: PlannedChange
    /// The attributes it changes, before and after.
    public var attributes: [AttributeChange]
    /// A sentence on what it does, for the dry run and the report when it is not applied.
    public var detail: String
    /// The actions that must have succeeded before this one starts.
    public var dependencies: [ActionID]
    /// Carries the action out; returns what it did (names, never secret values).
    let body: @Sendable (ApplyState) async throws -> String
    /// Undoes what ``body`` did, when a later action fails or the run is cancelled; `nil` when
    /// nothing needs undoing (a read, a check, a change that leaves production as it was).
    let compensation: Compensation?

    /// Says, before anything runs, what the compensation would do (`alias live back to version 3`).
    public var compensationDetail: String? { compensation?.detail }
    /// Whether the compensation also runs when the action itself fails: a write whose answer was
    /// lost may have happened (the alias moved, the reply never came).
    var compensatesOwnFailure = false

    init(
        id: ActionID, function: String, step: DeploymentStep, resource: String, change: PlannedChange, attributes: [AttributeChange] = [],
        detail: String, dependencies: [ActionID] = [], compensation: Compensation? = nil,
        body: @escaping @Sendable (ApplyState) async throws -> String
    ) {
        self.id = id
        self.function = function
        self.step = step
        self.resource = resource
        self.change = change
        self.attributes = attributes
        self.detail = detail
        self.dependencies = dependencies
        self.compensation = compensation
        self.body = body
    }

    /// The action as diff lines: `~ function f: memorySize 128 → 256`, one line per attribute.
    public var diffLines: [String] {
        let head = "\(change.marker) \(resource)"
        guard !attributes.isEmpty else { return ["\(head): \(detail)"] }
        return attributes.map { "\(head): \($0)" }
    }
}
