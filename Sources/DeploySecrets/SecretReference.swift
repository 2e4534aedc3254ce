/// A reference to a Secrets Manager secret in the form `serverless.yml` uses:
/// `${ssm:/aws/reference/secretsmanager/NAME}`, or `${ssm:/aws/reference/secretsmanager/NAME:KEY}`
/// for one key of a JSON secret (secret names cannot contain `:`).
public struct SecretReference: Sendable, Hashable, CustomStringConvertible {
    /// The secret's name or ARN.
    public var secretID: String
    /// The JSON key, if one is named.
    public var jsonKey: String?

    static let prefix = "ssm:/aws/reference/secretsmanager/"

    /// Creates a reference.
    public init(secretID: String, jsonKey: String? = nil) {
        self.secretID = secretID
        self.jsonKey = jsonKey
    }

    /// Parses `${ssm:/aws/reference/secretsmanager/NAME[:KEY]}` (the `${…}` may be left out);
    /// `nil` for text that is not such a reference.
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("${") && body.hasSuffix("}") { body = body.dropFirst(2).dropLast() }
        guard body.hasPrefix(Self.prefix) else { return nil }
        let rest = body.dropFirst(Self.prefix.count)
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = parts.first, !name.isEmpty else { return nil }
        secretID = String(name)
        jsonKey = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
        if parts.count > 1 && parts[1].isEmpty { return nil }
    }

    public var description: String {
        "${\(Self.prefix)\(secretID)\(jsonKey.map { ":\($0)" } ?? "")}"
    }
}
