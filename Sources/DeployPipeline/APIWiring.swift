import DeployAPIGateway
import DeployCore
import DeployLambda

/// Ensures a function's REST API: the API by name, each route's resource and `AWS_PROXY`
/// integration to the alias, CORS, a deployment to the stage, and the invoke permission.
/// Each part is read first and only written when missing or different.
enum APIWiring {
    static func ensure(_ function: FunctionDeployment, aliasARN: String, account: String, clients: ServiceClients) async throws -> ([InvokeURL], String) {
        let gateway = clients.gateway
        var created: [String] = []
        let api: RestAPI
        if let existing = try await gateway.restAPI(named: function.api.name) {
            api = existing
        } else {
            api = try await gateway.createRestAPI(name: function.api.name, description: "\(function.name), deployed by LambdaDeployKit")
            created.append("API \(api.name)")
        }
        let uri = "arn:\(clients.region.partition.id):apigateway:\(clients.region.name):lambda:path/2015-03-31/functions/\(aliasARN)/invocations"
        for route in function.routes {
            let resource = try await gateway.ensureResource(apiID: api.id, path: route.path)
            let current = try? await gateway.integration(apiID: api.id, resourceID: resource.id, method: route.method)
            if current?.type != "AWS_PROXY" || current?.uri != uri {
                try await ignoringConflict { try await gateway.wireLambdaProxy(apiID: api.id, resourceID: resource.id, method: route.method, functionARN: aliasARN) }
                created.append("\(route.method) \(route.path)")
            }
            if route.cors, (try? await gateway.integration(apiID: api.id, resourceID: resource.id, method: "OPTIONS"))?.type != "MOCK" {
                let methods = function.routes.filter { $0.path == route.path }.map(\.method)
                try await ignoringConflict { try await gateway.enableCORS(apiID: api.id, resourceID: resource.id, methods: methods) }
                created.append("CORS on \(route.path)")
            }
            let permission = gateway.invokePermission(apiID: api.id, method: route.method, path: route.path, account: account)
            let policy = (try? await clients.lambda.policy(function.name, qualifier: function.alias)) ?? ""
            if !policy.contains(permission.sourceARN) {
                try await ignoringConflict {
                    try await clients.lambda.addPermission(function.name, statementID: permission.statementID, principal: permission.principal,
                                                           sourceARN: permission.sourceARN, qualifier: function.alias)
                }
                created.append("permission for \(route.method) \(route.path)")
            }
        }
        _ = try await gateway.createDeployment(apiID: api.id, stageName: function.api.stage, description: "LambdaDeployKit")
        let endpoints = function.routes.map { InvokeURL(apiID: api.id, region: clients.region, stage: function.api.stage, path: $0.path, method: $0.method) }
        let detail = created.isEmpty ? "API \(api.id) already wired; stage \(function.api.stage) redeployed" : "created " + created.joined(separator: ", ") + "; stage \(function.api.stage) deployed"
        return (endpoints, detail)
    }

    /// A write that may meet its own earlier success (a retried request, a concurrent deploy).
    private static func ignoringConflict(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as AWSServiceError where error.code == "ConflictException" || error.code == "ResourceConflictException" {
            // Already there: what this step ensures holds.
        }
    }
}
