extension AWSClient {
    /// Calls a query-protocol operation (`Action`/`Version` form, XML response) and returns its
    /// `<ActionResult>` element; an empty element for actions that return no result
    /// (`PutRolePolicy`).
    public func query(
        _ action: String, _ parameters: QueryParameters = QueryParameters(), authentication: Authentication = .signed
    ) async throws -> AWSXMLElement {
        guard case .query = service.wireProtocol else {
            throw AWSRequestError("\(service.serviceID) does not use the query protocol; \(action) cannot be sent as a query")
        }
        let response = try await send(
            .query(action: action, version: service.apiVersion, parameters: parameters), operation: action, authentication: authentication
        )
        let empty = AWSXMLElement(name: "\(action)Result", text: "", children: [])
        guard !response.body.isEmpty else { return empty }
        return try AWSXMLElement.parse(response.body).child("\(action)Result") ?? empty
    }
}
