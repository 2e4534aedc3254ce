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

extension AWSClient {
    /// Every page of a JSON-protocol list operation: `input(token)` builds each request (`nil`
    /// for the first), `page` returns a page's items and the next token (`nil` on the last page).
    public func jsonPages<Input: Encodable, Output: Decodable, Item>(
        _ operation: String, input: (String?) -> Input, output: Output.Type, page: (Output) -> (items: [Item], next: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var token: String?
        repeat {
            let (found, next) = page(try await json(operation, input: input(token), output: output))
            items += found
            token = next
        } while token != nil
        return items
    }
}
