import DeployCore
import DeployIAM

/// The execution role, as a resource kind: an ARN is used as given; a managed role is read, and
/// created (with Lambda's trust policy) when missing; each function that uses it gets its own
/// least-privilege logging policy (`FUNCTION-logs`), put whenever it is missing, not only when the
/// role is created. A role shared by several functions is created once per run.
enum RoleResource {
    /// A managed role as IAM has it.
    struct Live: Sendable {
        var name: String
        var exists: Bool
        /// The role's ARN as IAM has it (a role may live under a path, `role/service-role/NAME`).
        var arn: String?
        var inlinePolicies: Set<String>
        /// The managed policies attached (read only for a function in a VPC).
        var attachedPolicies: Set<String> = []
    }

    /// What Lambda needs to put a function's network interfaces in a VPC.
    static func vpcPolicyARN(partition: String) -> String {
        "arn:\(partition):iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
    }

    static func inVPC(_ function: FunctionDeployment) -> Bool { function.vpc?.subnetIDs.isEmpty == false }

    static func policyName(_ function: String) -> String { "\(function)-logs" }

    static func read(_ function: FunctionDeployment, clients: ServiceClients) async throws -> Live? {
        guard case .managed(let name) = function.role else { return nil }
        async let role = absentIfNotFound { try await clients.iam.role(name) }
        async let policies = absentIfNotFound { try await clients.iam.rolePolicyNames(roleName: name).collect() }
        let found = try await role
        var live = Live(name: name, exists: found != nil, arn: found?.arn, inlinePolicies: Set(try await policies ?? []))
        if inVPC(function), found != nil {
            live.attachedPolicies = Set(try await clients.iam.attachedRolePolicies(roleName: name).collect().map(\.arn))
        }
        return live
    }

    static func action(_ inputs: PlanInputs) -> PlannedAction {
        let function = inputs.function.name
        guard case .managed(let name) = inputs.function.role, let live = inputs.live.role else {
            return PlannedAction(
                id: inputs.id("role"), function: function, step: .role, resource: "role", change: .keep,
                detail: "using \(inputs.roleARN)", body: { _ in "using \(inputs.roleARN)" })
        }
        let policy = policyName(function)
        let vpcPolicy = vpcPolicyARN(partition: inputs.clients.region.partition.id)
        let attachesVPCPolicy = inVPC(inputs.function) && !live.attachedPolicies.contains(vpcPolicy)
        if live.exists && live.inlinePolicies.contains(policy) && !attachesVPCPolicy {
            return PlannedAction(
                id: inputs.id("role"), function: function, step: .role, resource: "role \(name)", change: .keep,
                detail: "\(name) exists with \(policy)", body: { _ in "\(name) exists" })
        }
        let clients = inputs.clients
        let account = inputs.account
        // A role several functions share is created by the plan of the first that names it.
        let creator = inputs.shared.roleCreators[name] ?? function
        let creates = !live.exists && creator == function
        let change: PlannedChange = creates ? .create : .update
        let detail =
            creates
            ? "create \(name), with the least-privilege logging policy \(policy)"
            : live.exists
                ? (live.inlinePolicies.contains(policy) ? "\(name) has \(policy)" : "put the missing logging policy \(policy)")
                : "put the logging policy \(policy) on \(name), which the plan of \(creator) creates (shared)"
        return PlannedAction(
            id: inputs.id("role"), function: function, step: .role, resource: "role \(name)", change: change,
            attributes: (live.inlinePolicies.contains(policy) ? [] : [AttributeChange("inline policy", nil, policy)])
                + (attachesVPCPolicy ? [AttributeChange("managed policy", nil, "AWSLambdaVPCAccessExecutionRole")] : []),
            detail: detail + (attachesVPCPolicy ? "; attach AWSLambdaVPCAccessExecutionRole (the function runs in a VPC)" : "")
        ) { _ in
            var created = false
            if !live.exists {
                let made = try await inputs.shared.once("role:\(name)") {
                    do {
                        let description = "Execution role of \(function), created by LambdaDeployKit"
                        _ = try await UnknownOutcome.write {
                            try await clients.iam.createRole(
                                name: name, trustPolicy: LeastPrivilege.lambdaTrustPolicy, description: description,
                                tags: Teardown.managedTags)
                        } observe: {
                            try await UnknownOutcome.observing {
                                try await clients.iam.role(name)
                            } _: { role in
                                Teardown.isManaged(role) ? .landed(role) : .different
                            }
                        }
                        return "created"
                    } catch let error as AWSServiceError where error.code == "EntityAlreadyExists" {
                        return "exists"  // another pipeline made it first: what this step ensures holds
                    }
                }
                created = made == "created"
            }
            let document = LeastPrivilege.executionRolePolicy(
                functionName: function, region: clients.region.name, account: account,
                partition: clients.region.partition.id)
            try await clients.iam.putRolePolicy(roleName: name, policyName: policy, document: document)
            if attachesVPCPolicy { try await clients.iam.attachRolePolicy(roleName: name, policyARN: vpcPolicy) }
            return created ? "created \(name) (least privilege: its own log group only)" : "\(name): put \(policy)"
        }
    }
}
