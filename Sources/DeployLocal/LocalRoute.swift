import DeployManifests

/// A route of the local gateway: a method and path (`{id}` and `{proxy+}` parameters allowed) on a function.
public struct LocalRoute: Sendable, Hashable {
    /// `GET`, `POST`, … or `ANY`.
    public var method: String
    /// The resource path (`/hello`, `/items/{id}`, `/files/{path+}`).
    public var path: String
    /// Whether `OPTIONS` is answered with CORS headers, as `cors: true` deploys it.
    public var cors: Bool
    /// The name of the ``LocalFunctionConfiguration`` that answers it.
    public var function: String
    /// The API that serves it, and so the event the function gets.
    public var api: API = .rest
    /// An HTTP API route's payload format: `"2.0"` (the default) or `"1.0"` (REST-style events
    /// with `version: "1.0"`, and 1.0's response rules).
    public var payloadFormatVersion = "2.0"

    /// What serves a route.
    public enum API: Sendable, Hashable {
        /// A REST API (`http` events): under the stage (`/production/hello`), payload format 1.0.
        case rest
        /// An HTTP API (`httpApi` events) on its `$default` stage: no stage in the path, payload
        /// format 2.0 (`version`, `routeKey`, `rawPath`, `cookies`…, and 2.0's response rules).
        case http
        /// The function's URL (`url:`): every path and method on a port of its own, 2.0 events
        /// with `$default` as the route.
        case functionURL
    }

    /// A REST API route to `function`.
    public init(method: String = "GET", path: String, cors: Bool = false, function: String) {
        self.method = method.uppercased()
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.cors = cors
        self.function = function
    }

    /// An HTTP API route to `function`: `GET /hello`, `ANY /items/{id}`, or `$default` (every
    /// request no other route takes).
    /// `payloadFormatVersion` is `"2.0"` or `"1.0"`, as the integration is deployed.
    public init(httpAPI routeKey: String, function: String, payloadFormatVersion: String = "2.0") {
        let space = routeKey.firstIndex(of: " ")
        let method = space.map { String(routeKey[..<$0]) } ?? "ANY"
        let path = space.map { String(routeKey[routeKey.index(after: $0)...]) } ?? "*"
        self.init(method: method == "*" ? "ANY" : method, path: routeKey == "$default" ? "*" : path, function: function)
        api = .http
        self.payloadFormatVersion = payloadFormatVersion
    }

    /// The URL of `function` (`url: true`): any method and path, on a port of its own
    /// (``LocalGateway/functionURL(_:)``); with `cors`, preflight `OPTIONS` requests are answered
    /// as Lambda answers them for a URL with a CORS configuration.
    public init(functionURL function: String, cors: Bool = false) {
        self.init(method: "ANY", path: "*", cors: cors, function: function)
        api = .functionURL
    }

    /// The HTTP API route key (`GET /hello`, `$default`).
    var routeKey: String { path == "/*" ? "$default" : "\(method) \(path)" }

    /// The `http` and `httpApi` events and the `url:` settings of a `serverless.yml` (variables
    /// resolved with `options`); HTTP API routes in `provider.httpApi.payload`'s format.
    public static func routes(in file: ServerlessFile, options: [String: String] = [:]) throws -> [LocalRoute] {
        let configuration = try file.configuration(
            resolver: LocalVariableResolver(options: options, directory: file.directory, limits: file.limits))
        let payload = configuration.provider?.httpApi?["payload"]?.scalarText ?? "2.0"
        return (configuration.functions ?? []).flatMap { entry in
            let events = (entry.value.events ?? []).compactMap { event -> LocalRoute? in
                switch event {
                case .http(let http):
                    guard let path = http.path else { return nil }
                    return LocalRoute(method: http.method ?? "GET", path: path, cors: http.cors?.enabled ?? false, function: entry.name)
                case .httpAPI(let http):
                    let key = http.path.map { $0 == "*" ? "$default" : "\(http.method ?? "ANY") \($0)" } ?? "$default"
                    return LocalRoute(httpAPI: key, function: entry.name, payloadFormatVersion: payload)
                default:
                    return nil
                }
            }
            return events + (functionURL(entry.value.rest, function: entry.name).map { [$0] } ?? [])
        }
    }

    /// A function's `url:` (`true`, or a mapping, whose `cors` is `true` or a mapping).
    private static func functionURL(_ settings: [YAMLPair], function: String) -> LocalRoute? {
        guard let node = settings.first(where: { $0.key.scalarText == "url" })?.value else { return nil }
        if let flag = node.bool ?? node.scalarText.flatMap({ Bool($0.lowercased()) }) {
            return flag ? LocalRoute(functionURL: function) : nil
        }
        guard let cors = node["cors"] else { return LocalRoute(functionURL: function) }
        return LocalRoute(functionURL: function, cors: cors.bool ?? (cors.scalarText != "false"))
    }
}
