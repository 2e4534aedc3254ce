import DeployCore
import DeployIAM
import DeployLambda

/// Which event sources a function's mappings read: its `sqs` events or its `stream` events.
enum EventSourceKind: String, Sendable {
    case queues, streams

    /// `queue`, `stream`.
    var noun: String { self == .queues ? "queue" : "stream" }

    /// Whether a mapping reading `arn` is of this kind.
    func reads(_ arn: String) -> Bool {
        self == .queues ? arn.contains(":sqs:") : (arn.contains(":dynamodb:") || arn.contains(":kinesis:"))
    }

    /// The managed role's inline policy granting what Lambda needs on them (`FUNCTION-queues`).
    func policyName(_ function: String) -> String { "\(function)-\(rawValue)" }

    /// That policy for `sources`.
    func policy(_ sources: [String]) -> PolicyDocument {
        self == .queues ? LeastPrivilege.queuePolicy(queues: sources) : LeastPrivilege.streamPolicy(streams: sources)
    }

    /// The sources `function` wants, by ARN.
    func wanted(_ function: FunctionDeployment) -> [String: EventSourceMappingSettings] {
        let sources =
            self == .queues ? function.queues.map { ($0.queueARN, $0.settings) } : function.streams.map { ($0.streamARN, $0.settings) }
        return Dictionary(sources, uniquingKeysWith: { _, last in last })
    }

    /// What Lambda reports for settings it was not given (queues: batch 10, no window; streams:
    /// batch 100, no window, retried until the records expire, not split, one batch per shard, no
    /// age limit). The starting position is set once, when the mapping is created: not compared.
    func normalized(_ settings: EventSourceMappingSettings) -> EventSourceMappingSettings {
        var settings = settings
        settings.startingPosition = nil
        settings.maximumBatchingWindow = settings.maximumBatchingWindow ?? 0
        guard self == .streams else {
            settings.batchSize = settings.batchSize ?? 10
            return settings
        }
        settings.batchSize = settings.batchSize ?? 100
        settings.maximumRetryAttempts = settings.maximumRetryAttempts ?? -1
        settings.splitsFailedBatches = settings.splitsFailedBatches ?? false
        settings.parallelizationFactor = settings.parallelizationFactor ?? 1
        settings.maximumRecordAge = settings.maximumRecordAge ?? -1
        return settings
    }

    /// `batch 10, window 0 s, ReportBatchItemFailures`, as the plan shows it.
    func describe(_ settings: EventSourceMappingSettings) -> String {
        let settings = normalized(settings)
        var text = "batch \(settings.batchSize ?? 0), window \(settings.maximumBatchingWindow ?? 0) s"
        if self == .streams {
            text += ", retries \(settings.maximumRetryAttempts ?? -1)" + (settings.splitsFailedBatches == true ? ", split on error" : "")
            if let factor = settings.parallelizationFactor, factor > 1 { text += ", \(factor) batches per shard" }
            if let age = settings.maximumRecordAge, age >= 0 { text += ", records up to \(age) s old" }
        }
        return text + (settings.reportsBatchItemFailures ? ", ReportBatchItemFailures" : "") + (settings.enabled ? "" : ", disabled")
            + (settings.maximumConcurrency.map { ", at most \($0) at once" } ?? "")
    }
}

/// The function's `sqs` and `stream` events as resource kinds: one event source mapping per queue
/// or stream on the alias (so that records follow the alias through a rollout), and — for a
/// managed role — an inline policy (`FUNCTION-queues`, `FUNCTION-streams`) granting the execution
/// role Lambda's actions on exactly those sources. Read with `ListEventSourceMappings` on the alias
/// (and the policy); created, updated (batch size, window, partial failures, enabled, concurrency;
/// a stream's retries, splitting, parallelization, record age) and deleted when the source left
/// the configuration; each change waits until the mapping settles.
enum EventSourceResource {
    /// What Lambda and IAM have of one kind.
    struct Live: Sendable {
        var mappings: [EventSourceMapping]
        /// The sources the role's policy of this kind grants; `nil` when it has none.
        var granted: Set<String>?
    }

    /// The account's event source mappings, listed once per run (`shared`) and filtered here to
    /// the alias's ones of `kind` — `ListEventSourceMappings` names no resource, and a list per
    /// function would cost a run of many functions as many lists; the role's policy of that kind
    /// when it has one. A function without sources of that kind still deploys when the mappings
    /// cannot be read (a warning says so).
    static func read(
        _ function: FunctionDeployment, _ kind: EventSourceKind, aliasARN: String, clients: ServiceClients, shared: SharedResources?
    ) async throws -> Live {
        let lambda = clients.lambda
        let wanted = kind.wanted(function)
        guard
            let all = try await listUnlessRefused(
                "event source mappings", wanted: !wanted.isEmpty, function: function.name, clients: clients,
                {
                    if let shared { return try await shared.once("event-source-mappings") { try await lambda.eventSourceMappings() } }
                    return try await lambda.eventSourceMappings()
                })
        else { return Live(mappings: [], granted: nil) }
        let mappings = all.filter { $0.functionARN == aliasARN && kind.reads($0.eventSourceARN ?? "") }
        guard case .managed(let role) = function.role, !wanted.isEmpty || !mappings.isEmpty else {
            return Live(mappings: mappings, granted: nil)
        }
        let document = try await absentIfNotFound {
            try await clients.iam.rolePolicy(roleName: role, policyName: kind.policyName(function.name))
        }
        return Live(mappings: mappings, granted: document.map { Set($0.statements.flatMap(\.resources)) })
    }

