extension AWSClient {
    /// Calls a JSON-protocol operation (`X-Amz-Target: {prefix}.{operation}`) and decodes its output.
    ///
    /// Pass `idempotent: true` when `input` carries an idempotency token, so that the call may be
    /// sent again after a reset or a timeout; `nil` judges by the operation's name.
    public func json<Output: Decodable>(
        _ operation: String, input: some Encodable, output: Output.Type, idempotent: Bool? = nil
    ) async throws -> Output {
        guard case .json(let version, let prefix) = service.wireProtocol else {
            throw AWSRequestError("\(service.serviceID) does not use the JSON protocol; \(operation) cannot be sent as JSON")
        }
        var request = try AWSRequest.json(target: "\(prefix).\(operation)", version: version, body: input)
        request.isIdempotent = idempotent
        return try await send(request, operation: operation).decode(output)
    }
}
