import DeployManifests

/// The Serverless Framework's detailed CORS form, as `url.cors` and `provider.httpApi.cors` write
/// it: `allowedOrigins`, `allowedHeaders`, `allowedMethods`, `allowCredentials`,
/// `exposedResponseHeaders`, `maxAge` (a single value stands for a list of one).
struct ServerlessCORS {
    var origins: [String]?
    var headers: [String]?
    var methods: [String]?
    var credentials: Bool?
    var exposedHeaders: [String]?
    var maxAge: Int?

    /// `nil` when `node` is not a mapping (`true`/`false` are the caller's to read).
    init?(_ node: YAMLNode) {
        guard node.isMapping else { return nil }
        func strings(_ key: String) -> [String]? { node[key]?.scalarTexts }
        origins = strings("allowedOrigins")
        headers = strings("allowedHeaders")
        methods = strings("allowedMethods")
        credentials = node["allowCredentials"]?.bool
        exposedHeaders = strings("exposedResponseHeaders")
        maxAge = node["maxAge"]?.int ?? node["maxAge"]?.scalarText.flatMap { Int($0) }
    }
}