    static func action(_ inputs: PlanInputs, _ kind: EventSourceKind, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        let live = (kind == .queues ? inputs.live.queues : inputs.live.streams) ?? Live(mappings: [], granted: nil)
        let wanted = kind.wanted(function)
        guard !wanted.isEmpty || !live.mappings.isEmpty || live.granted != nil else { return nil }
        let bySource = Dictionary(live.mappings.map { ($0.eventSourceARN ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [AttributeChange] = []
        var creates: [String] = []
        var updates: [(uuid: String, source: String)] = []
        for source in wanted.keys.sorted() {
            guard let mapping = bySource[source] else {
                creates.append(source)
                changes.append(AttributeChange("\(kind.noun) \(source)", nil, kind.describe(wanted[source]!)))
                continue
            }
            if kind.normalized(mapping.settings) != kind.normalized(wanted[source]!) {
                updates.append((mapping.uuid, source))
                changes.append(AttributeChange("\(kind.noun) \(source)", kind.describe(mapping.settings), kind.describe(wanted[source]!)))
            }
        }
        let deletes = live.mappings.filter { wanted[$0.eventSourceARN ?? ""] == nil }
        changes += deletes.map { AttributeChange("\(kind.noun) \($0.eventSourceARN ?? $0.uuid)", kind.describe($0.settings), nil) }
        // The managed role's access to exactly these sources.
        let roleName: String? = if case .managed(let name) = function.role { name } else { nil }
        let wantedGrant = Set(wanted.keys)
        let grantChanges = roleName != nil && (live.granted ?? []) != wantedGrant
        if grantChanges {
            changes.append(
                AttributeChange(
                    "role policy \(kind.policyName(function.name))", live.granted.map { "\($0.count) \(kind.noun)(s)" },
                    wantedGrant.isEmpty ? nil : "\(wantedGrant.count) \(kind.noun)(s)"))
        }
        let change: PlannedChange = changes.isEmpty ? .keep : (live.mappings.isEmpty ? .create : (wanted.isEmpty ? .delete : .update))
        let lambda = inputs.clients.lambda
        let iam = inputs.clients.iam
        let sleep = inputs.clients.configuration.retryPolicy.sleep
        let aliasARN = inputs.aliasARN
        let name = function.name
        let (toCreate, toUpdate) = (creates, updates)
        return PlannedAction(
            id: inputs.id(kind.rawValue), function: name, step: .events, resource: "\(kind.rawValue) of \(function.alias)",
            change: change, attributes: changes,
            detail: change == .keep
                ? "\(wanted.count) \(kind.noun)(s) as configured" : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { _ in
            if grantChanges, let roleName, !wantedGrant.isEmpty {
                try await iam.putRolePolicy(
                    roleName: roleName, policyName: kind.policyName(name), document: kind.policy(Array(wantedGrant)))
            }
            for source in toCreate {
                let created = try await createMapping(lambda, aliasARN: aliasARN, source: source, settings: wanted[source]!, sleep: sleep)
                try await lambda.waitUntilSettled(eventSourceMapping: created.uuid)
            }
            for (uuid, source) in toUpdate {
                _ = try await lambda.updateEventSourceMapping(uuid, wanted[source]!)
                try await lambda.waitUntilSettled(eventSourceMapping: uuid)
            }
            for mapping in deletes { _ = try await absentIfNotFound { try await lambda.deleteEventSourceMapping(mapping.uuid) } }
            if grantChanges, let roleName, wantedGrant.isEmpty {
                _ = try await absentIfNotFound { try await iam.deleteRolePolicy(roleName: roleName, policyName: kind.policyName(name)) }
            }
            return wanted.isEmpty
                ? "\(deletes.count) \(kind.noun)(s) removed"
                : "\(wanted.count) \(kind.noun)(s): \(toCreate.count) added, \(toUpdate.count) changed, \(deletes.count) removed"
        }
    }

    /// `CreateEventSourceMapping`, tried again while Lambda says the role cannot read the source
    /// yet (IAM's propagation after the policy was put), up to a minute.
    private static func createMapping(
        _ lambda: LambdaClient, aliasARN: String, source: String, settings: EventSourceMappingSettings,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) async throws -> EventSourceMapping {
        let waiter = Waiter<EventSourceMapping>(
            name: "the execution role's access to \(source)", delay: .seconds(2), maxWait: .seconds(60),
            acceptors: [
                .init(.success, "created", output: { _ in true }),
                .init(
                    .retry, "the role's new permission has not propagated",
                    error: { error in
                        guard let error = error as? AWSServiceError else { return false }
                        return error.code == "InvalidParameterValueException" && error.message.contains("permission")
                    }),
            ],
            sleep: sleep)
        return try await waiter.wait { try await lambda.createEventSourceMapping(function: aliasARN, source: source, settings) }
    }
}
