import DeployCore
import DeployLambda
import Foundation
import HTTPTypes

/// Health checks as plan steps: the new version invoked before it takes traffic, and the endpoint
/// probed once it does (a rollout runs both at every step too: ``invokeVersion(_:version:event:)``,
/// ``probeEndpoint(_:state:)``).
enum CheckActions {
    /// Invokes the published version with the check's event; `nil` without an event or a new version.
    static func invocation(_ inputs: PlanInputs, publishes: Bool, after dependencies: [ActionID]) -> PlannedAction? {
        guard publishes, let event = inputs.function.healthCheck.event else { return nil }
        let function = inputs.function
        return PlannedAction(
            id: inputs.id("health"), function: function.name, step: .healthCheck, resource: "version", change: .check,
            detail: "invoke the new version with \(event.count) bytes", dependencies: dependencies
        ) { state in
            let version = try state.require(FunctionKeys.version)
            let result = try await invokeVersion(inputs, version: version, event: event)
            return "version \(version) answered \(result.statusCode)"
        }
    }

    /// Invokes `version` with `event` and judges the answer; the log's tail comes back with it and
    /// explains a failure in the report.
    /// - Throws: ``HealthCheckFailed`` when the check's predicate rejects the answer.
    static func invokeVersion(_ inputs: PlanInputs, version: String, event: [UInt8]) async throws -> HealthCheck.Result {
        let function = inputs.function
        let result: HealthCheck.Result
        do {
            let invocation = try await inputs.clients.lambda.invoke(function.name, payload: event, qualifier: version, logTail: true)
            result = HealthCheck.Result(
                probe: .invocation, statusCode: invocation.statusCode, body: invocation.payload, logTail: invocation.logTail)
        } catch let error as FunctionError {
            result = HealthCheck.Result(
                probe: .invocation, statusCode: 200, body: error.payload, functionError: error.kind, logTail: error.logTail)
        }
        guard function.healthCheck.predicate(result) else { throw HealthCheckFailed(version: version, result: result) }
        return result
    }

    /// GETs the first `GET` route (through the check's base URL when given); `nil` when the check
    /// does not probe the endpoint or there is no `GET` route.
    static func endpoint(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        guard probesEndpoint(function), let route = function.routes.first(where: { $0.method == "GET" }) else { return nil }
        return PlannedAction(
            id: inputs.id("endpoint"), function: function.name, step: .endpointCheck, resource: "endpoint", change: .check,
            detail: "GET \(route.path) must pass the health check", dependencies: dependencies
        ) { state in
            guard let result = try await probeEndpoint(inputs, state: state), case .http(let url) = result.probe else {
                return "no endpoint to probe"
            }
            return "GET \(url) answered \(result.statusCode)"
        }
    }

    /// Whether `function`'s check probes an endpoint it has.
    static func probesEndpoint(_ function: FunctionDeployment) -> Bool {
        function.healthCheck.probesEndpoint && function.routes.contains { $0.method == "GET" }
    }

    /// GETs the first `GET` route and judges the answer; `nil` when there is no URL to probe yet.
    /// - Throws: ``HealthCheckFailed`` when the check's predicate rejects the answer.
    static func probeEndpoint(_ inputs: PlanInputs, state: ApplyState) async throws -> HealthCheck.Result? {
        let function = inputs.function
        let version = state[FunctionKeys.version] ?? "?"
        guard let route = function.routes.first(where: { $0.method == "GET" }) else { return nil }
        let base = function.healthCheck.endpointBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        guard
            let url = base.map({ "\($0)/\(function.api.stage)\(route.path)" })
                ?? state[FunctionKeys.endpoints]?.first(where: { $0.method == "GET" })?.url
        else {
            return nil
        }
        guard let target = URL(string: url), target.scheme != nil, target.host != nil else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "the health check's endpoint URL \(url) is not an absolute URL.",
                fix: "Give HealthCheck.endpoint(baseURL:) a URL such as https://api.example.com.")
        }
        let response = try await inputs.clients.configuration.transport.send(
            HTTPRequest(method: .get, url: target), body: nil,
            context: TransportContext(timeout: .seconds(30), logger: inputs.context.logger))
        let result = HealthCheck.Result(probe: .http(url: url), statusCode: response.statusCode, body: response.body)
        guard function.healthCheck.predicate(result) else { throw HealthCheckFailed(version: version, result: result) }
        return result
    }
}
