import Foundation

/// A function's (or alias's) resource-based policy, decoded from `GetPolicy`.
public struct ResourcePolicy: Sendable, Hashable {
    /// One statement, with the fields permission checks compare.
    public struct Statement: Sendable, Hashable {
        /// `Sid`: the statement id `AddPermission` was given.
        public var id: String?
        /// `Allow` or `Deny`.
        public var effect: String
        /// The service principal (`apigateway.amazonaws.com`) or AWS principal.
        public var principal: String?
        /// The actions (`lambda:InvokeFunction`).
        public var actions: [String]
        /// `Condition.ArnLike."AWS:SourceArn"` (or `ArnEquals`), when present.
        public var sourceARN: String?
    }

    /// The statements, in order.
    public var statements: [Statement]
    /// The policy's revision, for guarded `AddPermission`/`RemovePermission`.
    public var revisionID: String?
    /// The policy as Lambda returned it.
    public var json: String

    /// A policy from its parts.
    public init(statements: [Statement], revisionID: String?, json: String) {
        self.statements = statements
        self.revisionID = revisionID
        self.json = json
    }

    /// Decodes `GetPolicy`'s `Policy` string (empty: no statement).
    public init(json: String, revisionID: String?) throws {
        self.json = json
        self.revisionID = revisionID
        guard !json.isEmpty else {
            statements = []
            return
        }
        guard let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw LambdaInputError(message: "the function's policy is not a JSON object")
        }
        let raw: [[String: Any]]
        if let many = document["Statement"] as? [[String: Any]] {
            raw = many
        } else if let one = document["Statement"] as? [String: Any] {
            raw = [one]
        } else {
            raw = []
        }
        statements = raw.map(Self.statement)
    }

    private static func statement(_ object: [String: Any]) -> Statement {
        func strings(_ value: Any?) -> [String] {
            if let text = value as? String { return [text] }
            return value as? [String] ?? []
        }
        var principal: String?
        if let text = object["Principal"] as? String {
            principal = text
        } else if let map = object["Principal"] as? [String: Any] {
            principal = strings(map["Service"]).first ?? strings(map["AWS"]).first
        }
        let condition = object["Condition"] as? [String: Any]
        let arnCondition = (condition?["ArnLike"] ?? condition?["ArnEquals"]) as? [String: Any]
        let sourceARN = arnCondition.flatMap { map in
            map.first { $0.key.lowercased() == "aws:sourcearn" }.flatMap { strings($0.value).first }
        }
        return Statement(
            id: object["Sid"] as? String, effect: object["Effect"] as? String ?? "Allow", principal: principal,
            actions: strings(object["Action"]), sourceARN: sourceARN)
    }

    /// Whether an `Allow` statement grants `action` to `principal` from exactly `sourceARN`.
    public func allows(_ action: String = "lambda:InvokeFunction", principal: String, sourceARN: String) -> Bool {
        statements.contains { statement in
            statement.effect == "Allow" && statement.principal == principal && statement.sourceARN == sourceARN
                && statement.actions.contains { $0 == action || $0 == "lambda:*" }
        }
    }
}
