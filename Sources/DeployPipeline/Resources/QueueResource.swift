import DeployCore
import DeployIAM
import DeployLambda

/// The function's `sqs` events as a resource kind: one event source mapping per queue on the
/// alias (so that messages follow the alias through a rollout), and — for a managed role — an
/// inline policy `FUNCTION-queues` granting the execution role Lambda's SQS actions on exactly
/// those queues. Read with `ListEventSourceMappings` on the alias (and the policy); created,
/// updated (batch size, window, partial failures, enabled, concurrency) and deleted when the
/// queue left the configuration; each change waits until the mapping settles.
enum QueueResource {
    /// What Lambda and IAM have.
    struct Live: Sendable {
        var mappings: [EventSourceMapping]
        /// The queues the role's `FUNCTION-queues` policy grants; `nil` when it has none.
        var grantedQueues: Set<String>?
    }

    static func policyName(_ function: String) -> String { "\(function)-queues" }

    /// The account's event source mappings, listed once per run (`shared`) and filtered here to
    /// the SQS ones on the alias — `ListEventSourceMappings` names no resource, and a list per
    /// function would cost a run of many functions as many lists; the role's queue policy when it
    /// has one. A function without queues still deploys when the mappings cannot be read (a
    /// warning says so).
    static func read(
        _ function: FunctionDeployment, aliasARN: String, clients: ServiceClients, shared: SharedResources?
    ) async throws -> Live {
        let lambda = clients.lambda
        guard
            let all = try await listUnlessRefused(
                "event source mappings", wanted: !function.queues.isEmpty, function: function.name, clients: clients,
                {
                    if let shared { return try await shared.once("event-source-mappings") { try await lambda.eventSourceMappings() } }
                    return try await lambda.eventSourceMappings()
                })
        else { return Live(mappings: [], grantedQueues: nil) }
        let mappings = all.filter { $0.functionARN == aliasARN && ($0.eventSourceARN ?? "").contains(":sqs:") }
        guard case .managed(let role) = function.role, !function.queues.isEmpty || !mappings.isEmpty else {
            return Live(mappings: mappings, grantedQueues: nil)
        }
        let document = try await absentIfNotFound {
            try await clients.iam.rolePolicy(roleName: role, policyName: policyName(function.name))
        }
        return Live(mappings: mappings, grantedQueues: document.map { Set($0.statements.flatMap(\.resources)) })
    }

    /// What Lambda reports for settings it was not given: batch size 10, no window.
    static func normalized(_ settings: EventSourceMappingSettings) -> EventSourceMappingSettings {
        var settings = settings
        settings.batchSize = settings.batchSize ?? 10
        settings.maximumBatchingWindow = settings.maximumBatchingWindow ?? 0
        return settings
    }

    static func describe(_ settings: EventSourceMappingSettings) -> String {
        let settings = normalized(settings)
        return "batch \(settings.batchSize ?? 10), window \(settings.maximumBatchingWindow ?? 0) s"
            + (settings.reportsBatchItemFailures ? ", ReportBatchItemFailures" : "") + (settings.enabled ? "" : ", disabled")
            + (settings.maximumConcurrency.map { ", at most \($0) at once" } ?? "")
    }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        let live = inputs.live.queues ?? Live(mappings: [], grantedQueues: nil)
        guard !function.queues.isEmpty || !live.mappings.isEmpty || live.grantedQueues != nil else { return nil }
        let byQueue = Dictionary(live.mappings.map { ($0.eventSourceARN ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let wanted = Dictionary(function.queues.map { ($0.queueARN, $0.settings) }, uniquingKeysWith: { _, last in last })
        var changes: [AttributeChange] = []
        var creates: [String] = []
        var updates: [(uuid: String, queue: String)] = []
        for queue in wanted.keys.sorted() {
            guard let mapping = byQueue[queue] else {
                creates.append(queue)
                changes.append(AttributeChange("queue \(queue)", nil, describe(wanted[queue]!)))
                continue
            }
            if normalized(mapping.settings) != normalized(wanted[queue]!) {
                updates.append((mapping.uuid, queue))
                changes.append(AttributeChange("queue \(queue)", describe(mapping.settings), describe(wanted[queue]!)))
            }
        }
        let deletes = live.mappings.filter { wanted[$0.eventSourceARN ?? ""] == nil }
        changes += deletes.map { AttributeChange("queue \($0.eventSourceARN ?? $0.uuid)", describe($0.settings), nil) }
        // The managed role's access to exactly these queues.
        let roleName: String? = if case .managed(let name) = function.role { name } else { nil }
        let wantedGrant = Set(wanted.keys)
        let grantChanges = roleName != nil && (live.grantedQueues ?? []) != wantedGrant
        if grantChanges {
            changes.append(
                AttributeChange(
                    "role policy \(policyName(function.name))", live.grantedQueues.map { "\($0.count) queue(s)" },
                    wantedGrant.isEmpty ? nil : "\(wantedGrant.count) queue(s)"))
        }
        let change: PlannedChange = changes.isEmpty ? .keep : (live.mappings.isEmpty ? .create : (wanted.isEmpty ? .delete : .update))
        let lambda = inputs.clients.lambda
        let iam = inputs.clients.iam
        let sleep = inputs.clients.configuration.retryPolicy.sleep
        let aliasARN = inputs.aliasARN
        let name = function.name
        let (toCreate, toUpdate) = (creates, updates)
        return PlannedAction(
            id: inputs.id("queues"), function: name, step: .events, resource: "queues of \(function.alias)", change: change,
            attributes: changes,
            detail: change == .keep ? "\(wanted.count) queue(s) as configured" : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { _ in
            if grantChanges, let roleName, !wantedGrant.isEmpty {
                try await iam.putRolePolicy(
                    roleName: roleName, policyName: policyName(name), document: LeastPrivilege.queuePolicy(queues: Array(wantedGrant)))
            }
            for queue in toCreate {
                let created = try await createMapping(lambda, aliasARN: aliasARN, queue: queue, settings: wanted[queue]!, sleep: sleep)
                try await lambda.waitUntilSettled(eventSourceMapping: created.uuid)
            }
            for (uuid, queue) in toUpdate {
                _ = try await lambda.updateEventSourceMapping(uuid, wanted[queue]!)
                try await lambda.waitUntilSettled(eventSourceMapping: uuid)
            }
            for mapping in deletes { _ = try await absentIfNotFound { try await lambda.deleteEventSourceMapping(mapping.uuid) } }
            if grantChanges, let roleName, wantedGrant.isEmpty {
                _ = try await absentIfNotFound { try await iam.deleteRolePolicy(roleName: roleName, policyName: policyName(name)) }
            }
            return wanted.isEmpty
                ? "\(deletes.count) queue(s) removed"
                : "\(wanted.count) queue(s): \(toCreate.count) added, \(toUpdate.count) changed, \(deletes.count) removed"
        }
    }

    /// `CreateEventSourceMapping`, tried again while Lambda says the role cannot read the queue
    /// yet (IAM's propagation after the policy was put), up to a minute.
    private static func createMapping(
        _ lambda: LambdaClient, aliasARN: String, queue: String, settings: EventSourceMappingSettings,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) async throws -> EventSourceMapping {
        let waiter = Waiter<EventSourceMapping>(
            name: "the execution role's access to \(queue)", delay: .seconds(2), maxWait: .seconds(60),
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
        return try await waiter.wait { try await lambda.createEventSourceMapping(function: aliasARN, source: queue, settings) }
    }
}
