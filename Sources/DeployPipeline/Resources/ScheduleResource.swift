import DeployCore
import DeployEventBridge
import DeployHashing
import DeployLambda
import Foundation

/// Which EventBridge rules of a function: its `schedule` events, or its event patterns
/// (`eventBridge` and `cloudwatchEvent` events).
enum RuleKind: String, Sendable {
    case schedules, patterns

    /// The rules' name infix: `FUNCTION-schedule-N`, `FUNCTION-event-N`.
    var infix: String { self == .schedules ? "schedule" : "event" }

    /// One wanted rule, whatever its kind.
    struct Wanted: Sendable {
        var expression: String?
        var pattern: String?
        var input: String?
        var enabled: Bool
        var description: String?

        /// `rate(5 minutes), disabled, input {…}` or the pattern, as the plan shows it.
        var text: String {
            (expression ?? pattern ?? "?") + (enabled ? "" : ", disabled") + (input.map { ", input \($0)" } ?? "")
        }
    }

    /// The rules `function` wants, in order.
    func wanted(_ function: FunctionDeployment) -> [Wanted] {
        switch self {
        case .schedules:
            function.schedules.map {
                Wanted(expression: $0.expression, input: $0.input, enabled: $0.enabled, description: $0.description)
            }
        case .patterns:
            function.eventPatterns.map {
                Wanted(pattern: $0.pattern, input: $0.input, enabled: $0.enabled, description: $0.description)
            }
        }
    }

    /// Whether `rule` matches what `wanted` asks of it (patterns compared as JSON, not as text).
    func matches(_ rule: EventRule, _ wanted: Wanted) -> Bool {
        let same = self == .schedules ? rule.scheduleExpression == wanted.expression : Self.sameJSON(rule.eventPattern, wanted.pattern)
        return same && rule.isEnabled == wanted.enabled && (rule.description ?? "") == (wanted.description ?? "")
    }

    /// `rule` as the plan shows it.
    func text(_ rule: EventRule, _ targets: [EventTarget]) -> String {
        ((self == .schedules ? rule.scheduleExpression : rule.eventPattern) ?? "?") + (rule.isEnabled ? "" : ", disabled")
            + (targets.first?.input.map { ", input \($0)" } ?? "")
    }

    /// Whether two JSON texts hold the same value (EventBridge gives a pattern back reformatted).
    static func sameJSON(_ first: String?, _ second: String?) -> Bool {
        guard let first, let second else { return first == second }
        func object(_ text: String) -> NSObject? {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) as? NSObject
        }
        guard let one = object(first), let other = object(second) else { return first == second }
        return one.isEqual(other)
    }
}

