import DeployAPIGateway
import DeployCore
import DeployHashing
import DeployLambda

/// The function's HTTP API, as a resource kind: the API (found by name; created once per run by
/// the first function that names it), the function's Lambda proxy integration to its alias, its
/// routes, the auto-deployed stage, and one invoke permission per route scoped to that route.
/// Routes of this function's integration that left the configuration are deleted.
enum HTTPAPIResource {
    /// What API Gateway and the alias's policy have.
    struct Live: Sendable {
        var api: HTTPAPI?
        /// The function's `AWS_PROXY` integration (to its alias).
        var integration: HTTPAPIIntegration?
        /// Routes targeting that integration, by route key.
        var routes: [String: HTTPAPIRoute]
        /// Every route key the API has (another function's too).
        var allRouteKeys: Set<String>
        var stages: [String]
        /// The statement ids on the alias's policy.
        var statements: Set<String>
        /// The API's authorizers, by name.
        var authorizers: [String: HTTPAPIAuthorizer] = [:]
    }

    /// `nil` for a function without an HTTP API.
    static func read(_ function: FunctionDeployment, account: String, clients: ServiceClients) async throws -> Live? {
        guard let settings = function.httpAPI else { return nil }
        let http = clients.http
        guard let api = try await find(settings.name, clients: clients) else {
            return Live(api: nil, routes: [:], allRouteKeys: [], stages: [], statements: [])
        }
        async let integrations = http.integrations(apiID: api.id).collect()
        async let routes = http.routes(apiID: api.id).collect()
        async let stages = http.stageNames(apiID: api.id)
        async let policy = absentIfNotFound { try await clients.lambda.policyDocument(function.name, qualifier: function.alias) }
        async let authorizers =
            settings.authorizers.isEmpty && settings.authorization.isEmpty
            ? [] : http.authorizers(apiID: api.id).collect()
        let aliasARN =
            "arn:\(clients.region.partition.id):lambda:\(clients.region.name):\(account):function:\(function.name):\(function.alias)"
        let integration = try await integrations.first { $0.type == "AWS_PROXY" && $0.uri == aliasARN }
        let all = try await routes
        let ours = integration.map { integration in all.filter { $0.target == "integrations/\(integration.id)" } } ?? []
        return Live(
            api: api, integration: integration, routes: Dictionary(ours.map { ($0.routeKey, $0) }, uniquingKeysWith: { first, _ in first }),
            allRouteKeys: Set(all.map(\.routeKey)), stages: try await stages,
            statements: Set((try await policy)?.statements.compactMap(\.id) ?? []),
            authorizers: Dictionary(try await authorizers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The tag naming the API's settings (`STAGE-SERVICE`), set when the library creates it.
    static let nameTag = "lambdadeploykit:http-api"

    /// The API of the settings called `name`: the one tagged with it (renamed in the console or
    /// not), else the one called `name`.
    static func find(_ name: String, clients: ServiceClients) async throws -> HTTPAPI? {
        try await clients.http.api(taggedWith: nameTag, orNamed: name)
    }

    /// The statement id of `routeKey`'s permission on `apiID` (Lambda's `[A-Za-z0-9-_]{1,100}`).
    static func statementID(apiID: String, routeKey: String) -> String {
        let digest = SHA256Hasher.hash(Array(routeKey.utf8)).hexString.prefix(12)
        return "lambdadeploykit-http-\(apiID)-\(digest)"
    }

    /// The source ARN `routeKey`'s permission names: `arn:aws:execute-api:REGION:ACCOUNT:API/*/METHOD/PATH`.
    static func sourceARN(apiID: String, routeKey: String, account: String, clients: ServiceClients) -> String {
        "arn:\(clients.region.partition.id):execute-api:\(clients.region.name):\(account):\(apiID)/*/"
            + HTTPAPISettings.permissionScope(routeKey)
    }

    /// The endpoint lines: `GET - https://ID.execute-api.REGION.amazonaws.com/hello` (the stage in
    /// the path only when it is not `$default`).
    static func endpoints(_ settings: HTTPAPISettings, apiID: String, clients: ServiceClients) -> [InvokeURL] {
        let base =
            "https://\(apiID).execute-api.\(clients.region.name).\(clients.region.partition.dnsSuffix)"
            + (settings.stage == "$default" ? "" : "/\(settings.stage)")
        return settings.routes.map { key in
            let (method, path) = HTTPAPISettings.parts(key)
            return InvokeURL(url: base + (key == "$default" ? "/" : path), method: method)
        }
    }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        guard let settings = function.httpAPI, let live = inputs.live.httpAPI else { return nil }
        let clients = inputs.clients
        let account = inputs.account
        var changes: [AttributeChange] = []
        if live.api == nil { changes.append(AttributeChange("HTTP API \(settings.name)", nil, "created")) }
        let corsUpdate = live.api.flatMap { corsChange(settings, live: $0) }
        if let corsUpdate { changes.append(corsUpdate) }
        if live.integration == nil { changes.append(AttributeChange("integration", nil, "AWS_PROXY → \(function.alias)")) }
        let missing = settings.routes.filter { live.routes[$0] == nil }
        let stale = live.routes.keys.filter { !settings.routes.contains($0) }.sorted()
        changes += authorizerChanges(settings, live: live)
        changes +=
            missing.map {
                AttributeChange("route \($0)", nil, settings.authorization[$0].map { "added, \(authorizationText($0))" } ?? "added")
            } + stale.map { AttributeChange("route \($0)", "routed", nil) }
        let reauthorized = routeAuthorizationChanges(settings, live: live)
        changes += reauthorized.map(\.change)
        let unpermitted =
            live.api.map { api in settings.routes.filter { !live.statements.contains(statementID(apiID: api.id, routeKey: $0)) } }
            ?? settings.routes
        changes += unpermitted.filter { !missing.contains($0) }.map { AttributeChange("permission for \($0)", nil, "granted") }
        if !live.stages.contains(settings.stage) { changes.append(AttributeChange("stage \(settings.stage)", nil, "auto-deployed")) }
        let creator = inputs.shared.httpAPICreators[settings.name] ?? function.name
        let change: PlannedChange = changes.isEmpty ? .keep : (live.api == nil && creator == function.name ? .create : .update)
        let aliasARN = inputs.aliasARN
        let shared = inputs.shared
        let count = changes.count
        let name = function.name
        return PlannedAction(
            id: inputs.id("http-api"), function: name, step: .api, resource: "HTTP API \(settings.name)", change: change,
            attributes: changes,
            detail: changes.isEmpty
                ? "every route, the integration and the permissions are in place"
                : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { state in
            let http = clients.http
            // One API per name: the first function to get here creates it, the others wait for it.
            let apiID: String
            if let existing = live.api?.id {
                apiID = existing
            } else {
                apiID = try await shared.once("http-api:\(settings.name)") {
                    if let found = try await find(settings.name, clients: clients) { return found.id }
                    return try await http.createAPI(
                        name: settings.name, cors: settings.cors, tags: Teardown.managedTags.merging([nameTag: settings.name]) { $1 }
                    ).id
                }
            }
            if corsUpdate != nil {
                _ = try await shared.once("http-api-cors:\(apiID)") {
                    if let cors = settings.cors {
                        try await http.updateCORS(apiID: apiID, cors)
                    } else {
                        try await http.deleteCORS(apiID: apiID)
                    }
                    return true
                }
            }
            var integrationID = live.integration?.id ?? ""
            if live.integration == nil {
                integrationID = try await http.createLambdaIntegration(
                    apiID: apiID, functionARN: aliasARN, payloadFormatVersion: settings.payloadFormatVersion
                ).id
            }
            let authorizerIDs = try await ensureAuthorizers(settings, apiID: apiID, clients: clients, shared: shared)
            for key in settings.routes where live.routes[key] == nil {
                _ = try await http.createRoute(
                    apiID: apiID, routeKey: key, integrationID: integrationID,
                    authorization: resolve(settings.authorization[key], ids: authorizerIDs))
            }
            for (key, _) in reauthorized {
                guard let route = live.routes[key] else { continue }
                _ = try await http.updateRouteAuthorization(
                    apiID: apiID, routeID: route.id, resolve(settings.authorization[key], ids: authorizerIDs))
            }
            for key in stale { if let route = live.routes[key] { try await http.deleteRoute(apiID: apiID, routeID: route.id) } }
            let stages = live.api == nil ? [] : live.stages
            if !stages.contains(settings.stage) {
                _ = try await shared.once("http-api-stage:\(apiID):\(settings.stage)") {
                    if try await !http.stageNames(apiID: apiID).contains(settings.stage) {
                        try await http.createStage(apiID: apiID, name: settings.stage)
                    }
                    return settings.stage
                }
            }
            var policy = AliasPolicyWriter(function, lambda: clients.lambda)
            for key in settings.routes where !live.statements.contains(statementID(apiID: apiID, routeKey: key)) {
                try await policy.add(
                    statementID(apiID: apiID, routeKey: key), principal: "apigateway.amazonaws.com",
                    sourceARN: sourceARN(apiID: apiID, routeKey: key, account: account, clients: clients))
            }
            let endpoints = endpoints(settings, apiID: apiID, clients: clients)
            state.set(FunctionKeys.endpoints, (state[FunctionKeys.endpoints] ?? []) + endpoints)
            return count == 0 ? "HTTP API \(apiID) already wired" : "HTTP API \(apiID): \(count) change\(count == 1 ? "" : "s")"
        }
    }
}
