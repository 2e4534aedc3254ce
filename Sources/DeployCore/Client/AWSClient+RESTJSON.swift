import HTTPTypes

extension AWSClient {
    /// Calls a REST-JSON operation and decodes its output (an empty body decodes as `{}`).
    /// See ``AWSRequest/restJSON(method:path:labels:query:headers:body:)`` for the template rules.
    public func restJSON<Output: Decodable>(
        _ method: HTTPRequest.Method, _ path: String, operation: String, labels: [String: String] = [:],
        query: [(name: String, value: String?)] = [], headers: [(name: HTTPField.Name, value: String?)] = [],
        body: (some Encodable)? = Optional<EmptyBody>.none, output: Output.Type
    ) async throws -> Output {
        let request = try AWSRequest.restJSON(method: method, path: path, labels: labels, query: query, headers: headers, body: body)
        return try await send(request, operation: operation).decode(output)
    }
}
