// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire names its members.
import DeployCore

/// An alias's (or version's) provisioned concurrency, as Lambda reports it.
public struct ProvisionedConcurrency: Sendable, Hashable, Decodable {
    /// What was asked for.
    public var requested: Int?
    /// What is ready now.
    public var available: Int?
    /// `IN_PROGRESS`, `READY` or `FAILED`.
    public var status: String?
    /// Why it failed, when it did.
    public var statusReason: String?

    enum CodingKeys: String, CodingKey {
        case requested = "RequestedProvisionedConcurrentExecutions"
        case available = "AvailableProvisionedConcurrentExecutions"
        case status = "Status"
        case statusReason = "StatusReason"
    }
}

/// Provisioning an alias's concurrency failed (Lambda's `FAILED` status).
public struct ProvisionedConcurrencyFailed: Error, Sendable, CustomStringConvertible {
    /// The function and qualifier.
    public var function: String
    /// Lambda's reason.
    public var reason: String
    public var description: String { "provisioned concurrency of \(function) failed: \(reason)" }
}

extension LambdaClient {
    private struct Reserved: Codable { var ReservedConcurrentExecutions: Int? }

    /// `GetFunctionConcurrency`: the function's reserved concurrency, `nil` when none is reserved.
    public func reservedConcurrency(_ function: String) async throws -> Int? {
        try await send(
            .get, "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency", function: function, output: Reserved.self
        ).ReservedConcurrentExecutions
    }

    /// `PutFunctionConcurrency`: reserves `executions` of the account's concurrency for the
    /// function (and caps it there; 0 stops every invocation).
    public func putReservedConcurrency(_ function: String, _ executions: Int) async throws {
        _ = try await send(
            .put, "/2017-10-31/functions/{FunctionName}/concurrency", "PutFunctionConcurrency", function: function,
            body: Reserved(ReservedConcurrentExecutions: executions), output: Reserved.self)
    }

    /// `DeleteFunctionConcurrency`: the function draws from the account's unreserved pool again.
    public func deleteReservedConcurrency(_ function: String) async throws {
        _ = try await send(
            .delete, "/2017-10-31/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency", function: function,
            output: EmptyBody.self)
    }

    /// `GetProvisionedConcurrencyConfig` for an alias or version.
    public func provisionedConcurrency(_ function: String, qualifier: String) async throws -> ProvisionedConcurrency {
        try await send(
            .get, "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", "GetProvisionedConcurrencyConfig", function: function,
            query: [("Qualifier", qualifier)], output: ProvisionedConcurrency.self)
    }

    /// `PutProvisionedConcurrencyConfig`: keeps `executions` environments initialised for the alias
    /// or version; Lambda answers `IN_PROGRESS` (``waitUntilProvisioned(_:qualifier:)`` waits for `READY`).
    public func putProvisionedConcurrency(_ function: String, qualifier: String, _ executions: Int) async throws -> ProvisionedConcurrency {
        struct Input: Encodable { var ProvisionedConcurrentExecutions: Int }
        return try await send(
            .put, "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", "PutProvisionedConcurrencyConfig", function: function,
            query: [("Qualifier", qualifier)], body: Input(ProvisionedConcurrentExecutions: executions),
            output: ProvisionedConcurrency.self)
    }

    /// `DeleteProvisionedConcurrencyConfig`.
    public func deleteProvisionedConcurrency(_ function: String, qualifier: String) async throws {
        _ = try await send(
            .delete, "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", "DeleteProvisionedConcurrencyConfig",
            function: function, query: [("Qualifier", qualifier)], output: EmptyBody.self)
    }

    /// Waits until the provisioned concurrency is `READY`; throws ``ProvisionedConcurrencyFailed``
    /// when it is `FAILED`, ``/DeployCore/WaiterTimeout`` when it takes longer than the wait allows.
    @discardableResult
    public func waitUntilProvisioned(_ function: String, qualifier: String) async throws -> ProvisionedConcurrency {
        let waiter = Waiter<ProvisionedConcurrency>(
            name: "provisioned concurrency of \(function):\(qualifier) ready", delay: pollInterval, maxWait: waitTimeout,
            acceptors: [
                .init(.success, "READY", output: { $0.status == "READY" }), .init(.failure, "FAILED", output: { $0.status == "FAILED" }),
            ],
            sleep: sleep, describe: { "Status=\($0.status ?? "-"), available \($0.available ?? 0) of \($0.requested ?? 0)" })
        do {
            return try await waiter.wait { try await self.provisionedConcurrency(function, qualifier: qualifier) }
        } catch let error as WaiterFailure {
            let last = error.lastOutput as? ProvisionedConcurrency
            throw ProvisionedConcurrencyFailed(function: "\(function):\(qualifier)", reason: last?.statusReason ?? "no reason given")
        }
    }
}
