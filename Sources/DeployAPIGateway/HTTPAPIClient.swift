import DeployCore
import HTTPTypes

/// API Gateway HTTP APIs (API Gateway v2, REST-JSON, API 2018-11-29): the APIs, their Lambda
/// proxy integrations, routes and stages — what the Serverless Framework's `httpApi` events make.
///
/// ```swift
/// let http = HTTPAPIClient(configuration: configuration)
/// let api = try await http.createAPI(name: "production-shop")
/// ```
public struct HTTPAPIClient: Sendable {
    /// API Gateway v2 (the same endpoint and signing name as v1).
    public static let service = AWSService(
        serviceID: "ApiGatewayV2", signingName: "apigateway", endpointPrefix: "apigateway", apiVersion: "2018-11-29",
        wireProtocol: .restJSON
    )

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    struct Page<Item: Decodable>: Decodable {
        var items: [Item]?
        var nextToken: String?
    }

    /// `GetApis`, every page.
    public func apis() -> AWSPaginator<HTTPAPI> {
        let client = client
        return AWSPaginator { token in
            let page = try await client.restJSON(
                .get, "/v2/apis", operation: "GetApis", query: [("nextToken", token)], output: Page<HTTPAPI>.self)
            return (page.items ?? [], page.nextToken)
        }
    }

    /// The HTTP API called `name` (the first, when several are), or `nil`.
    public func api(named name: String) async throws -> HTTPAPI? {
        for try await api in apis() where api.name == name && api.protocolType == "HTTP" { return api }
        return nil
    }

    /// The HTTP API whose tag `key` is `value` — still found when renamed in the console — or else
    /// the one called `value`; `nil` when there is neither. One listing.
    public func api(taggedWith key: String, orNamed value: String) async throws -> HTTPAPI? {
        var named: HTTPAPI?
        for try await api in apis() where api.protocolType == "HTTP" {
            if api.tags?[key] == value { return api }
            if named == nil, api.name == value { named = api }
        }
        return named
    }

    /// `CreateApi`: an HTTP API, with CORS when given.
    public func createAPI(name: String, cors: HTTPAPICORS? = nil, tags: [String: String]? = nil) async throws -> HTTPAPI {
        struct Input: Encodable {
            var name: String
            var protocolType = "HTTP"
            var corsConfiguration: HTTPAPICORS?
            var tags: [String: String]?
        }
        return try await client.restJSON(
            .post, "/v2/apis", operation: "CreateApi", body: Input(name: name, corsConfiguration: cors, tags: tags), output: HTTPAPI.self)
    }

    /// `UpdateApi`: the API's CORS configuration replaced by `cors`.
    public func updateCORS(apiID: String, _ cors: HTTPAPICORS) async throws {
        struct Input: Encodable { var corsConfiguration: HTTPAPICORS }
        _ = try await client.restJSON(
            .patch, "/v2/apis/{apiId}", operation: "UpdateApi", labels: ["apiId": apiID], body: Input(corsConfiguration: cors),
            output: EmptyBody.self)
    }

    /// `DeleteCorsConfiguration`: browsers' cross-origin requests no longer answered.
    public func deleteCORS(apiID: String) async throws {
        _ = try await client.restJSON(
            .delete, "/v2/apis/{apiId}/cors", operation: "DeleteCorsConfiguration", labels: ["apiId": apiID], output: EmptyBody.self)
    }

    /// `DeleteApi`.
    public func deleteAPI(id: String) async throws {
        _ = try await client.restJSON(.delete, "/v2/apis/{apiId}", operation: "DeleteApi", labels: ["apiId": id], output: EmptyBody.self)
    }

    /// `GetIntegrations`, every page.
    public func integrations(apiID: String) -> AWSPaginator<HTTPAPIIntegration> {
        let client = client
        return AWSPaginator { token in
            let page = try await client.restJSON(
                .get, "/v2/apis/{apiId}/integrations", operation: "GetIntegrations", labels: ["apiId": apiID],
                query: [("nextToken", token)], output: Page<HTTPAPIIntegration>.self)
            return (page.items ?? [], page.nextToken)
        }
    }

