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
    /// Its CORS configuration, when it has one.
    public var cors: HTTPAPICORS?

    enum CodingKeys: String, CodingKey {
        case id = "apiId"
        case name
        case protocolType
        case endpoint = "apiEndpoint"
        case tags
        case cors = "corsConfiguration"
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
    /// `NONE`, `JWT`, `AWS_IAM` or `CUSTOM`.
    public var authorizationType: String?
    /// The authorizer's id, for `JWT` and `CUSTOM`.
    public var authorizerID: String?
    /// The scopes a JWT must carry one of.
    public var authorizationScopes: [String]?

    enum CodingKeys: String, CodingKey {
        case id = "routeId"
        case routeKey
        case target
        case authorizationType
        case authorizerID = "authorizerId"
        case authorizationScopes
    }
}

/// How a route is authorized: by nobody, by IAM (SigV4-signed requests), or by a JWT authorizer
/// of the API with the scopes a token must carry one of.
public enum HTTPAPIRouteAuthorization: Sendable, Hashable {
    /// Anyone may call it (`NONE`).
    case none
    /// Callers sign their requests with SigV4 and need `execute-api:Invoke` (`AWS_IAM`).
    case iam
    /// A JWT authorizer's id, and the scopes (none: any valid token).
    case jwt(authorizerID: String, scopes: [String])

    /// The route's `authorizationType`.
    public var type: String {
        switch self {
        case .none: "NONE"
        case .iam: "AWS_IAM"
        case .jwt: "JWT"
        }
    }

    /// What a route read back says (`nil` or `NONE` type: `.none`).
    public init(_ route: HTTPAPIRoute) {
        switch route.authorizationType {
        case "AWS_IAM": self = .iam
        case "JWT": self = .jwt(authorizerID: route.authorizerID ?? "", scopes: route.authorizationScopes ?? [])
        default: self = .none
        }
    }
}

/// A JWT authorizer of an HTTP API: the issuer whose tokens it accepts, the audiences (client ids)
/// one of which a token must name, and where the token is read from.
public struct HTTPAPIJWTAuthorizer: Sendable, Hashable {
    /// The authorizer's name on the API.
    public var name: String
    /// The token issuer (`https://cognito-idp.REGION.amazonaws.com/POOL`, `https://TENANT.auth0.com/`).
    public var issuer: String
    /// Accepted audiences: a token's `aud` (or `client_id`) must be one of them.
    public var audience: [String]
    /// Where the token is: `$request.header.Authorization` unless given.
    public var identitySource: [String]

    /// An authorizer reading the `Authorization` header unless `identitySource` says otherwise.
    public init(name: String, issuer: String, audience: [String], identitySource: [String] = ["$request.header.Authorization"]) {
        self.name = name
        self.issuer = issuer
        self.audience = audience
        self.identitySource = identitySource
    }
}

/// An authorizer as an HTTP API has it.
public struct HTTPAPIAuthorizer: Sendable, Hashable, Decodable {
    /// Its id (routes name it).
    public var id: String
    /// Its name.
    public var name: String
    /// `JWT` or `REQUEST`.
    public var type: String?
    /// Where the identity is read from.
    public var identitySource: [String]?
    /// A JWT authorizer's issuer and audiences.
    public var jwtConfiguration: JWTConfiguration?

    /// A JWT authorizer's issuer and audiences.
    public struct JWTConfiguration: Sendable, Hashable, Codable {
        /// The accepted audiences.
        public var audience: [String]?
        /// The issuer.
        public var issuer: String?
    }

    /// The JWT authorizer this is, when it is one.
    public var jwt: HTTPAPIJWTAuthorizer? {
        guard type == "JWT", let configuration = jwtConfiguration else { return nil }
        return HTTPAPIJWTAuthorizer(
            name: name, issuer: configuration.issuer ?? "", audience: configuration.audience ?? [], identitySource: identitySource ?? [])
    }

    enum CodingKeys: String, CodingKey {
        case id = "authorizerId"
        case name
        case type = "authorizerType"
        case identitySource
        case jwtConfiguration
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
