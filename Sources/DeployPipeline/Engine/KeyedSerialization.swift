/// Runs work one at a time per key, in the order it arrives, across every run of the process:
/// for read-modify-write calls AWS cannot guard with a revision (a bucket's notification
/// configuration, replaced as a whole), so that two functions writing the same bucket do not
/// undo each other.
actor KeyedSerialization {
    private var tails: [String: Task<Void, Never>] = [:]

    /// Runs `body` once the work queued for `key` before it has finished (whether or not it failed).
    func run<Value: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let previous = tails[key]
        let task = Task {
            await previous?.value
            return try await body()
        }
        tails[key] = Task { _ = try? await task.value }
        return try await task.value
    }
}
