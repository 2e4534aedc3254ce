import DeployCore
import DeployLogs

/// The function's log group (`/aws/lambda/NAME`), as a resource kind, when the function sets a
/// retention: created ahead of the function's first log line (Lambda would create it with no
/// retention: logs kept, and paid for, forever), its retention set, or kept.
enum LogGroupResource {
    /// The group Lambda writes the function's logs to.
    static func name(_ function: FunctionDeployment) -> String { "/aws/lambda/\(function.name)" }

    /// What CloudWatch Logs has; `nil` when the function sets no retention (nothing is read).
    static func read(_ function: FunctionDeployment, clients: ServiceClients) async throws -> LogGroup?? {
        guard function.logRetentionInDays != nil else { return nil }
        return .some(try await clients.logs.logGroup(name(function)))
    }

    static func action(_ inputs: PlanInputs) -> PlannedAction? {
        let function = inputs.function
        guard let days = function.logRetentionInDays, case .some(let live) = inputs.live.logGroup else { return nil }
        let group = name(function)
        let logs = inputs.clients.logs
        if live?.retentionInDays == days {
            return PlannedAction(
                id: inputs.id("logs"), function: function.name, step: .logs, resource: "log group \(group)", change: .keep,
                detail: "kept \(days) days", body: { _ in "kept \(days) days" })
        }
        let before = live.map { $0.retentionInDays.map { "\($0) days" } ?? "forever" }
        return PlannedAction(
            id: inputs.id("logs"), function: function.name, step: .logs, resource: "log group \(group)",
            change: live == nil ? .create : .update, attributes: [AttributeChange("retention", before, "\(days) days")],
            detail: live == nil ? "create \(group), kept \(days) days" : "keep events \(days) days (was \(before ?? "forever"))"
        ) { _ in
            if live == nil {
                do {
                    try await logs.createLogGroup(group, tags: Teardown.managedTags)
                } catch let error as AWSServiceError where error.code == "ResourceAlreadyExistsException" {
                    // Lambda (a first invocation) or another run created it since the plan.
                }
            }
            try await logs.putRetentionPolicy(group, days: days)
            return "\(group): events kept \(days) days"
        }
    }
}
