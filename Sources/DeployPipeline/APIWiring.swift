import DeployAPIGateway
import DeployCore
import DeployLambda

/// Wires a function's REST API: the API by name (created once per run however many functions
/// share it) or the one made elsewhere that it names, each route's resource and `AWS_PROXY` integration to the alias, CORS, the invoke
/// permission (found by decoding the policy, not by searching its text; added through
/// ``AliasPolicyWriter``), and a deployment to the
/// stage. Each part is read first and only written when missing or different.
enum APIWiring {
    static func ensure(
        _ function: FunctionDeployment, aliasARN: String, account: String, clients: ServiceClients,
        shared: SharedResources
    ) async throws -> ([InvokeURL], String) {
        let gateway = clients.gateway
        var created: [String] = []
        let apiID = try await shared.once("api:\(function.api.existing.map { "\($0)" } ?? function.api.name)") {
            if let existing = try await RestAPIResource.find(function, clients: clients, shared: shared) { return existing.id }
            return try await UnknownOutcome.write {
                try await gateway.createRestAPI(name: function.api.name, description: "\(function.name), deployed by LambdaDeployKit")
            } observe: {
                try await gateway.restAPI(named: function.api.name).map { .landed($0) } ?? .absent
            }.id
        }
        let uri =
            "arn:\(clients.region.partition.id):apigateway:\(clients.region.name):lambda:path/2015-03-31/functions/\(aliasARN)/invocations"
        let policy = try await absentIfNotFound { try await clients.lambda.policyDocument(function.name, qualifier: function.alias) }
        var writer = AliasPolicyWriter(function, lambda: clients.lambda, justRead: .some(policy?.revisionID))
        for route in function.routes {
            let resource = try await gateway.ensureResource(apiID: apiID, path: route.path)
            let current = try await RestAPIResource.integration(gateway, apiID: apiID, resourceID: resource.id, method: route.method)
            if current?.type != "AWS_PROXY" || current?.uri != uri {
                try await ignoringConflict {
                    try await gateway.wireLambdaProxy(apiID: apiID, resourceID: resource.id, method: route.method, functionARN: aliasARN)
                }
                created.append("\(route.method) \(route.path)")
            }
            if route.cors,
                try await RestAPIResource.integration(gateway, apiID: apiID, resourceID: resource.id, method: "OPTIONS")?.type != "MOCK"
            {
                let methods = function.routes.filter { $0.path == route.path }.map(\.method)
                try await ignoringConflict { try await gateway.enableCORS(apiID: apiID, resourceID: resource.id, methods: methods) }
                created.append("CORS on \(route.path)")
            }
            let permission = gateway.invokePermission(apiID: apiID, method: route.method, path: route.path, account: account)
            if policy?.allows(principal: permission.principal, sourceARN: permission.sourceARN) != true {
                try await writer.add(permission.statementID, principal: permission.principal, sourceARN: permission.sourceARN)
                created.append("permission for \(route.method) \(route.path)")
            }
        }
        _ = try await UnknownOutcome.write {
            try await gateway.createDeployment(apiID: apiID, stageName: function.api.stage, description: "LambdaDeployKit")
        } observe: {
            .absent  // whether it landed or not, one more deployment of the same routes to the stage is harmless
        }
        let endpoints = RestAPIResource.endpoints(function, apiID: apiID, clients: clients)
        let detail =
            created.isEmpty
            ? "API \(apiID) already wired; stage \(function.api.stage) redeployed"
            : "created " + created.joined(separator: ", ") + "; stage \(function.api.stage) deployed"
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
