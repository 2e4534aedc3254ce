import DeployCore
import DeployEventBridge
import DeployHashing
import DeployLambda

/// The function's `schedule` events as a resource kind: one EventBridge rule each, named
/// `FUNCTION-schedule-N`, targeting the alias, with the invoke permission for that rule on the
/// alias. Read with `ListRules` by that prefix (and each rule's targets and the alias's policy);
/// created, updated (expression, state, description, input) and deleted when it left the
/// configuration.
enum ScheduleResource {
    /// The id of the one target each rule has.
    static let targetID = "lambdadeploykit"

    /// What EventBridge and the alias's policy have.
    struct Live: Sendable {
        var rules: [EventRule]
        var targets: [String: [EventTarget]]
        /// This library's statements on the alias's policy.
        var statements: Set<String>
    }

    /// The rules' common prefix: `FUNCTION-schedule-` (a long function name shortened with a hash,
    /// so that the names stay within EventBridge's 64 characters).
    static func prefix(_ function: String) -> String {
        let base = function.count <= 44 ? function : function.prefix(35) + "-" + SHA256Hasher.hash(Array(function.utf8)).hexString.prefix(8)
        return base + "-schedule-"
    }

    /// The rule of the `index`th schedule (0-based).
    static func ruleName(_ function: String, _ index: Int) -> String { prefix(function) + "\(index + 1)" }

    /// The alias's statement letting that rule invoke it.
    static func statementID(_ rule: String) -> String {
        "lambdadeploykit-" + String(rule.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    /// One `ListRules`; for each rule found, its targets; the alias's policy when there are rules
    /// or schedules. A function without schedules still deploys when EventBridge cannot be read
    /// (a deploy user never granted `events:ListRules`): rules it had before are then left, and a
    /// warning says so.
    static func read(_ function: FunctionDeployment, clients: ServiceClients) async throws -> Live {
        let events = clients.events
        guard
            let rules = try await listUnlessRefused(
                "EventBridge's rules", wanted: !function.schedules.isEmpty, function: function.name, clients: clients,
                { try await events.rules(prefix: prefix(function.name)) })
        else { return Live(rules: [], targets: [:], statements: []) }
        var targets: [String: [EventTarget]] = [:]
        for rule in rules { targets[rule.name] = try await events.targets(rule: rule.name) }
        guard !rules.isEmpty || !function.schedules.isEmpty else { return Live(rules: [], targets: [:], statements: []) }
        let lambda = clients.lambda
        let policy = try await absentIfNotFound { try await lambda.policyDocument(function.name, qualifier: function.alias) }
        let statements = Set(policy?.statements.compactMap(\.id).filter { $0.hasPrefix("lambdadeploykit-" + prefix(function.name)) } ?? [])
        return Live(rules: rules, targets: targets, statements: statements)
    }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        let live = inputs.live.schedules ?? Live(rules: [], targets: [:], statements: [])
        guard !function.schedules.isEmpty || !live.rules.isEmpty else { return nil }
        let aliasARN = inputs.aliasARN
        let wanted = function.schedules.enumerated().map { (name: ruleName(function.name, $0.offset), schedule: $0.element) }
        let liveRules = Dictionary(live.rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func describe(_ schedule: ScheduleSettings) -> String {
            schedule.expression + (schedule.enabled ? "" : ", disabled") + (schedule.input.map { ", input \($0)" } ?? "")
        }
        func describe(_ rule: EventRule, _ targets: [EventTarget]) -> String {
            (rule.scheduleExpression ?? "?") + (rule.isEnabled ? "" : ", disabled") + (targets.first?.input.map { ", input \($0)" } ?? "")
        }
        var changes: [AttributeChange] = []
        var ruleChanges: [String] = []  // names of rules to put
        var targetChanges: [String] = []
        for (name, schedule) in wanted {
            let target = EventTarget(id: targetID, arn: aliasARN, input: schedule.input)
            guard let rule = liveRules[name] else {
                changes.append(AttributeChange("rule \(name)", nil, describe(schedule)))
                ruleChanges.append(name)
                targetChanges.append(name)
                continue
            }
            let ruleDiffers =
                rule.scheduleExpression != schedule.expression || rule.isEnabled != schedule.enabled
                || (rule.description ?? "") != (schedule.description ?? "")
            let targetDiffers = live.targets[name] != [target]
            if ruleDiffers || targetDiffers {
                changes.append(AttributeChange("rule \(name)", describe(rule, live.targets[name] ?? []), describe(schedule)))
            }
            if ruleDiffers { ruleChanges.append(name) }
            if targetDiffers { targetChanges.append(name) }
        }
        let removed = live.rules.map(\.name).filter { name in !wanted.contains { $0.name == name } }.sorted()
        changes += removed.map { AttributeChange("rule \($0)", describe(liveRules[$0]!, live.targets[$0] ?? []), nil) }
        let missingStatements = wanted.map(\.name).filter { !live.statements.contains(statementID($0)) }
        changes += missingStatements.filter { !ruleChanges.contains($0) }.map {
            AttributeChange("permission \(statementID($0))", nil, "events")
        }
        let change: PlannedChange =
            changes.isEmpty ? .keep : (live.rules.isEmpty ? .create : (wanted.isEmpty ? .delete : .update))
        let events = inputs.clients.events
        let lambda = inputs.clients.lambda
        let name = function.name
        let (rulesToPut, targetsToPut) = (Set(ruleChanges), Set(targetChanges))
        let alias = function.alias
        return PlannedAction(
            id: inputs.id("schedules"), function: name, step: .events, resource: "schedules of \(alias)", change: change,
            attributes: changes,
            detail: change == .keep ? "\(wanted.count) schedule(s) as configured" : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { _ in
            var policy = AliasPolicyWriter(function, lambda: lambda)
            for (rule, schedule) in wanted {
                var arn = liveRules[rule]?.arn
                if rulesToPut.contains(rule) || arn == nil {
                    arn = try await events.putRule(
                        rule, schedule: schedule.expression, enabled: schedule.enabled, description: schedule.description,
                        tags: Teardown.managedTags)
                }
                if targetsToPut.contains(rule) {
                    let extra = (live.targets[rule] ?? []).map(\.id).filter { $0 != targetID }
                    if !extra.isEmpty { try await events.removeTargets(rule, ids: extra) }
                    try await events.putTargets(rule, [EventTarget(id: targetID, arn: aliasARN, input: schedule.input)])
                }
                if missingStatements.contains(rule), let arn {
                    try await policy.add(statementID(rule), principal: "events.amazonaws.com", sourceARN: arn)
                }
            }
            for rule in removed {
                let ids = (live.targets[rule] ?? []).map(\.id)
                if !ids.isEmpty { try await events.removeTargets(rule, ids: ids) }
                _ = try await absentIfNotFound { try await events.deleteRule(rule) }
                if live.statements.contains(statementID(rule)) { try await policy.remove(statementID(rule)) }
            }
            return wanted.isEmpty
                ? "\(removed.count) schedule(s) removed"
                : wanted.map { "\($0.name): \($0.schedule.expression)\($0.schedule.enabled ? "" : " (disabled)")" }.joined(separator: ", ")
                    + (removed.isEmpty ? "" : "; removed \(removed.joined(separator: ", "))")
        }
    }
}
