import Foundation

/// The `Retry-After` header (RFC 9110 §10.2.3), read strictly.
///
/// Only the two forms the RFC defines are accepted: `delay-seconds` (ASCII digits only) and an
/// `HTTP-date` in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`). Anything else — `inf`,
/// `1e30`, `-5`, `NaN`, `3.5`, an empty value — is ignored, so the policy's own backoff applies.
/// Whatever the server asks, the wait is at most ``RetryAfter/longestWait`` (20 seconds, the cap of
/// the AWS SDKs' standard mode); a date in the past means no wait.
package enum RetryAfter {
    /// The longest wait a server can ask for.
    static let longestWait: Duration = .seconds(20)

    /// The wait `value` asks for, or `nil` when it is absent or not one of the RFC's forms.
    package static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Leading zeros carry no value; more than 6 significant digits is past the cap anyway,
            // and is never converted (no overflow).
            let significant = trimmed.drop { $0 == "0" }
            guard significant.utf8.count <= 6, let seconds = Int64(significant.isEmpty ? "0" : significant) else { return longestWait }
            return min(.seconds(seconds), longestWait)
        }
        guard let date = AWSTimestamp.httpDate(trimmed) else { return nil }
        let seconds = date.timeIntervalSince(now)
        guard seconds.isFinite else { return nil }
        if seconds <= 0 { return .zero }
        return seconds >= 20 ? longestWait : .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
