import Foundation
import HTTPTypes
import Synchronization

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`).
///
/// ```swift
/// let signer = try SigV4Signer(credentials: credentials, region: "us-east-1", service: "lambda")
/// let signed = try signer.sign(request, payload: .bytes(body))
/// ```
///
/// The signer is a value: cheap to copy and safe to share across tasks. Signing keys are cached
/// in a ``SigningKeyCache`` (``SigningKeyCache/shared`` unless the options name another).
public struct SigV4Signer: Sendable {
    /// How the path is canonicalised.
    public struct PathEncoding: Sendable, Hashable {
        enum Kind: Sendable, Hashable { case normalized, s3 }
        let kind: Kind

        /// Every service but S3: `.`/`..` segments removed, `//` collapsed, then the path as sent
        /// (already percent-encoded) is encoded once more, so `%3A` becomes `%253A`.
        public static let normalized = PathEncoding(kind: .normalized)
        /// S3: no normalisation, and the path is encoded once only.
        public static let s3 = PathEncoding(kind: .s3)
    }

    /// Choices that change what is signed.
    public struct Options: Sendable {
        /// How the path is canonicalised; ``PathEncoding/normalized`` by default.
        public var pathEncoding: PathEncoding
        /// Adds a signed `X-Amz-Content-SHA256` header holding the payload hash.
        public var signsContentSHA256Header: Bool
        /// Where signing keys are cached.
        public var keyCache: SigningKeyCache

        /// Creates options.
        public init(
            pathEncoding: PathEncoding = .normalized,
            signsContentSHA256Header: Bool = false,
            keyCache: SigningKeyCache = .shared
        ) {
            self.pathEncoding = pathEncoding
            self.signsContentSHA256Header = signsContentSHA256Header
            self.keyCache = keyCache
        }
    }

    /// The credentials that sign.
    public var credentials: Credentials {
        didSet {
            credentialFields = CredentialFields(credentials)
            keyMemo = KeyMemo()
        }
    }
    /// The region of the credential scope, e.g. `us-east-1`.
    public let region: String
    /// The service of the credential scope, e.g. `lambda`.
    public let service: String
    /// Signing options.
    public var options: Options

    /// The header values derived from the credentials, validated once rather than per request.
    struct CredentialFields: Sendable {
        var token: HTTPField?
        var authorizationPrefix: String

        init(_ credentials: Credentials) {
            token = credentials.sessionToken.map { HTTPField(name: .xAmzSecurityToken, value: $0) }
            authorizationPrefix = "\(SigV4Signer.algorithm) Credential=\(credentials.accessKeyID)/"
        }
    }

    private var credentialFields: CredentialFields

    /// The signing key of the last day this signer (and its copies) signed for, so that the
    /// shared cache is consulted once a day rather than once a request.
    final class KeyMemo: Sendable {
        private let state = Mutex<(day: Substring, key: HMACKey)?>(nil)

        func key(day: Substring, orDerive derive: () -> HMACKey) -> HMACKey {
            if let memo = state.withLock({ $0 }), memo.day == day { return memo.key }
            let key = derive()
            state.withLock { $0 = (day, key) }
            return key
        }
    }

    private var keyMemo = KeyMemo()

    /// The shortest presigned URL lifetime AWS accepts.
    public static let minimumExpiry: Duration = .seconds(1)
    /// The longest presigned URL lifetime AWS accepts (7 days).
    public static let maximumExpiry: Duration = .seconds(604_800)

    static let algorithm = "AWS4-HMAC-SHA256"

