import Foundation

/// AWS credentials: an access key id, its secret, and for temporary credentials a session token
/// and an expiry.
///
/// The secret and the token never appear in `description`, `debugDescription`, `dump` or string
/// interpolation; only the access key id (which is not a secret) is shown.
public struct Credentials: Sendable, Hashable {
    /// The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public var accessKeyID: String
    /// The secret access key. Read it only to sign.
    public var secretAccessKey: String
    /// The session token of temporary credentials.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-term keys.
    public var expiration: Date?

    /// Creates credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether these credentials have expired at `date`, or will within `margin`.
    public func isExpired(at date: Date = Date(), margin: Duration = .zero) -> Bool {
        guard let expiration else { return false }
        let seconds = Double(margin.components.seconds) + Double(margin.components.attoseconds) / 1e18
        return expiration.timeIntervalSince(date) <= seconds
    }

    /// The marker printed in place of a secret value.
    public static let redactionMarker = "<redacted>"
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var text = "Credentials(accessKeyID: \(accessKeyID), secretAccessKey: \(Self.redactionMarker)"
        if sessionToken != nil { text += ", sessionToken: \(Self.redactionMarker)" }
        if let expiration { text += ", expiration: \(expiration)" }
        return text + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        var children: [(label: String?, value: Any)] = [
            ("accessKeyID", accessKeyID),
            ("secretAccessKey", Self.redactionMarker),
        ]
        if sessionToken != nil { children.append(("sessionToken", Self.redactionMarker)) }
        if let expiration { children.append(("expiration", expiration)) }
        return Mirror(self, children: children, displayStyle: .struct)
    }
}
