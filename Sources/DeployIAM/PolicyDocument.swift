import DeployCore
import Foundation

/// An IAM policy document: `Version` and `Statement`s, as JSON. Encodes and decodes both forms
/// AWS accepts for actions, resources and principals: one string, or a list.
///
/// ```swift
/// let document = PolicyDocument(statements: [
///     .init(effect: .allow, actions: ["lambda:UpdateFunctionCode"], resources: [functionARN]),
/// ])
/// ```
public struct PolicyDocument: Sendable, Hashable, Codable {
    /// The policy language version, `2012-10-17`.
    public var version: String
    /// The statements.
    public var statements: [PolicyStatement]

    /// Creates a document.
    public init(version: String = "2012-10-17", statements: [PolicyStatement]) {
        self.version = version
        self.statements = statements
    }

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case statements = "Statement"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? "2008-10-17"
        statements = try container.decode(OneOrMany<PolicyStatement>.self, forKey: .statements).values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(statements, forKey: .statements)
    }

    /// The document as compact JSON with sorted keys, as sent to IAM.
    public func json() throws -> String {
        String(decoding: try AWSJSON.encode(self), as: UTF8.self)
    }

    /// Parses a document as IAM returns it: JSON, usually percent-encoded.
    public static func parse(_ text: String) throws -> PolicyDocument {
        let decoded = text.hasPrefix("{") ? text : (text.removingPercentEncoding ?? text)
        return try AWSJSON.decode(PolicyDocument.self, from: Array(decoded.utf8))
    }

    /// Whether some `Allow` statement grants `action` (wildcards `*` and `?` in the statement's
    /// actions are honoured; resources and conditions are not evaluated).
    public func allows(_ action: String) -> Bool {
        statements.contains { $0.effect == .allow && $0.actions.contains { PolicyStatement.matches(pattern: $0, action) } }
    }
}

/// One statement of a policy.
public struct PolicyStatement: Sendable, Hashable, Codable {
    /// `Allow` or `Deny`.
    public enum Effect: String, Sendable, Hashable, Codable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// An optional statement id.
    public var sid: String?
    /// Allow or deny.
    public var effect: Effect
    /// The actions (`lambda:UpdateFunctionCode`, `lambda:*`).
    public var actions: [String]
    /// Actions excluded (`NotAction`).
    public var notActions: [String]
    /// The resources (ARNs, `*`).
    public var resources: [String]
    /// Principals by type (`Service`: `lambda.amazonaws.com`); `["*": ["*"]]` for everyone.
    public var principals: [String: [String]]?
    /// Conditions: operator → key → values.
    public var conditions: [String: [String: [String]]]?

    /// Creates a statement.
    public init(
        sid: String? = nil, effect: Effect, actions: [String] = [], notActions: [String] = [], resources: [String] = [],
        principals: [String: [String]]? = nil, conditions: [String: [String: [String]]]? = nil
    ) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.notActions = notActions
        self.resources = resources
        self.principals = principals
        self.conditions = conditions
    }

    enum CodingKeys: String, CodingKey {
        case sid = "Sid"
        case effect = "Effect"
        case actions = "Action"
        case notActions = "NotAction"
        case resources = "Resource"
        case principals = "Principal"
        case conditions = "Condition"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sid = try container.decodeIfPresent(String.self, forKey: .sid)
        effect = try container.decode(Effect.self, forKey: .effect)
        actions = try container.decodeIfPresent(OneOrMany<String>.self, forKey: .actions)?.values ?? []
        notActions = try container.decodeIfPresent(OneOrMany<String>.self, forKey: .notActions)?.values ?? []
        resources = try container.decodeIfPresent(OneOrMany<String>.self, forKey: .resources)?.values ?? []
        if let everyone = try? container.decode(String.self, forKey: .principals) {
            principals = [everyone: [everyone]]
        } else {
            principals = try container.decodeIfPresent([String: OneOrMany<String>].self, forKey: .principals)?.mapValues(\.values)
        }
        conditions = try container.decodeIfPresent([String: [String: OneOrMany<String>]].self, forKey: .conditions)?
            .mapValues { $0.mapValues(\.values) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(sid, forKey: .sid)
        try container.encode(effect, forKey: .effect)
        if !actions.isEmpty { try container.encode(OneOrMany(actions), forKey: .actions) }
        if !notActions.isEmpty { try container.encode(OneOrMany(notActions), forKey: .notActions) }
        if !resources.isEmpty { try container.encode(OneOrMany(resources), forKey: .resources) }
        if let principals {
            if principals == ["*": ["*"]] {
                try container.encode("*", forKey: .principals)
            } else {
                try container.encode(principals.mapValues(OneOrMany.init), forKey: .principals)
            }
        }
        if let conditions { try container.encode(conditions.mapValues { $0.mapValues(OneOrMany.init) }, forKey: .conditions) }
    }

    /// IAM's action wildcard match: `*` any run, `?` one character, case-insensitive.
    static func matches(pattern: String, _ action: String) -> Bool {
        let pattern = Array(pattern.lowercased())
        let text = Array(action.lowercased())
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: text.count + 1), count: pattern.count + 1)
        func match(_ p: Int, _ t: Int) -> Bool {
            if let known = memo[p][t] { return known }
            let result: Bool
            if p == pattern.count {
                result = t == text.count
            } else if pattern[p] == "*" {
                result = match(p + 1, t) || (t < text.count && match(p, t + 1))
            } else {
                result = t < text.count && (pattern[p] == "?" || pattern[p] == text[t]) && match(p + 1, t + 1)
            }
            memo[p][t] = result
            return result
        }
        return match(0, 0)
    }
}

/// A JSON value that may be one item or a list of items; encoded as one item when it holds one.
struct OneOrMany<Element: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    var values: [Element]

    init(_ values: [Element]) { self.values = values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(Element.self) {
            values = [one]
        } else {
            values = try container.decode([Element].self)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}
