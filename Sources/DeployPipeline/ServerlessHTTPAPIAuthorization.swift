import DeployAPIGateway
import DeployManifests

/// The Serverless Framework's HTTP API authorization: `provider.httpApi.authorizers` (JWT
/// authorizers by name: `identitySource`, `issuerUrl`, `audience`) and each `httpApi` event's
/// `authorizer` (`name` and `scopes`, or `type: aws_iam`). What this library does not deploy — a
/// Lambda (`request`) authorizer, an authorizer named by `id`, a REST API (`http`) event's
/// authorizer — is refused: deploying such a route without it would leave it open to anyone.
enum ServerlessHTTPAPIAuthorization {
    /// The JWT authorizers of `provider.httpApi.authorizers`, by name.
    static func authorizers(_ httpAPI: YAMLNode?) throws -> [String: HTTPAPIJWTAuthorizer] {
        var authorizers: [String: HTTPAPIJWTAuthorizer] = [:]
        for (name, node) in httpAPI?["authorizers"]?.entries ?? [] {
            let type = node["type"]?.scalarText?.lowercased() ?? "jwt"
            guard type == "jwt" else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "provider.httpApi.authorizers.\(name) is a `\(type)` authorizer, which this library does not deploy.",
                    fix: "Use a JWT authorizer (`issuerUrl:` and `audience:`), or deploy this API with the Serverless Framework.")
            }
            guard let issuer = node["issuerUrl"]?.scalarText, !issuer.isEmpty else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "provider.httpApi.authorizers.\(name) has no `issuerUrl`.",
                    fix: "Set `issuerUrl:` to the token issuer (e.g. https://cognito-idp.REGION.amazonaws.com/POOL_ID).")
            }
            let audience = node["audience"]?.scalarTexts ?? []
            guard !audience.isEmpty else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "provider.httpApi.authorizers.\(name) has no `audience`.",
                    fix: "Set `audience:` to the client ids whose tokens the API accepts.")
            }
            let source = node["identitySource"]?.scalarTexts
            authorizers[name] = HTTPAPIJWTAuthorizer(
                name: name, issuer: issuer, audience: audience, identitySource: source ?? ["$request.header.Authorization"])
        }
        return authorizers
    }

    /// The authorization of an `httpApi` event's route: `nil` when it has no `authorizer`.
    static func authorizer(
        of event: HTTPEvent, routeKey: String, function: String, authorizers: [String: HTTPAPIJWTAuthorizer]
    ) throws -> HTTPAPISettings.RouteAuthorizer? {
        guard let node = event.rest.first(where: { $0.key.scalarText == "authorizer" })?.value, !node.isNull else { return nil }
        let place = "function \(function), httpApi route \(routeKey)"
        if node["type"]?.scalarText?.lowercased() == "aws_iam" { return .iam }
        if node["id"] != nil {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(place): an authorizer named by `id` is not one this library can check or deploy.",
                fix: "Declare it under provider.httpApi.authorizers and name it (`authorizer: {name: …}`).")
        }
        guard let name = node["name"]?.scalarText ?? node.scalarText else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(place): `authorizer` names no authorizer.",
                fix: "Write `authorizer: {name: NAME, scopes: [...]}` or `authorizer: {type: aws_iam}`.")
        }
        guard authorizers[name] != nil else {
            let known = authorizers.keys.sorted()
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(place): authorizer `\(name)` is not declared in provider.httpApi.authorizers.",
                fix: known.isEmpty
                    ? "Declare it under provider.httpApi.authorizers with `issuerUrl:` and `audience:`."
                    : "Use one of \(known.joined(separator: ", ")), or declare `\(name)` under provider.httpApi.authorizers.")
        }
        return .jwt(name: name, scopes: node["scopes"]?.sequence?.compactMap(\.scalarText) ?? [])
    }

    /// Refuses an `http` (REST API) event this library would deploy as something else: one behind
    /// an `authorizer` or an API key (`private: true`) — deployed without it, the route would be
    /// open — or with an integration other than Lambda proxy (`integration: lambda`, `mock`,
    /// `http`…), whose function expects another event and answers another way.
    static func refuseUnsupportedREST(_ event: HTTPEvent, function: String) throws {
        func value(_ key: String) -> YAMLNode? { event.rest.first { $0.key.scalarText == key }?.value }
        let route = "\(event.method ?? "GET") \(event.path ?? "/")"
        if let node = value("authorizer"), !node.isNull {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "function \(function): the http route \(route) has an authorizer, "
                    + "which this library does not deploy on REST APIs; deploying the route without it would leave it open.",
                fix: "Move the route to an HTTP API (`httpApi:` with a JWT authorizer or `type: aws_iam`), or deploy it with the "
                    + "Serverless Framework.")
        }
        if let node = value("private"), node.bool == true || node.scalarText == "true" {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "function \(function): the http route \(route) is `private: true` (callers need an API key), which this "
                    + "library does not deploy; deploying the route without the key requirement would leave it open.",
                fix: "Protect the route another way (an HTTP API with a JWT authorizer or `type: aws_iam`), or deploy it with the "
                    + "Serverless Framework (API keys and usage plans).")
        }
        if let integration = value("integration")?.scalarText,
            !["lambda-proxy", "aws_proxy", "aws-proxy"].contains(integration.lowercased())
        {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "function \(function): the http route \(route) uses `integration: \(integration)`; this library deploys "
                    + "Lambda proxy integrations only, whose event and response differ (the function would answer 502).",
                fix: "Remove `integration:` once the handler reads the proxy event and returns {statusCode, headers, body}, or deploy "
                    + "the service with the Serverless Framework.")
        }
    }
}