/// The function's `schedule` events, and its event patterns, as resource kinds: one EventBridge
/// rule each on the default bus, named `FUNCTION-schedule-N` (`FUNCTION-event-N`), targeting the
/// alias, with the invoke permission for that rule on the alias. Read with `ListRules` by that
/// prefix (and each rule's targets and the alias's policy); created, updated (expression or
/// pattern, state, description, input) and deleted when it left the configuration.
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
    static func prefix(_ function: String, _ kind: RuleKind = .schedules) -> String {
        let base = function.count <= 44 ? function : function.prefix(35) + "-" + SHA256Hasher.hash(Array(function.utf8)).hexString.prefix(8)
        return base + "-\(kind.infix)-"
    }

    /// The rule of the `index`th schedule (0-based).
    static func ruleName(_ function: String, _ index: Int, _ kind: RuleKind = .schedules) -> String {
        prefix(function, kind) + "\(index + 1)"
    }

    /// The alias's statement letting that rule invoke it.
    static func statementID(_ rule: String) -> String {
        "lambdadeploykit-" + String(rule.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    /// One `ListRules`; for each rule found, its targets; the alias's policy when there are rules
    /// or wanted ones. A function without rules of this kind still deploys when EventBridge cannot
    /// be read (a deploy user never granted `events:ListRules`): rules it had before are then left,
    /// and a warning says so.
    static func read(_ function: FunctionDeployment, _ kind: RuleKind = .schedules, clients: ServiceClients) async throws -> Live {
        let events = clients.events
        let wanted = kind.wanted(function)
        guard
            let rules = try await listUnlessRefused(
                "EventBridge's rules", wanted: !wanted.isEmpty, function: function.name, clients: clients,
                { try await events.rules(prefix: prefix(function.name, kind)) })
        else { return Live(rules: [], targets: [:], statements: []) }
        var targets: [String: [EventTarget]] = [:]
        for rule in rules { targets[rule.name] = try await events.targets(rule: rule.name) }
        guard !rules.isEmpty || !wanted.isEmpty else { return Live(rules: [], targets: [:], statements: []) }
        let lambda = clients.lambda
        let policy = try await absentIfNotFound { try await lambda.policyDocument(function.name, qualifier: function.alias) }
        let statements = Set(
            policy?.statements.compactMap(\.id).filter { $0.hasPrefix("lambdadeploykit-" + prefix(function.name, kind)) } ?? [])
        return Live(rules: rules, targets: targets, statements: statements)
    }

    static func action(_ inputs: PlanInputs, _ kind: RuleKind = .schedules, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        let live = (kind == .schedules ? inputs.live.schedules : inputs.live.eventPatterns) ?? Live(rules: [], targets: [:], statements: [])
        let wanted = kind.wanted(function).enumerated().map { (name: ruleName(function.name, $0.offset, kind), rule: $0.element) }
        guard !wanted.isEmpty || !live.rules.isEmpty else { return nil }
        let aliasARN = inputs.aliasARN
        let liveRules = Dictionary(live.rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [AttributeChange] = []
        var ruleChanges: [String] = []  // names of rules to put
        var targetChanges: [String] = []
        for (name, rule) in wanted {
            let target = EventTarget(id: targetID, arn: aliasARN, input: rule.input)
            guard let existing = liveRules[name] else {
                changes.append(AttributeChange("rule \(name)", nil, rule.text))
                ruleChanges.append(name)
                targetChanges.append(name)
                continue
            }
            let ruleDiffers = !kind.matches(existing, rule)
            let targetDiffers = live.targets[name] != [target]
            if ruleDiffers || targetDiffers {
                changes.append(AttributeChange("rule \(name)", kind.text(existing, live.targets[name] ?? []), rule.text))
            }
            if ruleDiffers { ruleChanges.append(name) }
            if targetDiffers { targetChanges.append(name) }
        }
        let removed = live.rules.map(\.name).filter { name in !wanted.contains { $0.name == name } }.sorted()
        changes += removed.map { AttributeChange("rule \($0)", kind.text(liveRules[$0]!, live.targets[$0] ?? []), nil) }
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
            id: inputs.id(kind == .schedules ? "schedules" : "event-rules"), function: name, step: .events,
            resource: "\(kind == .schedules ? "schedules" : "event rules") of \(alias)", change: change, attributes: changes,
            detail: change == .keep
                ? "\(wanted.count) \(kind == .schedules ? "schedule" : "event rule")(s) as configured"
                : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { _ in
            var policy = AliasPolicyWriter(function, lambda: lambda)
            for (ruleName, rule) in wanted {
                var arn = liveRules[ruleName]?.arn
                if rulesToPut.contains(ruleName) || arn == nil {
                    if let expression = rule.expression {
                        arn = try await events.putRule(
                            ruleName, schedule: expression, enabled: rule.enabled, description: rule.description, tags: Teardown.managedTags
                        )
                    } else {
                        arn = try await events.putRule(
                            ruleName, pattern: rule.pattern ?? "{}", enabled: rule.enabled, description: rule.description,
                            tags: Teardown.managedTags)
                    }
                }
                if targetsToPut.contains(ruleName) {
                    let extra = (live.targets[ruleName] ?? []).map(\.id).filter { $0 != targetID }
                    if !extra.isEmpty { try await events.removeTargets(ruleName, ids: extra) }
                    try await events.putTargets(ruleName, [EventTarget(id: targetID, arn: aliasARN, input: rule.input)])
                }
                if missingStatements.contains(ruleName), let arn {
                    try await policy.add(statementID(ruleName), principal: "events.amazonaws.com", sourceARN: arn)
                }
            }
            for rule in removed {
                let ids = (live.targets[rule] ?? []).map(\.id)
                if !ids.isEmpty { try await events.removeTargets(rule, ids: ids) }
                _ = try await absentIfNotFound { try await events.deleteRule(rule) }
                if live.statements.contains(statementID(rule)) { try await policy.remove(statementID(rule)) }
            }
            return wanted.isEmpty
                ? "\(removed.count) rule(s) removed"
                : wanted.map { "\($0.name): \($0.rule.expression ?? "pattern")\($0.rule.enabled ? "" : " (disabled)")" }
                    .joined(separator: ", ") + (removed.isEmpty ? "" : "; removed \(removed.joined(separator: ", "))")
        }
    }
}
