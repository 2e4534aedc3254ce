import HTTPTypes
import Logging

/// Sends one HTTP request and returns the response: the seam between the AWS clients and the
/// network.
///
/// The library ships two implementations: `AsyncHTTPClientTransport` (module
/// `DeployAsyncHTTPClient`) for real traffic and `MockTransport` (module `DeployTesting`) for
/// tests. Write your own to route requests through another HTTP stack, a proxy, or a recorder.
///
/// # The contract
///
/// Every implementation must keep these rules; `TransportConformance` in `DeployTesting` checks
/// them against any transport, so run it in your own tests:
///
/// 1. **Headers are sent as given.** The request is already signed with SigV4: adding, removing,
///    reordering values within a name, or rewriting any header that is listed in the signature
///    makes AWS answer `SignatureDoesNotMatch`. A transport may add `Content-Length` or
///    `Transfer-Encoding`, and connection-management headers, which are never signed.
/// 2. **Body bytes are unchanged.** No compression, no re-encoding, no trimming: the payload
///    hash was computed over exactly these bytes.
/// 3. **Redirects are not followed.** A 3xx response is returned as it is; the client decides.
/// 4. **Every status is a response.** 4xx and 5xx come back as ``TransportResponse`` values,
///    not errors. Only failures to get a response at all throw, as ``TransportError``, whose
///    ``TransportError/Kind`` says whether the failure happened before the request could have
///    reached the server (safe to retry) or after.
/// 5. **The timeout is honoured.** ``TransportContext/timeout`` bounds the whole exchange; when it
///    passes, the call throws ``TransportError`` of kind ``TransportError/Kind/timeout``.
/// 6. **Cancellation is honoured.** When the calling task is cancelled the call ends promptly.
/// 7. **A streamed body is read once.** ``HTTPBody/isReplayable`` is `false` for a one-shot
///    stream; a transport must not try to read it twice.
///
/// A test transport, for illustration:
/// ```swift
/// struct TeapotTransport: HTTPTransport {
///     func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
///         TransportResponse(response: HTTPResponse(status: 418), body: Array("short and stout".utf8))
///     }
/// }
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends `request` (absolute: its scheme and authority are set) with `body`, and returns the
    /// response whatever its status.
    func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse
}

/// What a transport needs to know about one exchange besides the request.
public struct TransportContext: Sendable {
    /// The longest the whole exchange may take.
    public var timeout: Duration
    /// Where the transport logs (at `debug` and `trace` only; never a header value).
    public var logger: Logger

    /// Creates a context.
    public init(timeout: Duration = .seconds(60), logger: Logger = Logger(label: "LambdaDeployKit.transport")) {
        self.timeout = timeout
        self.logger = logger
    }
}

/// A response: the status and headers, and the whole body.
public struct TransportResponse: Sendable {
    /// Status and header fields.
    public var response: HTTPResponse
    /// The body's bytes (empty when there is none).
    public var body: [UInt8]

    /// Creates a response.
    public init(response: HTTPResponse, body: [UInt8] = []) {
        self.response = response
        self.body = body
    }

    /// The HTTP status code.
    public var statusCode: Int { response.status.code }
}
