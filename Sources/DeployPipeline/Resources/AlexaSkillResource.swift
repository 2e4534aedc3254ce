import DeployLambda

/// The function's Alexa skills as a resource kind: a statement on the alias's policy per skill
/// (principal `alexa-appkit.amazon.com` or `alexa-connectedhome.amazon.com`, the skill's id as the
/// event source token), added when missing and removed when the skill left the configuration.
enum AlexaSkillResource {
    /// This library's Alexa statements on `policy` (read by ``AliasPolicyStatements``).
    static func statements(in policy: ResourcePolicy?) -> Set<String> {
        Set(policy?.statements.compactMap(\.id).filter { $0.hasPrefix(AlexaSkillSettings.statementPrefix) } ?? [])
    }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        let live = inputs.live.alexaStatements ?? []
        let wanted = Dictionary(function.alexaSkills.map { ($0.statementID, $0) }, uniquingKeysWith: { first, _ in first })
        guard !wanted.isEmpty || !live.isEmpty else { return nil }
        let adding = wanted.keys.filter { !live.contains($0) }.sorted()
        let removing = live.filter { wanted[$0] == nil }.sorted()
        let changes =
            adding.map { AttributeChange("permission \($0)", nil, wanted[$0]!.skillID) }
            + removing.map { AttributeChange("permission \($0)", "alexa", nil) }
        let change: PlannedChange = changes.isEmpty ? .keep : (live.isEmpty ? .create : (wanted.isEmpty ? .delete : .update))
        let lambda = inputs.clients.lambda
        return PlannedAction(
            id: inputs.id("alexa"), function: function.name, step: .events, resource: "Alexa skills of \(function.alias)",
            change: change, attributes: changes,
            detail: change == .keep ? "\(wanted.count) Alexa skill(s) as configured" : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { _ in
            var policy = AliasPolicyWriter(function, lambda: lambda)
            for id in adding {
                try await policy.add(id, principal: wanted[id]!.kind.rawValue, eventSourceToken: wanted[id]!.skillID)
            }
            for id in removing { try await policy.remove(id) }
            return "\(adding.count) skill(s) allowed, \(removing.count) removed"
        }
    }
}
