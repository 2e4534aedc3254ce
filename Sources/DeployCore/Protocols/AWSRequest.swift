import DeploySigV4
import Foundation
import HTTPTypes

/// One API call, encoded for the wire but not yet addressed or signed: method, path, query,
/// headers and body. Build it with one of the protocol constructors: ``query(action:version:parameters:)``,
/// ``json(target:version:body:)`` or ``restJSON(method:path:labels:query:headers:body:)``.
public struct AWSRequest: Sendable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path, percent-encoded, starting with `/`.
    public var path: String
    /// Query parameters, not yet encoded.
    public var query: [(name: String, value: String)]
    /// Header fields (without host, date and authorization: the client adds them).
    public var headers: HTTPFields
    /// The body, if any.
    public var body: HTTPBody?
    /// The SHA-256 of a streamed body, computed beforehand (a stream cannot be hashed twice).
    public var bodyDigest: SHA256Digest?
    /// Whether sending the request twice does no more than sending it once, so that it may be sent
    /// again when the first attempt's outcome is unknown (a reset or a timeout after it left):
    /// `true` for a write that carries an idempotency token (`ClientRequestToken`); `nil` to judge
    /// by the operation's name (``RetryPolicy/isIdempotent(operation:)``).
    public var isIdempotent: Bool?
    /// Labels put before the endpoint's host (`my-bucket.` for S3's virtual-hosted addressing).
    public var hostPrefix: String?

    /// Creates a request.
    public init(
        method: HTTPRequest.Method, path: String = "/", query: [(name: String, value: String)] = [], headers: HTTPFields = [:],
        body: HTTPBody? = nil, bodyDigest: SHA256Digest? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.bodyDigest = bodyDigest
    }

    /// The encoded query string (without `?`), parameters in the order given.
    var encodedQuery: String {
        query.map { "\(AWSRequest.encode($0.name))=\(AWSRequest.encode($0.value))" }.joined(separator: "&")
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters (the signer's encoder).
    public static func encode(_ text: String) -> String {
        URIEncoding.encode(text)
    }
}

extension HTTPField.Name {
    /// `X-Amz-Target`
    public static let xAmzTarget = HTTPField.Name("X-Amz-Target")!
    /// `X-Amzn-ErrorType`
    public static let xAmznErrorType = HTTPField.Name("X-Amzn-ErrorType")!
    /// `X-Amzn-RequestId`
    public static let xAmznRequestID = HTTPField.Name("X-Amzn-RequestId")!
    /// `X-Amz-Request-Id`
    public static let xAmzRequestID = HTTPField.Name("X-Amz-Request-Id")!
}
