import DeployAPIGateway
import DeployCore
import DeployLambda

/// The function URL on the alias, as a resource kind: read with `GetFunctionUrlConfig` and the
/// alias's policy; created, updated (auth type, CORS, invoke mode) or deleted; for a public
/// (`NONE`) URL, the two resource-policy statements Lambda requires since October 2025
/// (`lambda:InvokeFunctionUrl` with `FunctionUrlAuthType: NONE`, and `lambda:InvokeFunction`
/// with `InvokedViaFunctionUrl: true`) are added, and removed when the URL stops being public.
enum FunctionURLResource {
    /// The statement granting `lambda:InvokeFunctionUrl` to everyone for a `NONE` URL.
    static let urlStatement = "lambdadeploykit-url-public"
    /// The statement granting `lambda:InvokeFunction` to everyone, through the URL only.
    static let invokeStatement = "lambdadeploykit-url-invoke"

    /// What Lambda has.
    struct Live: Sendable {
        var configuration: FunctionURLConfiguration?
        /// This library's statements on the alias's policy.
        var statements: Set<String>
    }

    /// One call for a function without a URL (`GetFunctionUrlConfig` answers 404); the alias's
    /// policy too when the function has a URL or is to have one.
    static func read(_ function: FunctionDeployment, clients: ServiceClients) async throws -> Live {
        let lambda = clients.lambda
        let configuration = try await absentIfNotFound { try await lambda.functionURL(function.name, qualifier: function.alias) }
        guard configuration != nil || function.url != nil else { return Live(configuration: nil, statements: []) }
        let policy = try await absentIfNotFound { try await lambda.policyDocument(function.name, qualifier: function.alias) }
        let ours = Set(policy?.statements.compactMap(\.id).filter { [urlStatement, invokeStatement].contains($0) } ?? [])
        return Live(configuration: configuration, statements: ours)
    }

    /// The URL's line in the report: `ANY - https://ID.lambda-url.REGION.on.aws/`.
    static func endpoint(_ url: String) -> InvokeURL { InvokeURL(url: url, method: "ANY") }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        let live = inputs.live.url ?? Live(configuration: nil, statements: [])
        let wanted = function.url
        let statements: Set<String> = wanted?.authType == FunctionURLAuthType.public ? [urlStatement, invokeStatement] : []
        let adding = statements.subtracting(live.statements).sorted()
        let removing = live.statements.subtracting(statements).sorted()
        var changes: [AttributeChange] = []
        let change: PlannedChange
        switch (live.configuration, wanted) {
        case (nil, nil): return nil
        case (nil, let wanted?):
            change = .create
            changes.append(AttributeChange("url", nil, describe(wanted)))
        case (let current?, nil):
            change = .delete
            changes.append(AttributeChange("url", current.url, nil))
        case (let current?, let wanted?):
            if current.settings != wanted { changes.append(AttributeChange("url", describe(current.settings), describe(wanted))) }
            change = changes.isEmpty && adding.isEmpty && removing.isEmpty ? .keep : .update
        }
        changes +=
            adding.map { AttributeChange("permission \($0)", nil, "public") }
            + removing.map { AttributeChange("permission \($0)", "public", nil) }
        let lambda = inputs.clients.lambda
        let alias = function.alias
        let name = function.name
        let detail = change == .keep ? "\(live.configuration?.url ?? "") as configured" : changes.map(\.description).joined(separator: "; ")
        return PlannedAction(
            id: inputs.id("url"), function: name, step: .url, resource: "function URL on \(alias)", change: change, attributes: changes,
            detail: detail, dependencies: dependencies
        ) { state in
            var url = live.configuration?.url
            switch (live.configuration, wanted) {
            case (nil, let wanted?): url = try await lambda.createFunctionURL(name, qualifier: alias, wanted).url
            case (let current?, let wanted?) where current.settings != wanted:
                url = try await lambda.updateFunctionURL(name, qualifier: alias, wanted).url
            case (_?, nil):
                _ = try await absentIfNotFound { try await lambda.deleteFunctionURL(name, qualifier: alias) }
                url = nil
            default: break
            }
            var policy = AliasPolicyWriter(function, lambda: lambda)
            for statement in removing { try await policy.remove(statement) }
            for statement in adding {
                try await policy.add(
                    statement, principal: "*", action: statement == urlStatement ? "lambda:InvokeFunctionUrl" : "lambda:InvokeFunction",
                    functionURLAuthType: statement == urlStatement ? FunctionURLAuthType.public : nil,
                    invokedViaFunctionURL: statement == invokeStatement ? true : nil)
            }
            if let url { state.set(FunctionKeys.endpoints, (state[FunctionKeys.endpoints] ?? []) + [endpoint(url)]) }
            return url.map { "\($0) (\(wanted?.authType.rawValue ?? ""))" } ?? "removed"
        }
    }

    private static func describe(_ settings: FunctionURLSettings) -> String {
        var parts = [settings.authType.rawValue, settings.invokeMode.rawValue]
        if settings.cors != nil { parts.append("CORS") }
        return parts.joined(separator: ", ")
    }
}
