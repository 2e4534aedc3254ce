import DeployAPIGateway
import DeployCore
import DeployEventBridge
import DeployIAM
import DeployLambda
import DeployLogs

/// The plan to the empty state for a function: its REST API, its routes and integration on its HTTP
/// API (the API too when no other function's routes stay), its scheduled rules, event source
/// mappings and bucket notifications (never the buckets), the function with its versions, aliases,
/// permissions and URL, its log group when it sets a retention, its inline policies (and the VPC
/// access a role the library made was given), and its role — each only when this library created
/// it (the function, the role and the HTTP API tagged `lambdadeploykit:managed`, the REST API
/// described as made by LambdaDeployKit; a role made before roles were tagged, by its
/// description); anything else is left, and the plan says so.
enum Teardown {
    static let managedTag = "lambdadeploykit:managed"
    static let managedTags = [managedTag: "true"]

    /// Whether LambdaDeployKit created `role`: tagged `lambdadeploykit:managed` (or, for roles made
    /// before roles were tagged, described as made by LambdaDeployKit).
    static func isManaged(_ role: IAMRole) -> Bool {
        role.tags[managedTag] == "true" || role.description?.contains(marker) == true
    }
    static let marker = "LambdaDeployKit"

    /// What exists of the function, read with `Get`/`List` calls only.
    struct Live: Sendable {
        var function: FunctionConfiguration?
        var isManaged: Bool
        var api: RestAPI?
        var role: IAMRole?
        var rolePolicies: Set<String>
        /// The role's attached managed policies (ARNs).
        var attachedPolicies: [String] = []
        /// The function's rules (`FUNCTION-schedule-N`, `FUNCTION-event-N`) and their targets' ids.
        var rules: [String: [String]] = [:]
        /// The event source mappings on the function (any qualifier).
        var mappings: [EventSourceMapping] = []
        /// The function's routes and integration on its HTTP API.
        var http: HTTPPart?
        /// The log group of a function that sets a retention.
        var logGroup: LogGroup?
        /// The buckets the alias's policy lets invoke it (its `s3` events).
        var buckets: [String] = []
    }

    static func read(_ function: FunctionDeployment, clients: ServiceClients) async throws -> Live {
        async let configuration = absentIfNotFound { try await clients.lambda.configuration(function.name) }
        // A REST API made elsewhere is never read to be deleted.
        async let api =
            function.routes.isEmpty || function.api.existing != nil ? nil : clients.gateway.restAPI(named: function.api.name)
        var role: IAMRole?
        var policies: Set<String> = []
        var attached: [String] = []
        if case .managed(let name) = function.role {
            async let found = absentIfNotFound { try await clients.iam.role(name) }
            async let names = absentIfNotFound { try await clients.iam.rolePolicyNames(roleName: name).collect() }
            async let managed = absentIfNotFound { try await clients.iam.attachedRolePolicies(roleName: name).collect().map(\.arn) }
            role = try await found
            policies = Set(try await names ?? [])
            attached = try await managed ?? []
        }
        let existing = try await configuration
        var tags: [String: String] = [:]
        if existing != nil { tags = try await clients.lambda.tags(function.name) }
        var live = Live(function: existing, isManaged: tags[managedTag] == "true", api: try await api, role: role, rolePolicies: policies)
        live.attachedPolicies = attached
        if let existing, live.isManaged {
            // What invokes the function goes with it; a service without rights to read it has none of it.
            var rules: [EventRule] = []
            for kind in [RuleKind.schedules, .patterns] {
                rules += (try? await clients.events.rules(prefix: ScheduleResource.prefix(function.name, kind))) ?? []
            }
            for rule in rules { live.rules[rule.name] = try await clients.events.targets(rule: rule.name).map(\.id) }
            live.mappings = ((try? await clients.lambda.eventSourceMappings()) ?? []).filter {
                $0.functionARN == existing.arn || ($0.functionARN ?? "").hasPrefix(existing.arn + ":")
            }
            live.http = try await readHTTP(function, aliasARN: existing.arn + ":" + function.alias, clients: clients)
            let policy = try? await clients.lambda.policyDocument(function.name, qualifier: function.alias)
            live.buckets = (policy?.statements.compactMap(\.id).compactMap(BucketEventResource.bucket(ofStatement:)) ?? []).sorted()
            if function.logRetentionInDays != nil { live.logGroup = try await clients.logs.logGroup(LogGroupResource.name(function)) }
        }
        return live
    }

