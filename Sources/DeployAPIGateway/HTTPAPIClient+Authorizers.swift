import DeployCore

extension HTTPAPIClient {
    /// `GetAuthorizers`, every page.
    public func authorizers(apiID: String) -> AWSPaginator<HTTPAPIAuthorizer> {
        let client = client
        return AWSPaginator { token in
            let page = try await client.restJSON(
                .get, "/v2/apis/{apiId}/authorizers", operation: "GetAuthorizers", labels: ["apiId": apiID],
                query: [("nextToken", token)], output: Page<HTTPAPIAuthorizer>.self)
            return (page.items ?? [], page.nextToken)
        }
    }

    /// `CreateAuthorizer`: a JWT authorizer.
    public func createAuthorizer(apiID: String, _ authorizer: HTTPAPIJWTAuthorizer) async throws -> HTTPAPIAuthorizer {
        try await client.restJSON(
            .post, "/v2/apis/{apiId}/authorizers", operation: "CreateAuthorizer", labels: ["apiId": apiID],
            body: JWTAuthorizerInput(authorizer), output: HTTPAPIAuthorizer.self)
    }

    /// `UpdateAuthorizer`: the JWT authorizer `id` made `authorizer` (issuer, audiences, identity source).
    public func updateAuthorizer(apiID: String, id: String, _ authorizer: HTTPAPIJWTAuthorizer) async throws -> HTTPAPIAuthorizer {
        try await client.restJSON(
            .patch, "/v2/apis/{apiId}/authorizers/{authorizerId}", operation: "UpdateAuthorizer",
            labels: ["apiId": apiID, "authorizerId": id], body: JWTAuthorizerInput(authorizer), output: HTTPAPIAuthorizer.self)
    }

    /// `DeleteAuthorizer` (no route may still name it).
    public func deleteAuthorizer(apiID: String, id: String) async throws {
        _ = try await client.restJSON(
            .delete, "/v2/apis/{apiId}/authorizers/{authorizerId}", operation: "DeleteAuthorizer",
            labels: ["apiId": apiID, "authorizerId": id], output: EmptyBody.self)
    }

    /// `UpdateRoute`: the route's authorization. The type is always sent — API Gateway keeps an
    /// authorizer attached when only the id is left out, and refuses a new id without its type.
    public func updateRouteAuthorization(
        apiID: String, routeID: String, _ authorization: HTTPAPIRouteAuthorization
    ) async throws
        -> HTTPAPIRoute
    {
        try await client.restJSON(
            .patch, "/v2/apis/{apiId}/routes/{routeId}", operation: "UpdateRoute", labels: ["apiId": apiID, "routeId": routeID],
            body: AuthorizationFields(authorization), output: HTTPAPIRoute.self)
    }
}

/// A route's `authorizationType`, `authorizerId` and `authorizationScopes` as `CreateRoute` and
/// `UpdateRoute` take them.
struct AuthorizationFields: Encodable {
    var authorization: HTTPAPIRouteAuthorization

    init(_ authorization: HTTPAPIRouteAuthorization) { self.authorization = authorization }

    enum Key: String, CodingKey {
        case routeKey, target, authorizationType, authorizerId, authorizationScopes
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(authorization.type, forKey: .authorizationType)
        if case .jwt(let id, let scopes) = authorization {
            try container.encode(id, forKey: .authorizerId)
            // Always sent, empty too: an update without them would keep the route's old scopes.
            try container.encode(scopes, forKey: .authorizationScopes)
        }
    }
}

/// `CreateAuthorizer`'s and `UpdateAuthorizer`'s body for a JWT authorizer.
private struct JWTAuthorizerInput: Encodable {
    var name: String
    var authorizerType = "JWT"
    var identitySource: [String]
    var jwtConfiguration: HTTPAPIAuthorizer.JWTConfiguration

    init(_ authorizer: HTTPAPIJWTAuthorizer) {
        name = authorizer.name
        identitySource = authorizer.identitySource
        jwtConfiguration = HTTPAPIAuthorizer.JWTConfiguration(audience: authorizer.audience, issuer: authorizer.issuer)
    }
}
