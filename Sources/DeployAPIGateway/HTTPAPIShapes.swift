import DeployCore

/// An HTTP API.
public struct HTTPAPI: Sendable, Hashable, Decodable {
    /// The API's id.
    public var id: String
    /// Its name.
    public var name: String
    /// `HTTP` (or `WEBSOCKET`).
    public var protocolType: String?
    /// `https://ID.execute-api.REGION.amazonaws.com`.
    public var endpoint: String?
    /// Its tags.
    public var tags: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id = "apiId"
        case name
        case protocolType
        case endpoint = "apiEndpoint"
        case tags
    }
}

/// An HTTP API's integration.
public struct HTTPAPIIntegration: Sendable, Hashable, Decodable {
    /// The integration's id (routes target `integrations/ID`).
    public var id: String
    /// `AWS_PROXY` for Lambda.
    public var type: String?
    /// The function's (alias's) ARN.
    public var uri: String?
    /// `2.0` or `1.0`.
    public var payloadFormatVersion: String?

    enum CodingKeys: String, CodingKey {
        case id = "integrationId"
        case type = "integrationType"
        case uri = "integrationUri"
        case payloadFormatVersion
    }
}

/// An HTTP API's route.
public struct HTTPAPIRoute: Sendable, Hashable, Decodable {
    /// The route's id.
    public var id: String
    /// `GET /hello`, `ANY /{proxy+}`, `$default`.
    public var routeKey: String
    /// `integrations/ID`.
    public var target: String?

    enum CodingKeys: String, CodingKey {
        case id = "routeId"
        case routeKey
        case target
    }
}

/// An HTTP API's CORS configuration.
public struct HTTPAPICORS: Sendable, Hashable, Codable {
    /// `Access-Control-Allow-Origin` values (`*`).
    public var allowOrigins: [String]?
    /// Request headers allowed.
    public var allowHeaders: [String]?
    /// Methods allowed.
    public var allowMethods: [String]?
    /// Whether credentials may be sent.
    public var allowCredentials: Bool?
    /// Response headers exposed.
    public var exposeHeaders: [String]?
    /// Preflight cache, seconds.
    public var maxAge: Int?

    /// A configuration; `nil` members are left unset.
    public init(
        allowOrigins: [String]? = nil, allowHeaders: [String]? = nil, allowMethods: [String]? = nil, allowCredentials: Bool? = nil,
        exposeHeaders: [String]? = nil, maxAge: Int? = nil
    ) {
        self.allowOrigins = allowOrigins
        self.allowHeaders = allowHeaders
        self.allowMethods = allowMethods
        self.allowCredentials = allowCredentials
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
    }

    /// The Serverless Framework's `httpApi.cors: true`: any origin, its usual headers, any method.
    public static let permissive = HTTPAPICORS(
        allowOrigins: ["*"], allowHeaders: CORSDefaults.allowedHeaders, allowMethods: ["*"])
}
