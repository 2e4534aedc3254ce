import HTTPTypes

extension AWSRequest {
    /// A REST-JSON call (Lambda, API Gateway).
    ///
    /// - Parameters:
    ///   - method: the operation's HTTP method.
    ///   - template: a URI template such as `/2015-03-31/functions/{FunctionName}/code`; each
    ///     `{Label}` is replaced by its value percent-encoded, and a greedy `{Label+}` keeps `/`.
    ///   - labels: the template's values.
    ///   - query: query members (a `nil` value is left out).
    ///   - headers: header members (a `nil` value is left out).
    ///   - body: a JSON payload, or `nil`.
    public static func restJSON(
        method: HTTPRequest.Method, path template: String, labels: [String: String] = [:],
        query: [(name: String, value: String?)] = [], headers: [(name: HTTPField.Name, value: String?)] = [],
        body: (some Encodable)? = Optional<EmptyBody>.none
    ) throws -> AWSRequest {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let value { fields.append(HTTPField(name: name, value: value)) }
        }
        var httpBody: HTTPBody?
        if let body {
            fields[.contentType] = "application/json"
            httpBody = HTTPBody(bytes: try AWSJSON.encode(body))
        }
        return AWSRequest(
            method: method, path: try expand(template, labels: labels),
            query: query.compactMap { pair in pair.value.map { (pair.name, $0) } }, headers: fields, body: httpBody
        )
    }

    /// A REST-JSON call whose body is raw bytes (Lambda `Invoke`).
    public static func restJSON(
        method: HTTPRequest.Method, path template: String, labels: [String: String] = [:],
        query: [(name: String, value: String?)] = [], headers: [(name: HTTPField.Name, value: String?)] = [],
        rawBody: [UInt8], contentType: String = "application/json"
    ) throws -> AWSRequest {
        var request = try restJSON(
            method: method, path: template, labels: labels, query: query, headers: headers, body: Optional<EmptyBody>.none)
        request.headers[.contentType] = contentType
        request.body = HTTPBody(bytes: rawBody)
        return request
    }

    /// Fills a URI template's labels.
    static func expand(_ template: String, labels: [String: String]) throws -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw AWSRequestError("the URI template '\(template)' has an unclosed '{'")
            }
            var name = String(rest[rest.index(after: open)..<close])
            let greedy = name.hasSuffix("+")
            if greedy { name.removeLast() }
            guard let value = labels[name], !value.isEmpty else {
                throw AWSRequestError("the request needs a non-empty \(name)")
            }
            result +=
                greedy
                ? value.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/")
                : encode(value)
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

/// The body of an operation that sends none.
public struct EmptyBody: Codable, Sendable {
    /// Creates the empty body.
    public init() {}
}

/// A request that cannot be built from the input given.
public struct AWSRequestError: Error, Sendable, CustomStringConvertible {
    /// What was missing or wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { "AWSRequestError: \(message)" }
}
