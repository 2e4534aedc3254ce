import DeployAPIGateway
import DeployCore
import DeployLambda

/// The function's REST API, as a resource kind: the API (found by name, or one made elsewhere by
/// id), each route's resource
/// with its `AWS_PROXY` integration to the alias, CORS, the invoke permission, and the stage. The
/// live state says which of these are missing or wrong; the action wires exactly those (reading
/// before each write, so a concurrent deploy's work is kept) and redeploys the stage.
enum RestAPIResource {
    /// The API as API Gateway and the function's policy have it.
    struct Live: Sendable {
        var api: RestAPI?
        /// What is missing or wrong, as the dry run shows it (`GET /hello`, `permission for GET /hello`).
        var missing: [String]
    }

    /// The function's REST API: the one made elsewhere that it names (by id, or by the CloudFormation
    /// export holding the id, looked up once per run), or the one called by its name — `nil` when
    /// that does not exist yet. An API made elsewhere that is not there is refused.
    static func find(_ function: FunctionDeployment, clients: ServiceClients, shared: SharedResources?) async throws -> RestAPI? {
        guard let existing = function.api.existing else { return try await clients.gateway.restAPI(named: function.api.name) }
        let region = clients.region.name
        let id: String
        switch existing {
        case .id(let given):
            id = given
        case .export(let name):
            let lookup: @Sendable () async throws -> [String: String] = { try await clients.cloudFormation.exports() }
            let exports: [String: String]
            if let shared { exports = try await shared.once("cloudformation-exports", lookup) } else { exports = try await lookup() }
            guard let value = exports[name] else {
                throw DeploymentDiagnosis(
                    kind: .resourceNotFound,
                    summary: "\(function.name): no CloudFormation stack in \(region) exports \(name), the id of the REST API its routes "
                        + "go on.",
                    fix: "Deploy the stack that exports it first (in this region), or give the API's id.")
            }
            id = value
        }
        guard let api = try await clients.gateway.restAPI(id: id) else {
            throw DeploymentDiagnosis(
                kind: .resourceNotFound, summary: "\(function.name): the REST API \(id) its routes go on does not exist in \(region).",
                fix: "Check the id and the region, or leave it out to have the deploy make an API of its own.")
        }
        return api
    }

    static func read(
        _ function: FunctionDeployment, account: String, clients: ServiceClients, shared: SharedResources? = nil
    ) async throws -> Live {
        let gateway = clients.gateway
        guard let api = try await find(function, clients: clients, shared: shared) else {
            return Live(api: nil, missing: function.routes.map { "\($0.method) \($0.path)" })
        }
        async let resources = gateway.resources(apiID: api.id).collect()
        async let policy = absentIfNotFound { try await clients.lambda.policyDocument(function.name, qualifier: function.alias) }
        async let stage = absentIfNotFound { try await gateway.stage(apiID: api.id, name: function.api.stage) }
        let byPath = Dictionary((try await resources).map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
        let uri = integrationURI(function, account: account, clients: clients)
        let missing = try await withThrowingTaskGroup(of: [String].self) { group in
            for route in function.routes {
                group.addTask {
                    guard let resourceID = byPath[route.path] else { return ["\(route.method) \(route.path)"] }
                    var missing: [String] = []
                    let proxy = try await integration(gateway, apiID: api.id, resourceID: resourceID, method: route.method)
                    if proxy?.type != "AWS_PROXY" || proxy?.uri != uri { missing.append("\(route.method) \(route.path)") }
                    if route.cors, try await integration(gateway, apiID: api.id, resourceID: resourceID, method: "OPTIONS")?.type != "MOCK"
                    {
                        missing.append("CORS on \(route.path)")
                    }
                    return missing
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let permissions = try await policy
        let unpermitted = function.routes.filter { route in
            let permission = gateway.invokePermission(apiID: api.id, method: route.method, path: route.path, account: account)
            return permissions?.allows(principal: permission.principal, sourceARN: permission.sourceARN) != true
        }.map { "permission for \($0.method) \($0.path)" }
        let stageMissing = try await stage == nil ? ["stage \(function.api.stage)"] : []
        return Live(api: api, missing: missing.sorted() + unpermitted + stageMissing)
    }

    /// The method's integration, or `nil` when the method or its integration does not exist (API
    /// Gateway answers 404; moto answers an empty document).
    static func integration(_ gateway: APIGatewayClient, apiID: String, resourceID: String, method: String) async throws -> APIIntegration?
    {
        do {
            return try await absentIfNotFound { try await gateway.integration(apiID: apiID, resourceID: resourceID, method: method) }
        } catch is AWSDecodingError {
            return nil
        }
    }

    static func integrationURI(_ function: FunctionDeployment, account: String, clients: ServiceClients) -> String {
        let aliasARN =
            "arn:\(clients.region.partition.id):lambda:\(clients.region.name):\(account):function:\(function.name):\(function.alias)"
        return
            "arn:\(clients.region.partition.id):apigateway:\(clients.region.name):lambda:path/2015-03-31/functions/\(aliasARN)/invocations"
    }

    static func endpoints(_ function: FunctionDeployment, apiID: String, clients: ServiceClients) -> [InvokeURL] {
        function.routes.map { InvokeURL(apiID: apiID, region: clients.region, stage: function.api.stage, path: $0.path, method: $0.method) }
    }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        guard !function.routes.isEmpty, let live = inputs.live.api else { return nil }
        let clients = inputs.clients
        if let api = live.api, live.missing.isEmpty {
            let endpoints = endpoints(function, apiID: api.id, clients: clients)
            return PlannedAction(
                id: inputs.id("api"), function: function.name, step: .api, resource: "API \(function.api.name)", change: .keep,
                detail: "API \(api.id) has every route, integration and permission", dependencies: dependencies
            ) { state in
                state.set(FunctionKeys.endpoints, endpoints)
                return "API \(api.id) already wired"
            }
        }
        let routes = function.routes.map { "\($0.method) \($0.path)\($0.cors ? " (CORS)" : "")" }.joined(separator: ", ")
        // An API several functions share is created by the plan of the first that names it.
        let creator = inputs.shared.apiCreators[function.api.name] ?? function.name
        let creates = live.api == nil && creator == function.name
        let detail =
            creates
            ? "API \(function.api.name) with \(routes), stage \(function.api.stage)"
            : live.api == nil
                ? "add \(routes) to \(function.api.name), which the plan of \(creator) creates (shared); deploy stage \(function.api.stage)"
                : "add \(live.missing.joined(separator: ", ")) to \(live.api!.id); redeploy stage \(function.api.stage)"
        let account = inputs.account
        let aliasARN = inputs.aliasARN
        let shared = inputs.shared
        return PlannedAction(
            id: inputs.id("api"), function: function.name, step: .api, resource: "API \(function.api.name)",
            change: creates ? .create : .update, attributes: live.missing.map { AttributeChange($0, nil, "wired") },
            detail: detail, dependencies: dependencies
        ) { state in
            let (endpoints, detail) = try await APIWiring.ensure(
                function, aliasARN: aliasARN, account: account, clients: clients, shared: shared)
            state.set(FunctionKeys.endpoints, endpoints)
            return detail
        }
    }
}
