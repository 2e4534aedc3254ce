import DeployCore
import Foundation

/// How a function URL authenticates its callers.
public enum FunctionURLAuthType: String, Sendable, Hashable, Codable {
    /// `NONE`: public, anyone may call it (Lambda still requires resource-policy statements
    /// granting it). Not `.none`, which an optional would take for `nil`.
    case `public` = "NONE"
    /// Callers sign their requests with SigV4 and need `lambda:InvokeFunctionUrl`.
    case awsIAM = "AWS_IAM"
}

/// How a function URL returns the response.
public enum FunctionURLInvokeMode: String, Sendable, Hashable, Codable {
    /// The whole response at once (up to 6 MB).
    case buffered = "BUFFERED"
    /// Streamed as the function writes it.
    case responseStream = "RESPONSE_STREAM"
}

/// A function URL's CORS settings.
public struct FunctionURLCORS: Sendable, Hashable, Codable {
    /// Whether cookies and credentials may be sent.
    public var allowCredentials: Bool?
    /// The request headers allowed.
    public var allowHeaders: [String]?
    /// The methods allowed (`*` for all).
    public var allowMethods: [String]?
    /// The origins allowed (`*` for all).
    public var allowOrigins: [String]?
    /// The response headers exposed to the browser.
    public var exposeHeaders: [String]?
    /// How long a preflight answer may be cached, in seconds.
    public var maxAge: Int?

    /// CORS settings; `nil` members are left unset.
    public init(
        allowCredentials: Bool? = nil, allowHeaders: [String]? = nil, allowMethods: [String]? = nil, allowOrigins: [String]? = nil,
        exposeHeaders: [String]? = nil, maxAge: Int? = nil
    ) {
        self.allowCredentials = allowCredentials
        self.allowHeaders = allowHeaders
        self.allowMethods = allowMethods
        self.allowOrigins = allowOrigins
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
    }

    enum CodingKeys: String, CodingKey {
        case allowCredentials = "AllowCredentials"
        case allowHeaders = "AllowHeaders"
        case allowMethods = "AllowMethods"
        case allowOrigins = "AllowOrigins"
        case exposeHeaders = "ExposeHeaders"
        case maxAge = "MaxAge"
    }

    /// The Serverless Framework's `cors: true`: any origin, the usual headers, any method.
    public static let permissive = FunctionURLCORS(
        allowHeaders: CORSDefaults.allowedHeaders, allowMethods: ["*"],
        allowOrigins: ["*"])
}

/// What a function URL should be.
public struct FunctionURLSettings: Sendable, Hashable {
    /// `NONE` (public) or `AWS_IAM`.
    public var authType: FunctionURLAuthType
    /// CORS, or none.
    public var cors: FunctionURLCORS?
    /// Buffered or streamed responses.
    public var invokeMode: FunctionURLInvokeMode

    /// A URL; public and buffered unless said otherwise.
    public init(authType: FunctionURLAuthType = .public, cors: FunctionURLCORS? = nil, invokeMode: FunctionURLInvokeMode = .buffered) {
        self.authType = authType
        self.cors = cors
        self.invokeMode = invokeMode
    }
}

/// A function URL as Lambda reports it.
public struct FunctionURLConfiguration: Sendable, Hashable, Decodable {
    /// `https://ID.lambda-url.REGION.on.aws/`.
    public var url: String
    /// The function (with its qualifier) the URL invokes.
    public var functionARN: String
    /// The auth type.
    public var authType: FunctionURLAuthType
    /// CORS, when set.
    public var cors: FunctionURLCORS?
    /// The invoke mode (`BUFFERED` when Lambda leaves it out).
    public var invokeMode: FunctionURLInvokeMode

    /// The URL's settings, to compare with what is wanted.
    public var settings: FunctionURLSettings { FunctionURLSettings(authType: authType, cors: cors, invokeMode: invokeMode) }

    enum CodingKeys: String, CodingKey {
        case url = "FunctionUrl"
        case functionARN = "FunctionArn"
        case authType = "AuthType"
        case cors = "Cors"
        case invokeMode = "InvokeMode"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decode(String.self, forKey: .url)
        functionARN = try container.decode(String.self, forKey: .functionARN)
        authType = try container.decode(FunctionURLAuthType.self, forKey: .authType)
        cors = try container.decodeIfPresent(FunctionURLCORS.self, forKey: .cors)
        invokeMode = try container.decodeIfPresent(FunctionURLInvokeMode.self, forKey: .invokeMode) ?? .buffered
    }
}
