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
        struct Input: Encodable {
            var prefix: String
            var token: String?
            enum CodingKeys: String, CodingKey {
                case prefix = "NamePrefix"
                case token = "NextToken"
            }
        }
        struct Output: Decodable {
            var rules: [EventRule]?
            var token: String?
            enum CodingKeys: String, CodingKey {
                case rules = "Rules"
                case token = "NextToken"
            }
        }
        return try await client.jsonPages(
            "ListRules", input: { Input(prefix: prefix, token: $0) }, output: Output.self, page: { ($0.rules ?? [], $0.token) })
    }

    /// `PutRule`: creates the scheduled rule or updates the one of that name; returns its ARN.
    @discardableResult
    public func putRule(
        _ name: String, schedule: String, enabled: Bool = true, description: String? = nil, tags: [String: String] = [:]
    ) async throws -> String {
        if let problem = ScheduleExpression.problem(schedule) { throw AWSRequestError(problem) }
        struct Tag: Encodable {
            var key, value: String
            enum CodingKeys: String, CodingKey {
                case key = "Key"
                case value = "Value"
            }
        }
        struct Input: Encodable {
            var name, schedule, state: String
            var description: String?
            var tags: [Tag]?
            enum CodingKeys: String, CodingKey {
                case name = "Name"
                case schedule = "ScheduleExpression"
                case state = "State"
                case description = "Description"
                case tags = "Tags"
            }
        }
        struct Output: Decodable {
            var arn: String?
            enum CodingKeys: String, CodingKey { case arn = "RuleArn" }
        }
        let input = Input(
            name: name, schedule: schedule, state: enabled ? "ENABLED" : "DISABLED", description: description,
            tags: tags.isEmpty ? nil : tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) })
        return try await client.json("PutRule", input: input, output: Output.self).arn ?? ""
    }

    /// The rule's targets (`ListTargetsByRule`, every page).
    public func targets(rule: String) async throws -> [EventTarget] {
        struct Input: Encodable {
            var rule: String
            var token: String?
            enum CodingKeys: String, CodingKey {
                case rule = "Rule"
                case token = "NextToken"
            }
        }
        struct Output: Decodable {
            var targets: [EventTarget]?
            var token: String?
            enum CodingKeys: String, CodingKey {
                case targets = "Targets"
                case token = "NextToken"
            }
        }
        return try await client.jsonPages(
            "ListTargetsByRule", input: { Input(rule: rule, token: $0) }, output: Output.self, page: { ($0.targets ?? [], $0.token) })
    }

    /// `PutTargets`; a target EventBridge refuses (`FailedEntryCount` above 0) throws.
    public func putTargets(_ rule: String, _ targets: [EventTarget]) async throws {
        struct Input: Encodable {
            var rule: String
            var targets: [EventTarget]
            enum CodingKeys: String, CodingKey {
                case rule = "Rule"
                case targets = "Targets"
            }
        }
        try await checkEntries("PutTargets", rule: rule, input: Input(rule: rule, targets: targets))
    }

    /// `RemoveTargets`.
    public func removeTargets(_ rule: String, ids: [String]) async throws {
        struct Input: Encodable {
            var rule: String
            var ids: [String]
            enum CodingKeys: String, CodingKey {
                case rule = "Rule"
                case ids = "Ids"
            }
        }
        try await checkEntries("RemoveTargets", rule: rule, input: Input(rule: rule, ids: ids))
    }

    /// `DeleteRule` (its targets must be removed first).
    public func deleteRule(_ name: String) async throws {
        struct Input: Encodable {
            var name: String
            enum CodingKeys: String, CodingKey { case name = "Name" }
        }
        _ = try await client.json("DeleteRule", input: Input(name: name), output: EmptyBody.self)
    }

    /// Sends a `PutTargets`/`RemoveTargets` and throws when an entry failed.
    private func checkEntries(_ operation: String, rule: String, input: some Encodable) async throws {
        let output = try await client.json(operation, input: input, output: EntriesOutput.self)
        if let failure = output.failed?.first, (output.count ?? 0) > 0 {
            throw AWSServiceError(
                code: failure.code ?? "FailedEntry", message: "rule \(rule), target \(failure.id ?? "?"): \(failure.message ?? "")",
                statusCode: 200, requestID: nil, service: Self.service.serviceID, operation: operation)
        }
    }
}

/// What `PutTargets` and `RemoveTargets` answer.
private struct EntriesOutput: Decodable {
    struct Failed: Decodable {
        var id, code, message: String?
        enum CodingKeys: String, CodingKey {
            case id = "TargetId"
            case code = "ErrorCode"
            case message = "ErrorMessage"
        }
    }
    var count: Int?
    var failed: [Failed]?
    enum CodingKeys: String, CodingKey {
        case count = "FailedEntryCount"
        case failed = "FailedEntries"
    }
}
