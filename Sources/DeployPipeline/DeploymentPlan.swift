import DeployAPIGateway
import DeployCore
import DeployIAM
import Foundation

/// What a deployment would do, found by reading only: no mutating call is sent.
public struct DeploymentPlan: Sendable, Hashable, CustomStringConvertible {
    /// What a step would do to what exists.
    public enum Change: String, Sendable, Hashable {
        case create, update, keep
    }

    /// One step of the plan.
    public struct Action: Sendable, Hashable, CustomStringConvertible {
        /// The step.
        public var step: DeploymentStep
        /// Create, update or keep.
        public var change: Change
        /// What exactly.
        public var detail: String

        public var description: String { "\(change.rawValue) \(step): \(detail)" }
    }

    /// One function's plan.
    public struct FunctionPlan: Sendable, Hashable {
        /// The function.
        public var name: String
        /// Its steps, in order.
        public var actions: [Action]

        /// The action for `step`, if the plan has one.
        public func action(_ step: DeploymentStep) -> Action? { actions.first { $0.step == step } }
    }

    /// The account the plan was read from.
    public var account: String
    /// Each function's plan.
    public var functions: [FunctionPlan]

    public subscript(function name: String) -> FunctionPlan? { functions.first { $0.name == name } }

    public var description: String {
        (["plan for account \(account):"] + functions.flatMap { plan in ["  \(plan.name):"] + plan.actions.map { "    \($0)" } }).joined(separator: "\n")
    }
}

extension DeploymentPipeline {
    /// The dry run: the plan for each function, read from AWS with `Get`/`List` calls only.
    /// Packages are still built locally, to compare their `CodeSha256` with Lambda's.
    public func plan(_ deployment: DeploymentConfiguration) async throws -> DeploymentPlan {
        try FileManager.default.createDirectory(atPath: deployment.workDirectory, withIntermediateDirectories: true)
        let clients = try ServiceClients(configuration: configuration, secrets: secrets, pollInterval: pollInterval)
        let account = try await clients.sts.checkCredentials().account
        var plans: [DeploymentPlan.FunctionPlan] = []
        for function in deployment.functions {
            plans.append(try await plan(function, clients: clients, workDirectory: deployment.workDirectory))
        }
        return DeploymentPlan(account: account, functions: plans)
    }

    private func plan(_ function: FunctionDeployment, clients: ServiceClients, workDirectory: String) async throws -> DeploymentPlan.FunctionPlan {
        typealias Action = DeploymentPlan.Action
        var actions: [Action] = []
        let package = try await PackagePreflight.package(function, workDirectory: workDirectory)
        actions.append(Action(step: .package, change: .keep, detail: "\(package.detail), CodeSha256 \(package.codeSHA256)"))

        var roleARN: String?
        switch function.role {
        case let .arn(arn):
            roleARN = arn
            actions.append(Action(step: .role, change: .keep, detail: arn))
        case let .managed(name):
            do {
                roleARN = try await clients.iam.role(name).arn
                actions.append(Action(step: .role, change: .keep, detail: "\(name) exists"))
            } catch let error as AWSServiceError where error.code == "NoSuchEntity" {
                actions.append(Action(step: .role, change: .create, detail: "\(name), with the least-privilege logging policy"))
            }
        }

        let deployer = FunctionDeployer(function: function, clients: clients, account: "", context: RunContext(
            emit: { _ in }, logger: logger, gitLab: GitLabContext(), workDirectory: workDirectory, rollbackAttempts: 0, redactor: redactor))
        let environment = try await deployer.resolvedEnvironment()
        guard let current = try await ConfigurationDiff.function(function.name, lambda: clients.lambda) else {
            actions.append(Action(step: .function, change: .create, detail: "\(function.name) (\(function.runtime), \(function.handler))"))
            actions.append(Action(step: .publish, change: .create, detail: "version 1"))
            actions.append(Action(step: .alias, change: .create, detail: "\(function.alias) → the new version"))
            actions += try await apiActions(function, clients: clients)
            return DeploymentPlan.FunctionPlan(name: function.name, actions: actions)
        }
        let codeChanged = current.codeSHA256 != package.codeSHA256
        actions.append(Action(step: .function, change: codeChanged ? .update : .keep,
                              detail: codeChanged ? "upload new code (Lambda has \(current.codeSHA256 ?? "none"))" : "code unchanged: upload skipped"))
        let (_, changed) = ConfigurationDiff.between(current, function, roleARN: roleARN ?? current.role ?? "", environment: environment)
        actions.append(Action(step: .configuration, change: changed.isEmpty ? .keep : .update, detail: changed.isEmpty ? "unchanged" : changed.joined(separator: ", ")))
        let alias = try await ConfigurationDiff.alias(function, lambda: clients.lambda)
        let unchanged = !codeChanged && changed.isEmpty && alias != nil
        actions.append(Action(step: .publish, change: unchanged ? .keep : .create, detail: unchanged ? "nothing new to publish" : "a new version"))
        if let alias {
            actions.append(Action(step: .alias, change: unchanged ? .keep : .update, detail: "\(function.alias) on version \(alias.functionVersion)\(unchanged ? "" : " → the new version")"))
        } else {
            actions.append(Action(step: .alias, change: .create, detail: "\(function.alias) → the new version"))
        }
        actions += try await apiActions(function, clients: clients)
        return DeploymentPlan.FunctionPlan(name: function.name, actions: actions)
    }

    private func apiActions(_ function: FunctionDeployment, clients: ServiceClients) async throws -> [DeploymentPlan.Action] {
        guard !function.routes.isEmpty else { return [] }
        guard let api = try await clients.gateway.restAPI(named: function.api.name) else {
            let routes = function.routes.map { "\($0.method) \($0.path)\($0.cors ? " (CORS)" : "")" }.joined(separator: ", ")
            return [DeploymentPlan.Action(step: .api, change: .create, detail: "API \(function.api.name) with \(routes), stage \(function.api.stage)")]
        }
        var paths: Set<String> = []
        for try await resource in clients.gateway.resources(apiID: api.id) { paths.insert(resource.path) }
        let missing = function.routes.filter { !paths.contains($0.path) }
        let detail = missing.isEmpty ? "API \(api.id) has every route" : "add " + missing.map { "\($0.method) \($0.path)" }.joined(separator: ", ") + " to \(api.id)"
        return [DeploymentPlan.Action(step: .api, change: missing.isEmpty ? .keep : .update, detail: detail + "; redeploy stage \(function.api.stage)")]
    }
}
