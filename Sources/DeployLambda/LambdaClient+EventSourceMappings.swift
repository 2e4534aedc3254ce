import DeployCore

extension LambdaClient {
    /// `CreateEventSourceMapping`: `source` (a queue's ARN) feeding `function` (a name, or an
    /// alias's ARN so that the mapping follows the alias).
    public func createEventSourceMapping(
        function: String, source: String, _ settings: EventSourceMappingSettings
    ) async throws -> EventSourceMapping {
        try await client.restJSON(
            .post, "/2015-03-31/event-source-mappings", operation: "CreateEventSourceMapping",
            body: EventSourceMappingInput(source: source, function: function, settings), output: EventSourceMapping.self)
    }

    /// `UpdateEventSourceMapping`: the mapping's settings (its source cannot change).
    public func updateEventSourceMapping(_ uuid: String, _ settings: EventSourceMappingSettings) async throws -> EventSourceMapping {
        try await client.restJSON(
            .put, "/2015-03-31/event-source-mappings/{UUID}", operation: "UpdateEventSourceMapping", labels: ["UUID": uuid],
            body: EventSourceMappingInput(source: nil, function: nil, settings), output: EventSourceMapping.self)
    }

    /// `DeleteEventSourceMapping`.
    public func deleteEventSourceMapping(_ uuid: String) async throws {
        _ = try await client.restJSON(
            .delete, "/2015-03-31/event-source-mappings/{UUID}", operation: "DeleteEventSourceMapping", labels: ["UUID": uuid],
            output: EventSourceMapping.self)
    }

    /// `GetEventSourceMapping`.
    public func eventSourceMapping(_ uuid: String) async throws -> EventSourceMapping {
        try await client.restJSON(
            .get, "/2015-03-31/event-source-mappings/{UUID}", operation: "GetEventSourceMapping", labels: ["UUID": uuid],
            output: EventSourceMapping.self)
    }

    /// The mappings of `function` (a name or an alias's ARN), or of the whole account and region
    /// when `nil`, every page (`ListEventSourceMappings`).
    public func eventSourceMappings(function: String? = nil) async throws -> [EventSourceMapping] {
        struct Output: Decodable {
            var mappings: [EventSourceMapping]?
            var marker: String?
            enum CodingKeys: String, CodingKey {
                case mappings = "EventSourceMappings"
                case marker = "NextMarker"
            }
        }
        var mappings: [EventSourceMapping] = []
        var marker: String?
        repeat {
            let page = try await client.restJSON(
                .get, "/2015-03-31/event-source-mappings", operation: "ListEventSourceMappings",
                query: [("FunctionName", function), ("Marker", marker)], output: Output.self)
            mappings += page.mappings ?? []
            marker = page.marker
        } while marker != nil
        return mappings
    }

    /// Waits until the mapping has settled (`Enabled` or `Disabled`, from `Creating`, `Enabling`,
    /// `Updating`…); throws ``/DeployCore/WaiterTimeout`` with the last state seen.
    @discardableResult
    public func waitUntilSettled(eventSourceMapping uuid: String) async throws -> EventSourceMapping {
        let waiter = Waiter<EventSourceMapping>(
            name: "event source mapping \(uuid) settled", delay: pollInterval, maxWait: waitTimeout,
            acceptors: [.init(.success, "Enabled or Disabled", output: { ["Enabled", "Disabled"].contains($0.state ?? "") })],
            sleep: sleep, describe: { "State=\($0.state ?? "-")\($0.stateTransitionReason.map { " (\($0))" } ?? "")" })
        return try await waiter.wait { try await self.eventSourceMapping(uuid) }
    }
}
