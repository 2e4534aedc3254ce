import HTTPTypes

extension HTTPRequest {
    /// Creates a request from a method, an absolute URL (`https://host[:port]/path?query`, path and
    /// query as sent on the wire) and header pairs, checking each part.
    ///
    /// Throws ``SigV4Error`` with ``SigV4Error/Code/invalidURL`` for a URL without a scheme or
    /// host, and ``SigV4Error/Code/invalidHeaderName`` for a header name outside the HTTP token set
    /// (non-ASCII characters, spaces, colons).
    public init(method: String, url: String, headers: [(name: String, value: String)] = []) throws(SigV4Error) {
        guard let parsedMethod = HTTPRequest.Method(method) else {
            throw SigV4Error(.invalidURL, "'\(method)' is not an HTTP method")
        }
        guard let schemeEnd = url.range(of: "://") else {
            throw SigV4Error(.invalidURL, "the URL '\(url)' has no scheme: write it as https://host/path")
        }
        let scheme = String(url[..<schemeEnd.lowerBound])
        let rest = url[schemeEnd.upperBound...]
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = String(rest[..<pathStart])
        guard !scheme.isEmpty, !authority.isEmpty else {
            throw SigV4Error(.invalidURL, "the URL '\(url)' has no host: write it as https://host/path")
        }
        var path = String(rest[pathStart...])
        if path.isEmpty || path.first == "?" { path = "/" + path }
        var fields = HTTPFields()
        for (name, value) in headers {
            guard let fieldName = HTTPField.Name(name) else {
                throw SigV4Error(
                    .invalidHeaderName,
                    "the header name '\(name)' is not a valid HTTP token: use ASCII letters, digits and !#$%&'*+-.^_`|~ only"
                )
            }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        self.init(method: parsedMethod, scheme: scheme, authority: authority, path: path, headerFields: fields)
    }

    /// The absolute URL of the request: `scheme://authority/path?query`.
    public var absoluteURL: String {
        "\(scheme ?? "https")://\(authority ?? "")\(path ?? "/")"
    }
}
