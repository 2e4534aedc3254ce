/// Resources several functions of one run share (a managed role, a REST API of the same name):
/// the first function to need one ensures it, the others wait for that same work, so a shared
/// resource is created once per run however many functions deploy at once.
actor SharedResources {
    private var inFlight: [String: Task<String, any Error>] = [:]

    /// Runs `body` once for `key` in this run; later callers get its result (or its error).
    func once(_ key: String, _ body: @escaping @Sendable () async throws -> String) async throws -> String {
        if let task = inFlight[key] { return try await task.value }
        let task = Task { try await body() }
        inFlight[key] = task
        return try await task.value
    }
}
