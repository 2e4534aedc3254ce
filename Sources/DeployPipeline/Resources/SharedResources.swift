/// Resources several functions of one run share (a managed role, a REST API of the same name).
///
/// Planned once: the first function of the configuration that names a shared managed role (or has
/// routes on a REST API of a shared name) is the one whose plan creates it; the others' plans only
/// add their own logging policy (their routes) to it. Applied
/// once: the first function to need a shared resource ensures it and the others wait for that same
/// work, so it is created once per run however many functions deploy at once.
actor SharedResources {
    private var inFlight: [String: Task<String, any Error>] = [:]
    /// Each managed role's name → the first function (in configuration order) that names it.
    nonisolated let roleCreators: [String: String]
    /// Each REST API's name → the first function (in configuration order) with routes on it.
    nonisolated let apiCreators: [String: String]

    init(planning functions: [FunctionDeployment] = []) {
        var roles: [String: String] = [:]
        var apis: [String: String] = [:]
        for function in functions {
            if case .managed(let name) = function.role, roles[name] == nil { roles[name] = function.name }
            if !function.routes.isEmpty, apis[function.api.name] == nil { apis[function.api.name] = function.name }
        }
        roleCreators = roles
        apiCreators = apis
    }

    /// Runs `body` once for `key` in this run; later callers get its result (or its error).
    func once(_ key: String, _ body: @escaping @Sendable () async throws -> String) async throws -> String {
        if let task = inFlight[key] { return try await task.value }
        let task = Task { try await body() }
        inFlight[key] = task
        return try await task.value
    }
}
