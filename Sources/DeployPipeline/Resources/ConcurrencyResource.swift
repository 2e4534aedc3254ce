import DeployCore
import DeployLambda

/// Reserved concurrency (on the function) and provisioned concurrency (on the alias) as resource
/// kinds: read only when the configuration sets them (`nil` leaves each as it is), changed with
/// `PutFunctionConcurrency` / `PutProvisionedConcurrencyConfig` (waiting until `READY`), removed
/// with 0 provisioned. Provisioned concurrency costs money every hour it is configured: the plan
/// shows the monthly estimate and the log warns with it.
enum ConcurrencyResource {
    struct Live: Sendable {
        /// The reserved concurrency; `.some(nil)` when none is reserved; `nil` when not read.
        var reserved: Int??
        /// The alias's provisioned concurrency; `.some(nil)` when none; `nil` when not read.
        var provisioned: ProvisionedConcurrency??
    }

    static func read(_ function: FunctionDeployment, clients: ServiceClients) async throws -> Live {
        let lambda = clients.lambda
        var live = Live()
        if function.reservedConcurrency != nil {
            live.reserved = .some(try await absentIfNotFound { try await lambda.reservedConcurrency(function.name) } ?? nil)
        }
        if function.provisionedConcurrency != nil {
            live.provisioned = .some(
                try await absentIfNotFound { try await lambda.provisionedConcurrency(function.name, qualifier: function.alias) })
        }
        return live
    }

    /// `PutFunctionConcurrency` when the reserved concurrency differs.
    static func reservedAction(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        guard let wanted = function.reservedConcurrency else { return nil }
        let current = inputs.live.concurrency?.reserved ?? nil
        let lambda = inputs.clients.lambda
        let change: PlannedChange = current == wanted ? .keep : .update
        return PlannedAction(
            id: inputs.id("reserved-concurrency"), function: function.name, step: .configuration, resource: "reserved concurrency",
            change: change,
            attributes: change == .keep ? [] : [AttributeChange("reservedConcurrency", current.map(String.init), String(wanted))],
            detail: "\(wanted) reserved" + (wanted == 0 ? " (0: every invocation is throttled)" : ""), dependencies: dependencies
        ) { _ in
            guard change != .keep else { return "\(wanted) reserved" }
            try await lambda.putReservedConcurrency(function.name, wanted)
            return "\(wanted) reserved (was \(current.map(String.init) ?? "none"))"
        }
    }

    /// `PutProvisionedConcurrencyConfig` on the alias (then waits for `READY`), or
    /// `DeleteProvisionedConcurrencyConfig` for 0; the cost estimate in the plan and the log.
    static func provisionedAction(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        guard let wanted = function.provisionedConcurrency else { return nil }
        let current = (inputs.live.concurrency?.provisioned ?? nil)?.requested
        guard (current ?? 0) != wanted else {
            return PlannedAction(
                id: inputs.id("provisioned-concurrency"), function: function.name, step: .alias, resource: "provisioned concurrency",
                change: .keep, detail: "\(wanted) on \(function.alias)", dependencies: dependencies,
                body: { _ in "\(wanted) on \(function.alias)" })
        }
        let lambda = inputs.clients.lambda
        let logger = inputs.context.logger
        let cost = ProvisionedConcurrencyPrice.describe(
            executions: wanted, memoryMB: function.memorySize ?? inputs.live.latest?.memorySize ?? 128,
            architecture: function.architecture ?? "x86_64", region: inputs.clients.region.name)
        return PlannedAction(
            id: inputs.id("provisioned-concurrency"), function: function.name, step: .alias, resource: "provisioned concurrency",
            change: wanted == 0 ? .delete : (current == nil ? .create : .update),
            attributes: [AttributeChange("provisionedConcurrency", current.map(String.init), wanted == 0 ? nil : "\(wanted): \(cost)")],
            detail: wanted == 0 ? "remove it from \(function.alias)" : "\(wanted) on \(function.alias): \(cost)", dependencies: dependencies
        ) { _ in
            guard wanted > 0 else {
                _ = try await absentIfNotFound { try await lambda.deleteProvisionedConcurrency(function.name, qualifier: function.alias) }
                return "removed from \(function.alias)"
            }
            logger.warning(
                "provisioned concurrency is billed every hour it is configured",
                metadata: ["function": "\(function.name)", "alias": "\(function.alias)", "executions": "\(wanted)", "cost": "\(cost)"])
            _ = try await lambda.putProvisionedConcurrency(function.name, qualifier: function.alias, wanted)
            let ready = try await lambda.waitUntilProvisioned(function.name, qualifier: function.alias)
            return "\(ready.available ?? wanted) ready on \(function.alias); \(cost)"
        }
    }
}
