import DeployIAM

/// Resources several functions of one run share (a managed role, a REST API of the same name, a
/// managed layer).
///
/// Planned once: the first function of the configuration that names a shared managed role (or has
/// routes on a REST API of a shared name) is the one whose plan creates it; the others' plans only
/// add their own logging policy (their routes) to it. Applied
/// once: the first function to need a shared resource ensures it and the others wait for that same
/// work, so it is created once per run however many functions deploy at once.
actor SharedResources {
    private var inFlight: [String: Task<any Sendable, any Error>] = [:]
    /// Each managed role's name → the first function (in configuration order) that names it.
    nonisolated let roleCreators: [String: String]
    /// Each REST API's name → the first function (in configuration order) with routes on it.
    nonisolated let apiCreators: [String: String]
    /// Each managed layer's name → the first function (in configuration order) that uses it.
    nonisolated let layerCreators: [String: String]
    /// Each HTTP API's name → the first function (in configuration order) with routes on it.
    nonisolated let httpAPICreators: [String: String]
    /// Each managed role's name → the statements its first function grants.
    nonisolated let roleStatements: [String: [PolicyStatement]]
    /// Each bucket → the `s3` events on it of every function (with its index in that function's list).
    nonisolated let bucketEvents: [String: [(function: String, index: Int, event: BucketEventSettings)]]

    init(planning functions: [FunctionDeployment] = []) {
        var roles: [String: String] = [:]
        var apis: [String: String] = [:]
        var layers: [String: String] = [:]
        var httpAPIs: [String: String] = [:]
        var statements: [String: [PolicyStatement]] = [:]
        var bucketEvents: [String: [(function: String, index: Int, event: BucketEventSettings)]] = [:]
        for function in functions {
            for (index, event) in function.bucketEvents.enumerated() {
                bucketEvents[event.bucket, default: []].append((function.name, index, event))
            }
            if case .managed(let name) = function.role, statements[name] == nil { statements[name] = function.roleStatements }
            if let api = function.httpAPI, httpAPIs[api.name] == nil { httpAPIs[api.name] = function.name }
            for case .managed(let layer) in function.layers where layers[layer.name] == nil { layers[layer.name] = function.name }
            if case .managed(let name) = function.role, roles[name] == nil { roles[name] = function.name }
            if !function.routes.isEmpty, apis[function.api.name] == nil { apis[function.api.name] = function.name }
        }
        roleCreators = roles
        apiCreators = apis
        layerCreators = layers
        httpAPICreators = httpAPIs
        roleStatements = statements
        self.bucketEvents = bucketEvents
    }

    /// Runs `body` once for `key` in this run; later callers get its result (or its error).
    func once<Value: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task = inFlight[key] ?? Task { try await body() as any Sendable }
        inFlight[key] = task
        guard let value = try await task.value as? Value else {
            preconditionFailure("SharedResources: '\(key)' was asked for as \(Value.self) and as another type")
        }
        return value
    }
}
