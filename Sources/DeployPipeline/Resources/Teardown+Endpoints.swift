import DeployAPIGateway
import DeployCore
import DeployLogs

extension Teardown {
    /// The function's part of its HTTP API: its Lambda integration (to its alias) and the routes on
    /// it, and how many routes other functions keep on the API.
    struct HTTPPart: Sendable {
        var api: HTTPAPI
        var integration: HTTPAPIIntegration?
        var routes: [HTTPAPIRoute]
        var otherRoutes: Int
    }

    /// What the function has on its HTTP API, `nil` when it declares none or the API is gone.
    static func readHTTP(_ function: FunctionDeployment, aliasARN: String, clients: ServiceClients) async throws -> HTTPPart? {
        guard let settings = function.httpAPI, let api = try await HTTPAPIResource.find(settings.name, clients: clients) else { return nil }
        async let integrations = clients.http.integrations(apiID: api.id).collect()
        let routes = try await clients.http.routes(apiID: api.id).collect()
        let integration = try await integrations.first { $0.type == "AWS_PROXY" && $0.uri == aliasARN }
        let ours = routes.filter { route in integration.map { route.target == "integrations/\($0.id)" } ?? false }
        return HTTPPart(api: api, integration: integration, routes: ours, otherRoutes: routes.count - ours.count)
    }

    /// The function's routes and integration deleted; the API too when no other function keeps a
    /// route on it and this library created it (tagged `lambdadeploykit:managed`).
    static func httpActions(_ function: FunctionDeployment, part: HTTPPart, clients: ServiceClients) -> [PlannedAction] {
        let http = clients.http
        let api = part.api
        var actions: [PlannedAction] = []
        let id = ActionID("\(function.name)/http-routes")
        if part.integration != nil || !part.routes.isEmpty {
            actions.append(
                PlannedAction(
                    id: id, function: function.name, step: .api, resource: "HTTP API \(api.name)", change: .delete,
                    attributes: part.routes.map { AttributeChange("route \($0.routeKey)", "to \(function.name)", nil) },
                    detail: "delete \(function.name)'s \(part.routes.count) route(s) and its integration"
                ) { _ in
                    for route in part.routes {
                        _ = try await absentIfNotFound { try await http.deleteRoute(apiID: api.id, routeID: route.id) }
                    }
                    if let integration = part.integration {
                        _ = try await absentIfNotFound { try await http.deleteIntegration(apiID: api.id, integrationID: integration.id) }
                    }
                    return "deleted \(part.routes.count) route(s) and the integration"
                })
        }
        guard part.otherRoutes == 0 else {
            let why = "\(part.otherRoutes) route(s) of other functions stay: left"
            actions.append(keep(function, "http-api", .api, "HTTP API \(api.name)", why))
            return actions
        }
        guard api.tags?[managedTag] == "true" else {
            actions.append(keep(function, "http-api", .api, "HTTP API \(api.name)", "not created by LambdaDeployKit: left"))
            return actions
        }
        actions.append(
            PlannedAction(
                id: ActionID("\(function.name)/http-api"), function: function.name, step: .api, resource: "HTTP API \(api.name)",
                change: .delete, attributes: [AttributeChange("API", api.id, nil)], detail: "delete \(api.id) and its stages",
                dependencies: actions.map(\.id)
            ) { _ in
                _ = try await absentIfNotFound { try await http.deleteAPI(id: api.id) }
                return "deleted HTTP API \(api.id)"
            })
        return actions
    }

    /// The log group the library keeps for a function that sets a retention, deleted after the function.
    static func logGroupAction(_ function: FunctionDeployment, after dependencies: [ActionID], clients: ServiceClients) -> PlannedAction {
        let group = LogGroupResource.name(function)
        return PlannedAction(
            id: ActionID("\(function.name)/logs"), function: function.name, step: .logs, resource: "log group \(group)", change: .delete,
            attributes: [AttributeChange("log group", group, nil)], detail: "delete \(group) and its events", dependencies: dependencies
        ) { _ in
            _ = try await absentIfNotFound { try await clients.logs.deleteLogGroup(group) }
            return "deleted \(group)"
        }
    }

    /// An action that leaves `resource` as it is, saying why.
    static func keep(
        _ function: FunctionDeployment, _ name: String, _ step: DeploymentStep, _ resource: String, _ why: String
    )
        -> PlannedAction
    {
        PlannedAction(
            id: ActionID("\(function.name)/\(name)"), function: function.name, step: step, resource: resource, change: .keep, detail: why,
            body: { _ in why })
    }
}
