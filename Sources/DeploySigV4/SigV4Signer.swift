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
            memo = SigningMemo()
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
        /// Whether the token needs no whitespace folding when signed (true of every STS token).
        var tokenIsFolded: Bool
        var authorizationPrefix: String

        init(_ credentials: Credentials) {
            token = credentials.sessionToken.map { HTTPField(name: .xAmzSecurityToken, value: $0) }
            tokenIsFolded = token.map { Canonical.isFolded($0.value) } ?? false
            // Checked as a field value once here, so that each signature needs only the lenient check.
            authorizationPrefix =
                HTTPField(
                    name: .authorization, value: "\(SigV4Signer.algorithm) Credential=\(credentials.accessKeyID)/"
                ).value
        }
    }

    private var credentialFields: CredentialFields

    private var memo = SigningMemo()
    /// `/region/service/aws4_request`: the credential scope after the day.
    private let scopeTail: [UInt8]

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
        self.scopeTail = Array("/\(region)/\(service)/aws4_request".utf8)
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
    public func signingDetails(
        for request: HTTPRequest, payload: Payload = .empty, date: Date = Date()
    ) throws(SigV4Error) -> (request: HTTPRequest, details: SigningDetails) {
        let signed = try signWithDetails(request, payload: payload, date: date, capture: true)
        return (signed.request, signed.details!)
    }

    private func signWithDetails(_ request: HTTPRequest, payload: Payload, date: Date, capture: Bool) throws(SigV4Error) -> SignedRequest {
        let dated = memo.dated(second: AMZDate.second(of: date))
        let amzDate = dated.date
        let (path, query) = try target(of: request)
        let contentHash = options.signsContentSHA256Header ? payload.canonicalValue : nil

        let fieldCount = request.headerFields.count
        let collected = signableHeaders(of: request, replacingSignatureFields: true, replacingContentHash: contentHash != nil)
        var headers = collected.headers
        var signed = request
        if collected.replaces {
            signed.headerFields[.authorization] = nil
            signed.headerFields[.xAmzDate] = nil
            signed.headerFields[.xAmzSecurityToken] = nil
            if contentHash != nil { signed.headerFields[.xAmzContentSHA256] = nil }
        }
        signed.headerFields.reserveCapacity(signed.headerFields.count + 4)
        signed.headerFields.append(dated.field)
        headers.append(.init(name: "x-amz-date", value: amzDate.timestamp, order: fieldCount, isFolded: true))
        if let tokenField = credentialFields.token {
            signed.headerFields.append(tokenField)
            headers.append(
                .init(name: "x-amz-security-token", value: tokenField.value, order: fieldCount, isFolded: credentialFields.tokenIsFolded)
            )
        }
        if let contentHash {
            signed.headerFields.append(HTTPField(name: .xAmzContentSHA256, value: contentHash))
            headers.append(.init(name: "x-amz-content-sha256", value: contentHash, order: fieldCount, isFolded: true))
        }
        Canonical.sort(&headers)

        let result = computeSignature(
            method: signed.method.rawValue, path: path, query: Canonical.queryPairs(query), headers: headers,
            payload: payload, amzDate: amzDate, capture: capture
        )
        let authorization = authorizationField(day: amzDate.day, signedHeaders: result.signedHeaders, signature: result.signature)
        signed.headerFields.append(authorization)
        return SignedRequest(
            request: signed, details: capture ? result.details(authorization: authorization.value, token: credentials.sessionToken) : nil
        )
    }

    /// `AWS4-HMAC-SHA256 Credential=…/scope, SignedHeaders=…, Signature=…`, assembled in one
    /// stack buffer. Its parts are checked already (the credential prefix once per signer; the
    /// rest is digits, header names and hex), so the field takes the lenient check, which only
    /// turns NUL, CR and LF into spaces.
    private func authorizationField(day: Substring, signedHeaders: ArraySlice<UInt8>, signature: SHA256Digest) -> HTTPField {
        let prefix = credentialFields.authorizationPrefix
        let middle = ", SignedHeaders="
        let last = ", Signature="
        let length =
            prefix.utf8.count + day.utf8.count + scopeTail.count + middle.utf8.count + signedHeaders.count
            + last.utf8.count + 64
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { out in
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
            write(day.utf8)
            write(scopeTail)
            write(middle.utf8)
            write(signedHeaders)
            write(last.utf8)
            signature.withUnsafeBytes { digest in
                Hex.write(digest, into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[offset...]))
            }
            return HTTPField(name: .authorization, lenientValue: UnsafeBufferPointer(rebasing: out[..<(offset + 64)]))
        }
    }

    // MARK: Query signing (presigned URLs)

    /// A URL that performs `request` without further credentials until it expires.
    ///
    /// - Parameters:
    ///   - request: the request to presign: method, scheme, authority, path and query.
    ///   - date: the signing time; the URL works from then until `expiresIn` later.
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
        var headers = signableHeaders(of: unsigned, replacingSignatureFields: false).headers
        Canonical.sort(&headers)

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
        return PresignedURL(
            url: String(decoding: url, as: UTF8.self), details: result.details(authorization: nil, token: credentials.sessionToken)
        )
    }

    // MARK: Shared steps

    private func encoded(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        PercentEncoding.encode(bytes, keepSlash: false, to: &out)
        return out
    }

    private func appendScope(day: Substring, to buffer: inout [UInt8]) {
        Canonical.appendUTF8(day, to: &buffer)
        buffer.append(contentsOf: scopeTail)
    }

    private func target(of request: HTTPRequest) throws(SigV4Error) -> (Substring, Substring?) {
        guard let authority = request.authority, !authority.isEmpty else {
            throw SigV4Error(.missingAuthority, "the request has no host: set its authority (for example lambda.us-east-1.amazonaws.com)")
        }
        return Canonical.split(target: request.path ?? "/")
    }

    /// One pass over the request's fields: the headers to sign (unsorted), `host` added when the
    /// request names none. With `replacingSignatureFields`, the fields the signature sets itself
    /// are left out, and `replaces` says whether there were any (a request signed again, on a
    /// retry); otherwise they are signed as they are (a presigned URL signs what it is given).
    private func signableHeaders(
        of request: HTTPRequest, replacingSignatureFields: Bool, replacingContentHash: Bool = false
    ) -> (headers: [Canonical.Header], replaces: Bool) {
        var headers: [Canonical.Header] = []
        headers.reserveCapacity(request.headerFields.count + 4)
        var replaces = false
        var hasHost = false
        for (order, field) in request.headerFields.enumerated() {
            let name = field.name.canonicalName
            switch Canonical.role(ofHeader: name, replacingContentHash: replacingContentHash) {
            case .unsigned: continue
            case .replaced where replacingSignatureFields:
                replaces = true
                continue
            case .replaced where Canonical.isUnsigned(name): continue
            case .host: hasHost = true
            case .signed, .replaced: break
            }
            headers.append(.init(name: name, value: field.value, order: order))
        }
        if !hasHost {
            headers.append(.init(name: "host", value: Self.host(of: request), order: -1))
        }
        return (headers, replaces)
    }

    /// The authority with the scheme's default port dropped.
    static func host(of request: HTTPRequest) -> String {
        let authority = request.authority ?? ""
        // Most hosts carry no port: nothing to drop unless the authority ends in a digit.
        guard let last = authority.utf8.last, last >= UInt8(ascii: "0"), last <= UInt8(ascii: "9"),
            let scheme = request.scheme
        else { return authority }
        let defaultPort: String
        if scheme.utf8.count == 5, scheme.lowercased() == "https" {
            defaultPort = ":443"
        } else if scheme.utf8.count == 4, scheme.lowercased() == "http" {
            defaultPort = ":80"
        } else {
            return authority
        }
        let utf8 = authority.utf8
        guard utf8.count > defaultPort.utf8.count, utf8.suffix(defaultPort.utf8.count).elementsEqual(defaultPort.utf8) else {
            return authority
        }
        return String(Substring(utf8.dropLast(defaultPort.utf8.count)))
    }

    struct Computation {
        var signature: SHA256Digest
        var signedHeaders: ArraySlice<UInt8>
        var canonicalRequest: [UInt8]?
        var stringToSign: [UInt8]?

        /// The details, with the session token (as a header value or percent-encoded in the query)
        /// shown as `<redacted, N bytes>`: they are for logs and bug reports.
        func details(authorization: String?, token: String?) -> SigningDetails {
            var canonical = canonicalRequest.map { String(decoding: $0, as: UTF8.self) } ?? ""
            if let token, !token.isEmpty {
                canonical = SigV4Signer.redactingToken(canonical, marker: "<redacted, \(token.utf8.count) bytes>")
            }
            return SigningDetails(
                canonicalRequest: canonical,
                stringToSign: stringToSign.map { String(decoding: $0, as: UTF8.self) } ?? "",
                signedHeaders: String(decoding: signedHeaders, as: UTF8.self),
                signature: signature.hexString,
                authorization: authorization
            )
        }
    }

    /// `canonical` with the value of its `x-amz-security-token` header line and of its
    /// `X-Amz-Security-Token` query parameter replaced by `marker`.
    static func redactingToken(_ canonical: String, marker: String) -> String {
        var lines = canonical.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            if lines[index].hasPrefix("x-amz-security-token:") {
                lines[index] = "x-amz-security-token:" + marker
            } else if index == 2 {
                lines[index] = lines[index].split(separator: "&", omittingEmptySubsequences: false).map { pair in
                    pair.hasPrefix("X-Amz-Security-Token=") ? "X-Amz-Security-Token=" + marker : String(pair)
                }.joined(separator: "&")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Builds the canonical request and the string to sign in one buffer, and signs.
    private func computeSignature(
        method: String, path: Substring, query: [Canonical.QueryPair], headers: [Canonical.Header],
        payload: Payload, amzDate: AMZDate, capture: Bool
    ) -> Computation {
        var capacity = 256 + path.utf8.count * 3
        for index in headers.indices { capacity += headers[index].length * 2 + headers[index].value.utf8.count + 2 }
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

        let key = memo.key(day: amzDate.dayNumber) {
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

extension SigV4Signer: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The scope and the access key id; never the secret or the session token.
    public var description: String {
        "SigV4Signer(accessKeyID: \(credentials.accessKeyID), region: \(region), service: \(service)"
            + (credentials.sessionToken == nil ? ")" : ", sessionToken: \(Credentials.redactionMarker))")
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["credentials": credentials, "region": region, "service": service], displayStyle: .struct)
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
