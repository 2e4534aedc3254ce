// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire names its members.
import DeployCore

/// EventBridge (JSON 1.1, API 2015-10-07): the scheduled rules that invoke functions, on the
/// default event bus.
///
/// ```swift
/// let events = EventBridgeClient(configuration: configuration)
/// let arn = try await events.putRule("myLambdaFunction-schedule-1", schedule: "rate(5 minutes)")
/// try await events.putTargets("myLambdaFunction-schedule-1", [EventTarget(id: "lambda", arn: aliasARN)])
/// ```
public struct EventBridgeClient: Sendable {
    /// The EventBridge service.
    public static let service = AWSService(
        serviceID: "EventBridge", signingName: "events", endpointPrefix: "events", apiVersion: "2015-10-07",
        wireProtocol: .json(version: "1.1", targetPrefix: "AWSEvents")
    )

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    /// The rules whose names start with `prefix` (`ListRules`, every page).
    public func rules(prefix: String) async throws -> [EventRule] {
        struct Input: Encodable { var NamePrefix, NextToken: String? }
        struct Output: Decodable {
            var Rules: [EventRule]?
            var NextToken: String?
        }
        return try await client.jsonPages(
            "ListRules", input: { Input(NamePrefix: prefix, NextToken: $0) }, output: Output.self, page: { ($0.Rules ?? [], $0.NextToken) })
    }

    /// `PutRule`: creates the scheduled rule or updates the one of that name; returns its ARN.
    @discardableResult
    public func putRule(
        _ name: String, schedule: String, enabled: Bool = true, description: String? = nil, tags: [String: String] = [:]
    ) async throws -> String {
        if let problem = ScheduleExpression.problem(schedule) { throw AWSRequestError(problem) }
        return try await putRule(name, schedule: schedule, pattern: nil, enabled: enabled, description: description, tags: tags)
    }

    /// `PutRule`: creates the rule matching events by `pattern` (a JSON event pattern) on the
    /// default event bus, or updates the one of that name; returns its ARN.
    @discardableResult
    public func putRule(
        _ name: String, pattern: String, enabled: Bool = true, description: String? = nil, tags: [String: String] = [:]
    ) async throws -> String {
        try await putRule(name, schedule: nil, pattern: pattern, enabled: enabled, description: description, tags: tags)
    }

    private func putRule(
        _ name: String, schedule: String?, pattern: String?, enabled: Bool, description: String?, tags: [String: String]
    ) async throws -> String {
        struct Tag: Encodable { var Key, Value: String }
        struct Input: Encodable {
            var Name: String
            var ScheduleExpression, EventPattern: String?
            var State: String
            var Description: String?
            var Tags: [Tag]?
        }
        struct Output: Decodable { var RuleArn: String? }
        let input = Input(
            Name: name, ScheduleExpression: schedule, EventPattern: pattern, State: enabled ? "ENABLED" : "DISABLED",
            Description: description, Tags: tags.isEmpty ? nil : tags.sorted { $0.key < $1.key }.map { Tag(Key: $0.key, Value: $0.value) })
        return try await client.json("PutRule", input: input, output: Output.self).RuleArn ?? ""
    }

    /// The rule's targets (`ListTargetsByRule`, every page).
    public func targets(rule: String) async throws -> [EventTarget] {
        struct Input: Encodable {
            var Rule: String
            var NextToken: String?
        }
        struct Output: Decodable {
            var Targets: [EventTarget]?
            var NextToken: String?
        }
        return try await client.jsonPages(
            "ListTargetsByRule", input: { Input(Rule: rule, NextToken: $0) }, output: Output.self,
            page: { ($0.Targets ?? [], $0.NextToken) })
    }

    /// `PutTargets`; a target EventBridge refuses (`FailedEntryCount` above 0) throws.
    public func putTargets(_ rule: String, _ targets: [EventTarget]) async throws {
        struct Input: Encodable {
            var Rule: String
            var Targets: [EventTarget]
        }
        try await checkEntries("PutTargets", rule: rule, input: Input(Rule: rule, Targets: targets))
    }

    /// `RemoveTargets`.
    public func removeTargets(_ rule: String, ids: [String]) async throws {
        struct Input: Encodable {
            var Rule: String
            var Ids: [String]
        }
        try await checkEntries("RemoveTargets", rule: rule, input: Input(Rule: rule, Ids: ids))
    }

    /// `DeleteRule` (its targets must be removed first).
    public func deleteRule(_ name: String) async throws {
        struct Input: Encodable { var Name: String }
        _ = try await client.json("DeleteRule", input: Input(Name: name), output: EmptyBody.self)
    }

    /// Sends a `PutTargets`/`RemoveTargets` and throws when an entry failed.
    private func checkEntries(_ operation: String, rule: String, input: some Encodable) async throws {
        let output = try await client.json(operation, input: input, output: EntriesOutput.self)
        if let failure = output.FailedEntries?.first, (output.FailedEntryCount ?? 0) > 0 {
            throw AWSServiceError(
                code: failure.ErrorCode ?? "FailedEntry",
                message: "rule \(rule), target \(failure.TargetId ?? "?"): \(failure.ErrorMessage ?? "")",
                statusCode: 200, requestID: nil, service: Self.service.serviceID, operation: operation)
        }
    }
}

/// What `PutTargets` and `RemoveTargets` answer.
private struct EntriesOutput: Decodable {
    struct Failed: Decodable { var TargetId, ErrorCode, ErrorMessage: String? }
    var FailedEntryCount: Int?
    var FailedEntries: [Failed]?
}
