import DeployCore
import Foundation

/// A secret's value. Its `description`, `debugDescription`, `dump` output and string interpolation
/// print a redaction marker; the bytes are reachable only through ``reveal()`` and
/// ``revealString()``, so that they cannot reach a log or an error message by accident.
public struct SecretBytes: Sendable, Hashable {
    private let storage: [UInt8]

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { storage = bytes }

    /// Wraps the UTF-8 of `text`.
    public init(_ text: String) { storage = Array(text.utf8) }

    /// The marker printed instead of the value.
    public static let redactionMarker = "<redacted secret>"

    /// The value's bytes. Hand them only to what needs them (a database driver, an HTTP header).
    public func reveal() -> [UInt8] { storage }

    /// The value as UTF-8 text, or `nil` when it is not valid UTF-8.
    public func revealString() -> String? { String(validating: storage, as: UTF8.self) }

    /// How many bytes the value has.
    public var count: Int { storage.count }

    /// Decodes a JSON secret (the usual `{"username": …, "password": …}`) into `type`. A value
    /// that is not JSON, or lacks a field, is a ``SecretError`` that never echoes the value.
    public func decodeJSON<T: Decodable>(_ type: T.Type, secretID: String = "the secret") throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(storage))
        } catch DecodingError.keyNotFound(let key, _) {
            throw SecretError(.missingKey, "\(secretID) has no key '\(key.stringValue)'", secretID: secretID)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw SecretError(.notJSON, "\(secretID) is not a JSON document", secretID: secretID)
        } catch {
            throw SecretError(.notJSON, "\(secretID) does not decode as \(T.self)", secretID: secretID)
        }
    }

    /// One key of a JSON object secret, as a secret: a string value as its text, any other value as
    /// its JSON.
    public func value(forKey key: String, secretID: String = "the secret") throws -> SecretBytes {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(storage))) as? [String: Any] else {
            throw SecretError(.notJSON, "\(secretID) is not a JSON object, so its key '\(key)' cannot be read", secretID: secretID)
        }
        guard let value = object[key], !(value is NSNull) else {
            throw SecretError(
                .missingKey, "\(secretID) has no key '\(key)' (keys: \(object.keys.sorted().joined(separator: ", ")))", secretID: secretID)
        }
        if let text = value as? String { return SecretBytes(text) }
        let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        return SecretBytes(Array(data))
    }
}

extension SecretBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { Self.redactionMarker }
    public var debugDescription: String { Self.redactionMarker }
    public var customMirror: Mirror { Mirror(self, children: ["value": Self.redactionMarker], displayStyle: .struct) }
}

/// A secret that cannot be read or used, with what went wrong; never with the secret's value.
public struct SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The value is not JSON (or not a JSON object) where JSON was asked for.
        public static let notJSON = Code("notJSON")
        /// A JSON key asked for is absent.
        public static let missingKey = Code("missingKey")
        /// A reference is not of the form `${ssm:/aws/reference/secretsmanager/NAME[:KEY]}`.
        public static let invalidReference = Code("invalidReference")
        /// The response held neither `SecretString` nor `SecretBinary`.
        public static let noValue = Code("noValue")
    }

    /// What went wrong.
    public var code: Code
    /// A sentence naming the secret and what to do.
    public var message: String
    /// The secret concerned.
    public var secretID: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, secretID: String? = nil) {
        self.code = code
        self.message = message
        self.secretID = secretID
    }

    public var description: String { "SecretError.\(code): \(message)" }
}

extension SecretBytes {
    /// Registers the value with ``/DeployCore/Redactor/shared``: the whole text and, for a JSON
    /// object, each of its string values (a password inside `{"username": …, "password": …}` is
    /// what an error would echo).
    func registerForRedaction() {
        guard let text = revealString() else { return }
        Redactor.shared.register(text)
        if text.first == "{", let object = (try? JSONSerialization.jsonObject(with: Data(storage))) as? [String: Any] {
            for case let value as String in object.values { Redactor.shared.register(value) }
        }
    }
}

extension SecretValue {
    func registerForRedaction() { value.registerForRedaction() }
}
