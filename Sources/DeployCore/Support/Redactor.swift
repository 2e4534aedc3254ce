import Synchronization

/// Removes secrets from text that leaves the library: events, log lines, errors, reports.
///
/// Two kinds of secret are redacted:
/// - values the library has resolved — Secrets Manager values, credentials' secret access keys and
///   session tokens — once ``register(_:)`` has been told of them (the library registers what it
///   resolves with ``shared``). Values shorter than ``minimumLength`` (8, as GitLab requires of
///   masked variables) are not registered: replacing every `"1"` or `"true"` would garble text and
///   protect nothing.
/// - by their shape: AWS access key ids (`AKIA…`, `ASIA…` and the other 4-letter prefixes, 20
///   characters) keep their prefix and lose the rest; 40-character runs of the base64 alphabet with
///   upper- and lower-case letters (secret access keys) are replaced whole. A lower-case hex commit
///   SHA or a 44-character `CodeSha256` is left alone.
///
/// AWS echoes values back in its own error messages (Lambda's "environment variables exceeded 4 KB"
/// quotes every variable; `SignatureDoesNotMatch` quotes the canonical request, token included), so
/// error messages are redacted as they are decoded.
public final class Redactor: Sendable {
    /// What a redacted value becomes.
    public static let marker = "<redacted>"
    /// The shortest value ``register(_:)`` keeps.
    public static let minimumLength = 8
    /// The process-wide redactor the library registers resolved secrets with and redacts through.
    public static let shared = Redactor()

    private let values = Mutex<[String]>([])

    /// An empty redactor (pattern redaction only, until values are registered).
    public init() {}

    /// Adds `secret` to the values redacted from now on; shorter than ``minimumLength``: ignored.
    public func register(_ secret: String) {
        guard secret.utf8.count >= Self.minimumLength else { return }
        values.withLock { values in
            guard !values.contains(secret) else { return }
            values.append(secret)
            // Longest first, so a secret containing another is replaced whole.
            values.sort { $0.utf8.count > $1.utf8.count }
        }
    }

    /// How many values are registered.
    public var count: Int { values.withLock { $0.count } }

    /// `text` with every registered value and every key-shaped string replaced.
    public func redact(_ text: String) -> String {
        var result = text
        let registered = values.withLock { $0 }
        for value in registered where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: Self.marker)
        }
        return Self.redactingPatterns(result)
    }

    /// Whether `text` holds a registered value or a key-shaped string.
    public func finds(in text: String) -> Bool { redact(text) != text }

    // MARK: Patterns

    static let keyIDPrefixes: Set<String> = ["AKIA", "ASIA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA", "AGPA", "ABIA", "ACCA"]

    private static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    /// Key ids and 40-character secrets, found as maximal runs of the base64 alphabet.
    static func redactingPatterns(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        var changed = false
        while index < bytes.count {
            guard isBase64(bytes[index]) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isBase64(bytes[end]) { end += 1 }
            let run = bytes[index..<end]
            if let replacement = replacement(for: run) {
                output += replacement
                changed = true
            } else {
                output += run
            }
            index = end
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    private static func replacement(for run: ArraySlice<UInt8>) -> [UInt8]? {
        if run.count == 20, keyIDPrefixes.contains(String(decoding: run.prefix(4), as: UTF8.self)),
            run.allSatisfy({ ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) })
        {
            return Array(run.prefix(4)) + Array(marker.utf8)
        }
        if run.count == 40, !run.contains(UInt8(ascii: "=")), run.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }),
            run.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") })
        {
            return Array(marker.utf8)
        }
        return nil
    }
}
