import DeployAPIGateway

/// The HTTP API's CORS configuration against the settings': compared as API Gateway treats it
/// (origins, methods and headers as sets, header names and methods in any case, an unset flag or
/// list as `false` or empty), so that a configuration read back in another order is no change.
extension HTTPAPIResource {
    /// The change the API's CORS needs; `nil` when it has what the settings ask.
    static func corsChange(_ settings: HTTPAPISettings, live: HTTPAPI) -> AttributeChange? {
        guard Normalized(live.cors) != Normalized(settings.cors) else { return nil }
        return AttributeChange("CORS", live.cors.map(describe), settings.cors.map(describe))
    }

    private struct Normalized: Equatable {
        var origins: Set<String>
        var headers: Set<String>
        var methods: Set<String>
        var credentials: Bool
        var exposed: Set<String>
        var maxAge: Int
        var isSet: Bool

        init(_ cors: HTTPAPICORS?) {
            origins = Set(cors?.allowOrigins ?? [])
            headers = Set((cors?.allowHeaders ?? []).map { $0.lowercased() })
            methods = Set((cors?.allowMethods ?? []).map { $0.uppercased() })
            credentials = cors?.allowCredentials ?? false
            exposed = Set((cors?.exposeHeaders ?? []).map { $0.lowercased() })
            maxAge = cors?.maxAge ?? 0
            isSet = cors != nil
        }
    }

    private static func describe(_ cors: HTTPAPICORS) -> String {
        var parts = ["origins \((cors.allowOrigins ?? []).joined(separator: ","))"]
        if let methods = cors.allowMethods { parts.append("methods \(methods.joined(separator: ","))") }
        if let headers = cors.allowHeaders { parts.append("headers \(headers.joined(separator: ","))") }
        if cors.allowCredentials == true { parts.append("credentials") }
        if let exposed = cors.exposeHeaders, !exposed.isEmpty { parts.append("exposed \(exposed.joined(separator: ","))") }
        if let maxAge = cors.maxAge { parts.append("max age \(maxAge) s") }
        return parts.joined(separator: "; ")
    }
}
