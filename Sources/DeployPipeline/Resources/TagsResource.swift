import DeployCore
import DeployLambda

/// The function's tags as a resource kind: read (with `GetFunction`) only when the configuration
/// sets them, diffed, added or changed with `TagResource` and removed with `UntagResource`. The
/// library's own `lambdadeploykit:managed` and AWS's `aws:` tags are never touched.
enum TagsResource {
    /// Tags this resource kind leaves alone.
    static func isReserved(_ key: String) -> Bool { key == Teardown.managedTag || key.hasPrefix("aws:") }

    static func read(_ function: FunctionDeployment, clients: ServiceClients) async throws -> [String: String]? {
        guard function.tags != nil else { return nil }
        return try await absentIfNotFound { try await clients.lambda.tags(function.name) } ?? [:]
    }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        // A new function is created with its tags.
        guard let wanted = function.tags, inputs.live.latest != nil else { return nil }
        let current = (inputs.live.tags ?? [:]).filter { !isReserved($0.key) }
        let setting = wanted.filter { current[$0.key] != $0.value && !isReserved($0.key) }
        let removing = current.keys.filter { wanted[$0] == nil }.sorted()
        let changes =
            setting.keys.sorted().map { AttributeChange("tag \($0)", current[$0], setting[$0]) }
            + removing.map {
                AttributeChange("tag \($0)", current[$0], nil)
            }
        let lambda = inputs.clients.lambda
        let arn = inputs.functionARN
        return PlannedAction(
            id: inputs.id("tags"), function: function.name, step: .configuration, resource: "tags",
            change: changes.isEmpty ? .keep : .update,
            attributes: changes,
            detail: changes.isEmpty ? "\(wanted.count) tag(s) as configured" : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { _ in
            if !setting.isEmpty { try await lambda.tagResource(arn, setting) }
            if !removing.isEmpty { try await lambda.untagResource(arn, keys: removing) }
            return changes.isEmpty ? "\(wanted.count) tag(s) as configured" : "\(setting.count) set, \(removing.count) removed"
        }
    }
}
