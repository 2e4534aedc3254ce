extension AWSClient {
    /// Calls a JSON-protocol operation (`X-Amz-Target: {prefix}.{operation}`) and decodes its output.
    public func json<Output: Decodable>(_ operation: String, input: some Encodable, output: Output.Type) async throws -> Output {
        guard case .json(let version, let prefix) = service.wireProtocol else {
            throw AWSRequestError("\(service.serviceID) does not use the JSON protocol; \(operation) cannot be sent as JSON")
        }
        let request = try AWSRequest.json(target: "\(prefix).\(operation)", version: version, body: input)
        return try await send(request, operation: operation).decode(output)
    }
}