    static func actions(_ function: FunctionDeployment, live: Live, clients: ServiceClients) -> [PlannedAction] {
        func id(_ name: String) -> ActionID { ActionID("\(function.name)/\(name)") }
        func left(_ name: String, _ step: DeploymentStep, _ resource: String, _ why: String) -> PlannedAction {
            keep(function, name, step, resource, why)
        }
        var actions: [PlannedAction] = []
        if function.api.existing != nil, !function.routes.isEmpty {
            actions.append(left("api", .api, "API \(function.api.name)", "made elsewhere: left, with this function's routes on it"))
        }
        if let api = live.api {
            if api.description?.contains(marker) == true {
                actions.append(
                    PlannedAction(
                        id: id("api"), function: function.name, step: .api, resource: "API \(api.name)", change: .delete,
                        attributes: [AttributeChange("API", api.id, nil)], detail: "delete \(api.id) and its stages"
                    ) { _ in
                        _ = try await absentIfNotFound { try await clients.gateway.deleteRestAPI(api.id) }
                        return "deleted API \(api.id)"
                    })
            } else {
                actions.append(left("api", .api, "API \(api.name)", "not created by LambdaDeployKit: left"))
            }
        }
        if !live.rules.isEmpty {
            actions.append(
                PlannedAction(
                    id: id("schedules"), function: function.name, step: .events, resource: "rules", change: .delete,
                    attributes: live.rules.keys.sorted().map { AttributeChange("rule \($0)", "EventBridge rule", nil) },
                    detail: "delete \(live.rules.count) scheduled rule(s)"
                ) { _ in
                    for (rule, targets) in live.rules {
                        if !targets.isEmpty { try await clients.events.removeTargets(rule, ids: targets) }
                        _ = try await absentIfNotFound { try await clients.events.deleteRule(rule) }
                    }
                    return "deleted \(live.rules.count) rule(s)"
                })
        }
        if !live.mappings.isEmpty {
            actions.append(
                PlannedAction(
                    id: id("queues"), function: function.name, step: .events, resource: "queues", change: .delete,
                    attributes: live.mappings.map { AttributeChange("queue \($0.eventSourceARN ?? $0.uuid)", "event source mapping", nil) },
                    detail: "delete \(live.mappings.count) event source mapping(s)"
                ) { _ in
                    for mapping in live.mappings {
                        _ = try await absentIfNotFound { try await clients.lambda.deleteEventSourceMapping(mapping.uuid) }
                    }
                    return "deleted \(live.mappings.count) mapping(s)"
                })
        }
        if !live.buckets.isEmpty, let existing = live.function {
            let functionARN = existing.arn
            actions.append(
                PlannedAction(
                    id: id("bucket-events"), function: function.name, step: .events, resource: "s3 events", change: .delete,
                    attributes: live.buckets.map { AttributeChange("notifications on \($0)", "to \(function.name)", nil) },
                    detail: "remove \(function.name)'s notifications from \(live.buckets.joined(separator: ", ")) (the buckets stay)"
                ) { _ in
                    for bucket in live.buckets {
                        try await BucketEventResource.replace(
                            on: bucket, target: { $0 == functionARN || $0.hasPrefix(functionARN + ":") }, with: [], s3: clients.s3)
                    }
                    return "removed from \(live.buckets.count) bucket(s)"
                })
        }
        if let part = live.http { actions += httpActions(function, part: part, clients: clients) }
        if let existing = live.function {
            if live.isManaged {
                actions.append(
                    PlannedAction(
                        id: id("function"), function: function.name, step: .function, resource: "function \(function.name)",
                        change: .delete, attributes: [AttributeChange("function", existing.arn, nil)],
                        detail: "delete \(function.name) with its versions, aliases, permissions and URL",
                        dependencies: actions.map(\.id)
                    ) { _ in
                        _ = try await absentIfNotFound { try await clients.lambda.deleteFunction(function.name) }
                        return "deleted \(function.name)"
                    })
                if live.logGroup != nil { actions.append(logGroupAction(function, after: [id("function")], clients: clients)) }
            } else {
                actions.append(left("function", .function, "function \(function.name)", "not tagged \(managedTag): left"))
            }
        }
        if case .managed(let name) = function.role, let role = live.role {
            // This function's inline policies (logging, queues) and, for a role the library made, the VPC access it attached;
            // with the role's last function, what the role grants them all (its statements, its managed policies) too.
            let own = [
                RoleResource.policyName(function.name), EventSourceKind.queues.policyName(function.name),
                EventSourceKind.streams.policyName(function.name),
            ]
            let isLast = live.rolePolicies.subtracting(own)
                .subtracting([RoleResource.statementsPolicy]).isEmpty
            let ours =
                own
                + (isLast ? [RoleResource.statementsPolicy] : [])
            let removing = ours.filter(live.rolePolicies.contains)
            let vpcPolicy = RoleResource.vpcPolicyARN(partition: clients.region.partition.id)
            let detaching =
                !Self.isManaged(role)
                ? [] : isLast ? live.attachedPolicies.sorted() : live.attachedPolicies.contains(vpcPolicy) ? [vpcPolicy] : []
            let named: @Sendable (String) -> String = { $0 == vpcPolicy ? "AWSLambdaVPCAccessExecutionRole" : $0 }
            var after = actions.map(\.id)
            if !removing.isEmpty || !detaching.isEmpty {
                let action = PlannedAction(
                    id: id("role-policy"), function: function.name, step: .role, resource: "role \(name)", change: .delete,
                    attributes: removing.map { AttributeChange("inline policy", $0, nil) }
                        + detaching.map { AttributeChange("managed policy", named($0), nil) },
                    detail: "remove " + (removing + detaching.map(named)).joined(separator: ", "),
                    dependencies: after
                ) { _ in
                    for policy in removing {
                        _ = try await absentIfNotFound { try await clients.iam.deleteRolePolicy(roleName: name, policyName: policy) }
                    }
                    for policyARN in detaching {
                        _ = try await absentIfNotFound { try await clients.iam.detachRolePolicy(roleName: name, policyARN: policyARN) }
                    }
                    return "removed " + (removing + detaching.map(named)).joined(separator: ", ")
                }
                actions.append(action)
                after = [action.id]
            }
            let othersLeft = live.rolePolicies.subtracting(removing)
            if Self.isManaged(role), othersLeft.isEmpty {
                actions.append(
                    PlannedAction(
                        id: id("role"), function: function.name, step: .role, resource: "role \(name)", change: .delete,
                        attributes: [AttributeChange("role", role.arn, nil)], detail: "delete \(name)", dependencies: after
                    ) { _ in
                        do {
                            _ = try await absentIfNotFound { try await clients.iam.deleteRole(name) }
                            return "deleted \(name)"
                        } catch let error as AWSServiceError where error.code == "DeleteConflict" {
                            return "\(name) is still used (\(error.message)): left"
                        }
                    })
            } else {
                let why =
                    othersLeft.isEmpty
                    ? "not created by LambdaDeployKit: left" : "still holds \(othersLeft.sorted().joined(separator: ", ")): left"
                actions.append(left("role", .role, "role \(name)", why))
            }
        }
        return actions
    }
}