    /// `CreateIntegration`: a Lambda proxy integration (`AWS_PROXY`) to `functionARN` (an alias's
    /// ARN), payload format `2.0` unless `1.0` is asked for.
    public func createLambdaIntegration(
        apiID: String, functionARN: String, payloadFormatVersion: String = "2.0"
    ) async throws
        -> HTTPAPIIntegration
    {
        struct Input: Encodable {
            var integrationType = "AWS_PROXY"
            var integrationUri: String
            var payloadFormatVersion: String
        }
        return try await client.restJSON(
            .post, "/v2/apis/{apiId}/integrations", operation: "CreateIntegration", labels: ["apiId": apiID],
            body: Input(integrationUri: functionARN, payloadFormatVersion: payloadFormatVersion), output: HTTPAPIIntegration.self)
    }

    /// `GetRoutes`, every page.
    public func routes(apiID: String) -> AWSPaginator<HTTPAPIRoute> {
        let client = client
        return AWSPaginator { token in
            let page = try await client.restJSON(
                .get, "/v2/apis/{apiId}/routes", operation: "GetRoutes", labels: ["apiId": apiID], query: [("nextToken", token)],
                output: Page<HTTPAPIRoute>.self)
            return (page.items ?? [], page.nextToken)
        }
    }

    /// `CreateRoute`: `routeKey` (`GET /hello`, `ANY /{proxy+}`, `$default`) to an integration,
    /// open to anyone unless `authorization` says otherwise.
    public func createRoute(
        apiID: String, routeKey: String, integrationID: String, authorization: HTTPAPIRouteAuthorization = .none
    ) async throws -> HTTPAPIRoute {
        struct Input: Encodable {
            var routeKey: String
            var target: String
            var authorization: AuthorizationFields?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: AuthorizationFields.Key.self)
                try container.encode(routeKey, forKey: .routeKey)
                try container.encode(target, forKey: .target)
                try authorization?.encode(to: encoder)
            }
        }
        return try await client.restJSON(
            .post, "/v2/apis/{apiId}/routes", operation: "CreateRoute", labels: ["apiId": apiID],
            body: Input(
                routeKey: routeKey, target: "integrations/\(integrationID)",
                authorization: authorization == .none ? nil : AuthorizationFields(authorization)),
            output: HTTPAPIRoute.self)
    }

    /// `DeleteIntegration` (its routes deleted first).
    public func deleteIntegration(apiID: String, integrationID: String) async throws {
        _ = try await client.restJSON(
            .delete, "/v2/apis/{apiId}/integrations/{integrationId}", operation: "DeleteIntegration",
            labels: ["apiId": apiID, "integrationId": integrationID], output: EmptyBody.self)
    }

    /// `DeleteRoute`.
    public func deleteRoute(apiID: String, routeID: String) async throws {
        _ = try await client.restJSON(
            .delete, "/v2/apis/{apiId}/routes/{routeId}", operation: "DeleteRoute", labels: ["apiId": apiID, "routeId": routeID],
            output: EmptyBody.self)
    }

    /// `GetStages`: the stages' names.
    public func stageNames(apiID: String) async throws -> [String] {
        struct Stage: Decodable { var stageName: String }
        return try await client.restJSON(
            .get, "/v2/apis/{apiId}/stages", operation: "GetStages", labels: ["apiId": apiID], output: Page<Stage>.self
        ).items?.map(\.stageName) ?? []
    }

    /// `CreateStage`, deploying every change on its own (`autoDeploy`).
    public func createStage(apiID: String, name: String = "$default") async throws {
        struct Input: Encodable {
            var stageName: String
            var autoDeploy = true
        }
        _ = try await client.restJSON(
            .post, "/v2/apis/{apiId}/stages", operation: "CreateStage", labels: ["apiId": apiID], body: Input(stageName: name),
            output: EmptyBody.self)
    }
}