    /// Creates a signer. Throws when the region, the service or the credentials are empty.
    public init(credentials: Credentials, region: String, service: String, options: Options = Options()) throws(SigV4Error) {
        guard !region.isEmpty else {
            throw SigV4Error(.emptyRegion, "the signing region is empty: set a region such as us-east-1 (AWS_REGION)")
        }
        guard !service.isEmpty else {
            throw SigV4Error(.emptyService, "the signing service is empty: name the service, such as lambda or sts")
        }
        guard !credentials.accessKeyID.isEmpty, !credentials.secretAccessKey.isEmpty else {
            throw SigV4Error(
                .emptyCredentials,
                "the access key id or the secret access key is empty: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            )
        }
        self.credentials = credentials
        self.credentialFields = CredentialFields(credentials)
        self.region = region
        self.service = service
        self.options = options
    }

    // MARK: Header signing

    /// Returns `request` with `X-Amz-Date`, `X-Amz-Security-Token` (with a session token),
    /// optionally `X-Amz-Content-SHA256`, and `Authorization` set.
    ///
    /// Any `Authorization`, `X-Amz-Date` or `X-Amz-Security-Token` already present is replaced.
    public func sign(_ request: HTTPRequest, payload: Payload = .empty, date: Date = Date()) throws(SigV4Error) -> HTTPRequest {
        try signWithDetails(request, payload: payload, date: date, capture: false).request
    }

    /// Signs `request` and also returns the canonical request and string to sign, for debugging.
    public func signingDetails(for request: HTTPRequest, payload: Payload = .empty, date: Date = Date()) throws(SigV4Error) -> (request: HTTPRequest, details: SigningDetails) {
        let signed = try signWithDetails(request, payload: payload, date: date, capture: true)
        return (signed.request, signed.details!)
    }

    private func signWithDetails(_ request: HTTPRequest, payload: Payload, date: Date, capture: Bool) throws(SigV4Error) -> SignedRequest {
        let amzDate = AMZDate(date)
        var signed = request
        Self.removeSignatureFields(from: &signed.headerFields)
        signed.headerFields.reserveCapacity(signed.headerFields.count + 4)
        signed.headerFields.append(HTTPField(name: .xAmzDate, value: amzDate.timestamp))
        if let tokenField = credentialFields.token {
            signed.headerFields.append(tokenField)
        }
        if options.signsContentSHA256Header {
            signed.headerFields[.xAmzContentSHA256] = payload.canonicalValue
        }
        let (path, query) = try target(of: signed)
        let headers = try signableHeaders(of: signed)
        let result = computeSignature(
            method: signed.method.rawValue, path: path, query: Canonical.queryPairs(query), headers: headers,
            payload: payload, amzDate: amzDate, capture: capture
        )
        let prefix = credentialFields.authorizationPrefix
        let suffix = "/aws4_request, SignedHeaders="
        let length = prefix.utf8.count + 8 + 1 + region.utf8.count + 1 + service.utf8.count + suffix.utf8.count
            + result.signedHeaders.count + ", Signature=".utf8.count + 64
        let authorization = String(unsafeUninitializedCapacity: length) { out in
            var offset = 0
            func write(_ bytes: some Collection<UInt8>) {
                let copied: Int? = bytes.withContiguousStorageIfAvailable { source in
                    UnsafeMutableBufferPointer(rebasing: out[offset...]).initialize(fromContentsOf: source)
                }
                if let copied {
                    offset += copied
                } else {
                    for byte in bytes {
                        out[offset] = byte
                        offset += 1
                    }
                }
            }
            write(prefix.utf8)
            write(amzDate.day.utf8)
            write(CollectionOfOne(UInt8(ascii: "/")))
            write(region.utf8)
            write(CollectionOfOne(UInt8(ascii: "/")))
            write(service.utf8)
            write(suffix.utf8)
            write(result.signedHeaders)
            write(", Signature=".utf8)
            result.signature.withUnsafeBytes { digest in
                Hex.write(digest, into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[offset...]))
            }
            return offset + 64
        }
        signed.headerFields.append(HTTPField(name: .authorization, value: authorization))
        return SignedRequest(request: signed, details: capture ? result.details(authorization: authorization) : nil)
    }

    /// Removes `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token` (one pass when absent).
    private static func removeSignatureFields(from fields: inout HTTPFields) {
        let present = fields.contains { field in
            field.name == .authorization || field.name == .xAmzDate || field.name == .xAmzSecurityToken
        }
        guard present else { return }
        fields[.authorization] = nil
        fields[.xAmzDate] = nil
        fields[.xAmzSecurityToken] = nil
    }

