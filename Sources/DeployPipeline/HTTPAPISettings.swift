import DeployAPIGateway

/// An HTTP API (API Gateway v2) in front of the function: the Serverless Framework's `httpApi`
/// events. One API per name (`STAGE-SERVICE`), found again by name on every deploy and shared by
/// the functions that name it; each function adds its own integration and routes.
public struct HTTPAPISettings: Sendable, Hashable {
    /// The API's name.
    public var name: String
    /// Route keys: `GET /hello`, `ANY /items/{id}`, `ANY /{proxy+}`, `$default`.
    public var routes: [String]
    /// The stage: `$default` (no stage in the URL), auto-deployed.
    public var stage: String
    /// CORS for the whole API, or none.
    public var cors: HTTPAPICORS?
    /// The Lambda event format: `2.0` (the default) or `1.0`.
    public var payloadFormatVersion: String
    /// The JWT authorizers this function's routes name, created on the API (once, shared with the
    /// other functions on it) and kept equal to these settings.
    public var authorizers: [HTTPAPIJWTAuthorizer] = []
    /// How each route is authorized, by route key; a route not listed is open to anyone.
    public var authorization: [String: RouteAuthorizer] = [:]

    /// What a route requires of its callers.
    public enum RouteAuthorizer: Sendable, Hashable {
        /// SigV4-signed requests from principals allowed `execute-api:Invoke` (`AWS_IAM`).
        case iam
        /// A token accepted by the authorizer called `name` (one of ``authorizers``), carrying one
        /// of `scopes` when there are any.
        case jwt(name: String, scopes: [String])
    }

    /// An API called `name` with `routes` on its `$default` stage.
    public init(
        name: String, routes: [String], stage: String = "$default", cors: HTTPAPICORS? = nil, payloadFormatVersion: String = "2.0"
    ) {
        self.name = name
        self.routes = routes
        self.stage = stage
        self.cors = cors
        self.payloadFormatVersion = payloadFormatVersion
    }

    /// The part of an `execute-api` ARN after `API/STAGE/` that a route key's invoke permission is
    /// scoped to: `GET/hello`, `*/items/{id}` for `ANY`, `$default`.
    static func permissionScope(_ routeKey: String) -> String {
        if routeKey == "$default" { return routeKey }
        let (method, path) = parts(routeKey)
        return (method == "ANY" ? "*" : method) + path
    }

    /// A route key's method and path (`ANY` and `*` for `$default`).
    static func parts(_ routeKey: String) -> (method: String, path: String) {
        guard routeKey != "$default", let space = routeKey.firstIndex(of: " ") else { return ("ANY", "*") }
        return (String(routeKey[..<space]).uppercased(), String(routeKey[routeKey.index(after: space)...]))
    }
}
