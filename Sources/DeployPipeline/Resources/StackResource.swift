import DeployCloudFormation
import DeployCore
import Foundation

/// The service's `resources:` as a resource kind of its own: one CloudFormation stack, read,
/// created or updated (only when its template differs from the one deployed) and awaited before
/// any function is planned, since the functions take values from its outputs. A failed change is
/// a `stackFailed` diagnosis naming each resource CloudFormation refused and why; CloudFormation
/// has rolled the stack back, and no function is deployed.
enum StackResource {
    /// What `ensure` did, and the stack's outputs.
    struct Result: Sendable {
        var outputs: [String: String]
        var detail: String
    }

    static func ensure(_ stack: CompanionStack, clients: ServiceClients) async throws -> Result {
        let cloudFormation = clients.cloudFormation
        var live = try await cloudFormation.stack(stack.name)
        if live?.status.hasSuffix("_IN_PROGRESS") == true { live = try await cloudFormation.waitUntilSettled(stack.name) }
        if let failed = live, failed.status == "ROLLBACK_COMPLETE" {
            // A creation that failed leaves an empty stack that cannot be updated: it goes, and is made anew.
            try await cloudFormation.deleteStack(failed.name)
            live = try await cloudFormation.waitUntilSettled(failed.name)
        }
        let template = stack.template
        guard let live else {
            try await cloudFormation.createStack(stack.name, template: template, tags: Teardown.managedTags)
            let created = try await settled(stack, expecting: "CREATE_COMPLETE", clients: clients)
            return Result(outputs: created.outputs, detail: "stack \(stack.name) created (\(stack.resourceTypes.count) resources)")
        }
        guard !sameTemplate(try await cloudFormation.template(stack.name), template) else {
            return Result(outputs: live.outputs, detail: "stack \(stack.name) unchanged")
        }
        guard try await cloudFormation.updateStack(stack.name, template: template) else {
            return Result(outputs: live.outputs, detail: "stack \(stack.name) unchanged")
        }
        let updated = try await settled(stack, expecting: "UPDATE_COMPLETE", clients: clients)
        return Result(outputs: updated.outputs, detail: "stack \(stack.name) updated")
    }

    /// Deletes the stack `name` (a teardown, after the functions) and waits until it is gone.
    static func delete(_ name: String, clients: ServiceClients) async throws {
        try await clients.cloudFormation.deleteStack(name)
        guard let left = try await clients.cloudFormation.waitUntilSettled(name) else { return }
        throw DeploymentDiagnosis(
            kind: .stackFailed,
            summary: "the resources stack \(name) was not deleted: \(left.status)" + (left.statusReason.map { " — \($0)" } ?? "") + ".",
            fix: "Empty what CloudFormation cannot delete (a bucket with objects), then tear down again.")
    }

    /// The outputs of the stack as it is (for a plan, which changes nothing); `nil` when it does
    /// not exist yet.
    static func outputs(_ stack: CompanionStack, clients: ServiceClients) async throws -> [String: String]? {
        try await clients.cloudFormation.stack(stack.name)?.outputs
    }

    private static func settled(_ stack: CompanionStack, expecting status: String, clients: ServiceClients) async throws -> Stack {
        let settled = try await clients.cloudFormation.waitUntilSettled(stack.name)
        guard let settled, settled.status == status else {
            let events = try await clients.cloudFormation.events(stack.name)
            let reasons = events.filter { $0.status.hasSuffix("_FAILED") && $0.reason != nil }.prefix(5).map {
                "\($0.logicalID) (\($0.resourceType)): \($0.reason ?? "")"
            }
            throw DeploymentDiagnosis(
                kind: .stackFailed,
                summary: "the resources stack \(stack.name) ended \(settled?.status ?? "deleted")"
                    + (reasons.isEmpty ? "" : " — " + reasons.joined(separator: "; ")) + ".",
                fix: "Fix the resources under `resources:` and deploy again. CloudFormation rolled the stack back; no function "
                    + "was deployed, the previous versions keep serving.")
        }
        return settled
    }

    /// Whether two templates are the same JSON (CloudFormation may hand back the body reformatted).
    private static func sameTemplate(_ deployed: String, _ wanted: String) -> Bool {
        func object(_ text: String) -> NSObject? {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? NSObject
        }
        guard let deployed = object(deployed), let wanted = object(wanted) else { return false }
        return deployed.isEqual(wanted)
    }
}

extension DeploymentConfiguration {
    /// The configuration with every placeholder of ``stack`` replaced by the stack's `outputs`:
    /// queue and stream ARNs, dead-letter targets, environment values, role ARNs, the role's statements and managed policies.
    func resolvingStack(_ outputs: [String: String]) throws -> DeploymentConfiguration {
        guard let stack else { return self }
        var resolved = self
        for index in resolved.functions.indices {
            for queue in resolved.functions[index].queues.indices {
                resolved.functions[index].queues[queue].queueARN = try stack.resolve(
                    resolved.functions[index].queues[queue].queueARN, outputs: outputs)
            }
            for stream in resolved.functions[index].streams.indices {
                resolved.functions[index].streams[stream].streamARN = try stack.resolve(
                    resolved.functions[index].streams[stream].streamARN, outputs: outputs)
            }
            if let target = resolved.functions[index].deadLetterTargetARN {
                resolved.functions[index].deadLetterTargetARN = try stack.resolve(target, outputs: outputs)
            }
            if case .arn(let role) = resolved.functions[index].role {
                resolved.functions[index].role = .arn(try stack.resolve(role, outputs: outputs))
            }
            resolved.functions[index].roleStatements = try resolved.functions[index].roleStatements.map { statement in
                try statement.mappingTexts { try stack.resolve($0, outputs: outputs) }
            }
            resolved.functions[index].roleManagedPolicies = try resolved.functions[index].roleManagedPolicies.map {
                try stack.resolve($0, outputs: outputs)
            }
            for (name, value) in resolved.functions[index].environment {
                guard case .text(let text) = value else { continue }
                resolved.functions[index].environment[name] = .text(try stack.resolve(text, outputs: outputs))
            }
        }
        return resolved
    }
}
