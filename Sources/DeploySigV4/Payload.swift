/// The body a signature covers: its bytes, a SHA-256 computed beforehand, or nothing at all
/// (`UNSIGNED-PAYLOAD`).
///
/// Hash a large artifact once, in a streaming pass, and pass the digest:
/// ```swift
/// let payload = Payload.sha256(digest)   // digest from SHA256Hasher
/// ```
public struct Payload: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case digest(SHA256Digest)
        case unsigned
    }

    let kind: Kind

    /// An empty body.
    public static let empty = Payload(kind: .digest(.empty))

    /// A body that is not signed: the canonical request carries `UNSIGNED-PAYLOAD`.
    public static let unsigned = Payload(kind: .unsigned)

    /// The body's bytes; they are hashed now.
    public static func bytes(_ bytes: some Sequence<UInt8>) -> Payload {
        Payload(kind: .digest(SHA256Hasher.hash(bytes)))
    }

    /// A body whose SHA-256 was computed beforehand.
    public static func sha256(_ digest: SHA256Digest) -> Payload {
        Payload(kind: .digest(digest))
    }

    /// A body whose SHA-256 is given as 64 hexadecimal digits.
    public static func sha256(hex: String) throws(SigV4Error) -> Payload {
        guard let digest = SHA256Digest(hex: hex) else {
            throw SigV4Error(
                .invalidPayloadHash, "the payload hash must be 64 hexadecimal digits (a SHA-256), got \(hex.utf8.count) characters")
        }
        return Payload(kind: .digest(digest))
    }

    /// The value written as the last line of the canonical request (and in `X-Amz-Content-SHA256`).
    public var canonicalValue: String {
        switch kind {
        case .digest(let digest): return digest.hexString
        case .unsigned: return "UNSIGNED-PAYLOAD"
        }
    }

    func append(to buffer: inout [UInt8]) {
        switch kind {
        case .digest(let digest): digest.withUnsafeBytes { Hex.append($0, to: &buffer) }
        case .unsigned: buffer.append(contentsOf: "UNSIGNED-PAYLOAD".utf8)
        }
    }
}