    // MARK: Query signing (presigned URLs)

    /// A URL that performs `request` without further credentials until it expires.
    ///
    /// - Parameters:
    ///   - expiresIn: from 1 second to 7 days; anything else throws ``SigV4Error/Code/expiryOutOfRange``.
    ///   - payload: what the request's body will be; ``Payload/empty`` by default.
    public func presignedURL(
        for request: HTTPRequest, expiresIn: Duration, payload: Payload = .empty, date: Date = Date()
    ) throws(SigV4Error) -> PresignedURL {
        guard expiresIn >= Self.minimumExpiry, expiresIn <= Self.maximumExpiry else {
            throw SigV4Error(
                .expiryOutOfRange,
                "a presigned URL must expire after 1 second to 7 days (604800 seconds); got \(expiresIn)"
            )
        }
        let amzDate = AMZDate(date)
        var unsigned = request
        unsigned.headerFields[.authorization] = nil
        let (path, query) = try target(of: unsigned)
        let headers = try signableHeaders(of: unsigned)

        var signedHeaderList = [UInt8]()
        Canonical.appendSignedHeaderList(headers, to: &signedHeaderList)
        var credential = Array(credentials.accessKeyID.utf8)
        credential.append(UInt8(ascii: "/"))
        appendScope(day: amzDate.day, to: &credential)

        let original = Canonical.queryPairs(query)
        var added: [Canonical.QueryPair] = [
            .init(key: Array("X-Amz-Algorithm".utf8), value: Array(Self.algorithm.utf8)),
            .init(key: Array("X-Amz-Credential".utf8), value: encoded(credential)),
            .init(key: Array("X-Amz-Date".utf8), value: Array(amzDate.timestamp.utf8)),
            .init(key: Array("X-Amz-Expires".utf8), value: Array(String(expiresIn.components.seconds).utf8)),
            .init(key: Array("X-Amz-SignedHeaders".utf8), value: encoded(signedHeaderList)),
        ]
        if let token = credentials.sessionToken {
            added.append(.init(key: Array("X-Amz-Security-Token".utf8), value: encoded(Array(token.utf8))))
        }
        let result = computeSignature(
            method: unsigned.method.rawValue, path: path, query: original + added, headers: headers,
            payload: payload, amzDate: amzDate, capture: true
        )
        var url = Array((unsigned.scheme ?? "https").utf8)
        url.append(contentsOf: "://".utf8)
        url.append(contentsOf: (unsigned.authority ?? "").utf8)
        url.append(contentsOf: path.utf8)
        url.append(UInt8(ascii: "?"))
        for pair in original + added {
            url.append(contentsOf: pair.key)
            url.append(UInt8(ascii: "="))
            url.append(contentsOf: pair.value)
            url.append(UInt8(ascii: "&"))
        }
        url.append(contentsOf: "X-Amz-Signature=".utf8)
        result.signature.withUnsafeBytes { Hex.append($0, to: &url) }
        return PresignedURL(url: String(decoding: url, as: UTF8.self), details: result.details(authorization: nil))
    }

    // MARK: Shared steps

    private func encoded(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        PercentEncoding.encode(bytes, keepSlash: false, to: &out)
        return out
    }

    private func appendScope(day: Substring, to buffer: inout [UInt8]) {
        Canonical.appendUTF8(String(day), to: &buffer)
        buffer.append(UInt8(ascii: "/"))
        Canonical.appendUTF8(region, to: &buffer)
        buffer.append(UInt8(ascii: "/"))
        Canonical.appendUTF8(service, to: &buffer)
        buffer.append(contentsOf: "/aws4_request".utf8)
    }

    private func target(of request: HTTPRequest) throws(SigV4Error) -> (Substring, Substring?) {
        guard let authority = request.authority, !authority.isEmpty else {
            throw SigV4Error(.missingAuthority, "the request has no host: set its authority (for example lambda.us-east-1.amazonaws.com)")
        }
        return Canonical.split(target: request.path ?? "/")
    }

