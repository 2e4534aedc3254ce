import DeployCore
import DeployIAM

/// The execution role, as a resource kind: an ARN is used as given; a managed role is read, and
/// created (with Lambda's trust policy) when missing; each function that uses it gets its own
/// least-privilege logging policy (`FUNCTION-logs`), put whenever it is missing, not only when the
/// role is created; what the functions grant besides (``FunctionDeployment/roleStatements``) is the
/// role's policy `iam-role-statements`, put when it differs and removed when nothing is granted. A
/// role shared by several functions is created (and its statements put) once per run.
enum RoleResource {
    /// A managed role as IAM has it.
    struct Live: Sendable {
        var name: String
        var exists: Bool
        /// The role's ARN as IAM has it (a role may live under a path, `role/service-role/NAME`).
        var arn: String?
        var inlinePolicies: Set<String>
        /// The managed policies attached (read only for a function in a VPC or with managed policies of its own).
        var attachedPolicies: Set<String> = []
        /// The statements policy, when the role has one.
        var statements: PolicyDocument?
    }

    /// The inline policy holding ``FunctionDeployment/roleStatements``.
    static let statementsPolicy = "iam-role-statements"

    /// `text` with the pseudo-parameters filled in for `account` and `region`.
    static func filled(_ text: String, account: String, region: Region) -> String {
        ServerlessRoleStatements.fillingPseudoParameters(
            text, account: account, region: region.name, partition: region.partition.id, urlSuffix: region.partition.dnsSuffix)
    }

    /// The statements `function` grants, pseudo-parameters filled in.
    static func statements(_ function: FunctionDeployment, account: String, region: Region) -> PolicyDocument {
        PolicyDocument(statements: function.roleStatements.map { $0.mappingTexts { filled($0, account: account, region: region) } })
    }

    /// The managed policies `function`'s role is to have attached: its own, and VPC access in a VPC.
    static func managedPolicies(_ function: FunctionDeployment, account: String, region: Region) -> [String] {
        var wanted: [String] = []
        for policy in function.roleManagedPolicies.map({ filled($0, account: account, region: region) })
            + (inVPC(function) ? [vpcPolicyARN(partition: region.partition.id)] : []) where !wanted.contains(policy)
        {
            wanted.append(policy)
        }
        return wanted
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
        if inVPC(function) || !function.roleManagedPolicies.isEmpty, found != nil {
            live.attachedPolicies = Set(try await clients.iam.attachedRolePolicies(roleName: name).collect().map(\.arn))
        }
        if live.inlinePolicies.contains(statementsPolicy) {
            live.statements = try await absentIfNotFound { try await clients.iam.rolePolicy(roleName: name, policyName: statementsPolicy) }
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
        let attaching = managedPolicies(inputs.function, account: inputs.account, region: inputs.clients.region).filter {
            !live.attachedPolicies.contains($0)
        }
        let granted = statements(inputs.function, account: inputs.account, region: inputs.clients.region)
        let grants: StatementsChange? =
            granted.statements.isEmpty
            ? (live.statements == nil ? nil : .remove) : (live.statements == granted ? nil : .put(granted))
        if live.exists && live.inlinePolicies.contains(policy) && attaching.isEmpty && grants == nil {
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
                + attaching.map { AttributeChange("managed policy", nil, $0 == vpcPolicy ? "AWSLambdaVPCAccessExecutionRole" : $0) }
                + (grants.map { [AttributeChange(statementsPolicy, count(live.statements), count($0.document))] } ?? []),
            detail: detail
                + attaching.map {
                    $0 == vpcPolicy ? "; attach AWSLambdaVPCAccessExecutionRole (the function runs in a VPC)" : "; attach \($0)"
                }.joined()
                + (grants.map { "; " + $0.detail } ?? "")
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
            for policyARN in attaching { try await clients.iam.attachRolePolicy(roleName: name, policyARN: policyARN) }
            if let grants {
                // Every function of a shared role plans the same change: made once.
                _ = try await inputs.shared.once("role-statements:\(name)") { () async throws -> Bool in
                    switch grants {
                    case .put(let granted):
                        try await clients.iam.putRolePolicy(roleName: name, policyName: statementsPolicy, document: granted)
                    case .remove:
                        _ = try await absentIfNotFound {
                            try await clients.iam.deleteRolePolicy(roleName: name, policyName: statementsPolicy)
                        }
                    }
                    return true
                }
            }
            let outcome = created ? "created \(name)" : "\(name): put \(policy)"
            // What the role may do: its own log group only, unless the functions grant more.
            return outcome + (grants.map { "; " + $0.detail } ?? (created ? " (least privilege: its own log group only)" : ""))
        }
    }

    /// How the statements policy changes.
    enum StatementsChange: Sendable, Equatable {
        case put(PolicyDocument)
        case remove

        var document: PolicyDocument? { if case .put(let document) = self { document } else { nil } }

        var detail: String {
            switch self {
            case .put(let document): "put \(statementsPolicy) (\(RoleResource.count(document) ?? ""))"
            case .remove: "remove \(statementsPolicy) (nothing granted any more)"
            }
        }
    }

    /// "N statements", for the plan.
    static func count(_ document: PolicyDocument?) -> String? {
        document.map { "\($0.statements.count) statement" + ($0.statements.count == 1 ? "" : "s") }
    }
}
