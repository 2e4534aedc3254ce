import DeployAPIGateway

/// The HTTP API's authorization: the JWT authorizers the function's routes name (created once per
/// API and kept equal to the settings) and each route's authorization (open, IAM, or a JWT
/// authorizer with scopes), diffed against what the API has.
extension HTTPAPIResource {
    /// The changes the API's authorizers need.
    static func authorizerChanges(_ settings: HTTPAPISettings, live: Live) -> [AttributeChange] {
        settings.authorizers.compactMap { desired in
            let current = live.authorizers[desired.name]
            guard current?.jwt != desired else { return nil }
            return AttributeChange("authorizer \(desired.name)", current.map(describe), describe(desired))
        }
    }

    /// The routes this function already has whose authorization differs from the settings, with
    /// the change each needs.
    static func routeAuthorizationChanges(_ settings: HTTPAPISettings, live: Live) -> [(key: String, change: AttributeChange)] {
        let names = Dictionary(live.authorizers.values.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return settings.routes.compactMap { key in
            guard let route = live.routes[key] else { return nil }
            let before = describe(HTTPAPIRouteAuthorization(route), names: names)
            let after = authorizationText(settings.authorization[key])
            return before == after ? nil : (key, AttributeChange("route \(key) authorization", before, after))
        }
    }

    /// The id of every authorizer the settings name on `apiID`: found by name, updated when it
    /// differs, created when missing — once per API and name in a run, whichever function gets
    /// there first.
    static func ensureAuthorizers(
        _ settings: HTTPAPISettings, apiID: String, clients: ServiceClients, shared: SharedResources
    )
        async throws -> [String: String]
    {
        var ids: [String: String] = [:]
        let http = clients.http
        for authorizer in settings.authorizers {
            ids[authorizer.name] = try await shared.once("http-api-authorizer:\(apiID):\(authorizer.name)") {
                let existing = try await http.authorizers(apiID: apiID).collect().first { $0.name == authorizer.name }
                guard let existing else { return try await http.createAuthorizer(apiID: apiID, authorizer).id }
                if existing.jwt != authorizer { _ = try await http.updateAuthorizer(apiID: apiID, id: existing.id, authorizer) }
                return existing.id
            }
        }
        return ids
    }

    /// A route's authorization on the API, its authorizer's name resolved to its id.
    static func resolve(_ authorizer: HTTPAPISettings.RouteAuthorizer?, ids: [String: String]) -> HTTPAPIRouteAuthorization {
        switch authorizer {
        case nil: .none
        case .iam: .iam
        case .jwt(let name, let scopes): .jwt(authorizerID: ids[name] ?? "", scopes: scopes)
        }
    }

    /// How the plan names a route's authorization: `open`, `IAM`, `JWT NAME scopes A B`.
    static func authorizationText(_ authorizer: HTTPAPISettings.RouteAuthorizer?) -> String {
        switch authorizer {
        case nil: "open"
        case .iam: "IAM"
        case .jwt(let name, let scopes): "JWT \(name)" + (scopes.isEmpty ? "" : " scopes \(scopes.joined(separator: " "))")
        }
    }

    private static func describe(_ authorization: HTTPAPIRouteAuthorization, names: [String: String]) -> String {
        switch authorization {
        case .none: "open"
        case .iam: "IAM"
        case .jwt(let id, let scopes):
            "JWT \(names[id] ?? id)" + (scopes.isEmpty ? "" : " scopes \(scopes.joined(separator: " "))")
        }
    }

    private static func describe(_ authorizer: HTTPAPIAuthorizer) -> String {
        authorizer.jwt.map(describe) ?? "\(authorizer.type ?? "unknown") authorizer"
    }

    private static func describe(_ authorizer: HTTPAPIJWTAuthorizer) -> String {
        "JWT issuer \(authorizer.issuer), audience \(authorizer.audience.joined(separator: ",")), "
            + "from \(authorizer.identitySource.joined(separator: ","))"
    }
}