    /// The headers to sign, sorted: every header but the unsigned ones, plus `host`.
    private func signableHeaders(of request: HTTPRequest) throws(SigV4Error) -> [Canonical.Header] {
        var headers: [Canonical.Header] = []
        headers.reserveCapacity(request.headerFields.count + 1)
        var hasHost = false
        for (order, field) in request.headerFields.enumerated() {
            let name = field.name.canonicalName
            if Canonical.isUnsigned(name) { continue }
            if name == "host" { hasHost = true }
            headers.append(.init(name: name, value: field.value, order: order))
        }
        if !hasHost {
            headers.append(.init(name: "host", value: Self.host(of: request), order: -1))
        }
        Canonical.sort(&headers)
        return headers
    }

    /// The authority with the scheme's default port dropped.
    static func host(of request: HTTPRequest) -> String {
        let authority = request.authority ?? ""
        let scheme = request.scheme?.lowercased()
        if scheme == "https", authority.hasSuffix(":443") { return String(authority.dropLast(4)) }
        if scheme == "http", authority.hasSuffix(":80") { return String(authority.dropLast(3)) }
        return authority
    }

    struct Computation {
        var signature: SHA256Digest
        var signedHeaders: ArraySlice<UInt8>
        var canonicalRequest: [UInt8]?
        var stringToSign: [UInt8]?

        func details(authorization: String?) -> SigningDetails {
            SigningDetails(
                canonicalRequest: canonicalRequest.map { String(decoding: $0, as: UTF8.self) } ?? "",
                stringToSign: stringToSign.map { String(decoding: $0, as: UTF8.self) } ?? "",
                signedHeaders: String(decoding: signedHeaders, as: UTF8.self),
                signature: signature.hexString,
                authorization: authorization
            )
        }
    }

    /// Builds the canonical request and the string to sign in one buffer, and signs.
    private func computeSignature(
        method: String, path: Substring, query: [Canonical.QueryPair], headers: [Canonical.Header],
        payload: Payload, amzDate: AMZDate, capture: Bool
    ) -> Computation {
        var capacity = 256 + path.utf8.count * 3
        for header in headers { capacity += header.name.utf8.count * 2 + header.value.utf8.count + 2 }
        for pair in query { capacity += pair.key.count + pair.value.count + 2 }
        var buffer = [UInt8]()
        buffer.reserveCapacity(capacity)

        Canonical.appendUTF8(method, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        Canonical.appendPath(path, encoding: options.pathEncoding, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        Canonical.appendQuery(query, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        let signedRange = Canonical.appendHeaders(headers, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        payload.append(to: &buffer)
        let canonicalEnd = buffer.count
        let canonicalHash = buffer.withUnsafeBytes { SHA256Hasher.hash(bytes: UnsafeRawBufferPointer(rebasing: $0[..<canonicalEnd])) }

        buffer.append(contentsOf: Self.algorithm.utf8)
        buffer.append(UInt8(ascii: "\n"))
        Canonical.appendUTF8(amzDate.timestamp, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        appendScope(day: amzDate.day, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        canonicalHash.withUnsafeBytes { Hex.append($0, to: &buffer) }

        let key = keyMemo.key(day: amzDate.day) {
            options.keyCache.signingKey(secret: credentials.secretAccessKey, day: amzDate.day, region: region, service: service)
        }
        let signature = buffer.withUnsafeBytes { key.authenticate(UnsafeRawBufferPointer(rebasing: $0[canonicalEnd...])) }
        return Computation(
            signature: signature,
            signedHeaders: buffer[signedRange],
            canonicalRequest: capture ? Array(buffer[..<canonicalEnd]) : nil,
            stringToSign: capture ? Array(buffer[canonicalEnd...]) : nil
        )
    }
}

extension HTTPField.Name {
    /// `X-Amz-Date`
    public static let xAmzDate = HTTPField.Name("X-Amz-Date")!
    /// `X-Amz-Security-Token`
    public static let xAmzSecurityToken = HTTPField.Name("X-Amz-Security-Token")!
    /// `X-Amz-Content-SHA256`
    public static let xAmzContentSHA256 = HTTPField.Name("X-Amz-Content-SHA256")!
}
