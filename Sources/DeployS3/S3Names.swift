import DeployCore

/// S3's naming rules: which bucket names can be a host label, and how keys are put in a path.
enum S3Names {
    /// A bucket name that can lead the host: 3–63 lower-case letters, digits and hyphens, starting
    /// and ending with a letter or digit, no dots (TLS certificates cover one label only).
    static func isVirtualHostable(_ bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        guard alphanumeric(bytes.first!), alphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// A key in a path: each `/`-separated segment percent-encoded once (RFC 3986 unreserved
    /// characters kept), the slashes kept.
    static func encodeKey(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: false).map { AWSRequest.encode(String($0)) }.joined(separator: "/")
    }

    /// Text escaped for an XML body.
    static func escapeXML(_ text: String) -> String { XMLText.escape(text) }
}
