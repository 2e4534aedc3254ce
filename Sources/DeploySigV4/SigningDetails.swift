import HTTPTypes

/// What a signature was computed over: for debugging a `SignatureDoesNotMatch`, compare these with
/// the canonical request and string to sign that AWS returns in its error message.
public struct SigningDetails: Sendable, Hashable {
    /// The canonical request (method, canonical URI, canonical query, headers, signed headers,
    /// payload hash), lines joined with `\n`.
    public var canonicalRequest: String
    /// `AWS4-HMAC-SHA256`, the time, the scope and the canonical request's hash.
    public var stringToSign: String
    /// The signed header names, `;`-separated.
    public var signedHeaders: String
    /// The signature, 64 lower-case hex digits.
    public var signature: String
    /// The `Authorization` header value (header signing only).
    public var authorization: String?
}

/// A signed request, with the details of its signature when they were asked for.
struct SignedRequest: Sendable {
    var request: HTTPRequest
    var details: SigningDetails?
}

/// A presigned URL with the details of its signature.
public struct PresignedURL: Sendable, Hashable {
    /// The URL, with the `X-Amz-*` query parameters and `X-Amz-Signature` last.
    public var url: String
    /// What was signed.
    public var details: SigningDetails
}
