import AsyncHTTPClient
import DeployCore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The default transport: AsyncHTTPClient, keeping the ``/DeployCore/HTTPTransport`` contract (no redirects
/// followed, headers and body bytes sent as given, every status returned as a response).
///
/// Use ``shared`` (a process-wide client that never needs shutting down) or pass your own
/// `HTTPClient`, which must not follow redirects and which you shut down yourself.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The underlying client.
    public let client: HTTPClient
    /// The largest response body read into memory.
    public var maximumResponseBytes: Int

    /// A transport on a process-wide client (singleton event loop group, redirects disallowed,
    /// decompression off). Like `HTTPClient.shared`, it lives as long as the process and is never
    /// shut down.
    public static let shared = AsyncHTTPClientTransport(client: sharedClient)

    private static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A transport on `client`. The client must be configured with
    /// `redirectConfiguration = .disallow` to keep the contract.
    public init(client: HTTPClient, maximumResponseBytes: Int = 64 * 1024 * 1024) {
        self.client = client
        self.maximumResponseBytes = maximumResponseBytes
    }

    public func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        guard let scheme = request.scheme, let authority = request.authority else {
            throw TransportError(.invalidRequest, "the request has no scheme or host")
        }
        var outgoing = HTTPClientRequest(url: "\(scheme)://\(authority)\(request.path ?? "/")")
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headerFields {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        if let body {
            if let bytes = body.bytes {
                outgoing.body = .bytes(ByteBuffer(bytes: bytes))
            } else {
                let length: HTTPClientRequest.Body.Length = body.length.map { .known(Int64($0)) } ?? .unknown
                outgoing.body = .stream(body.chunks.map { ByteBuffer(bytes: $0) }, length: length)
            }
        }
        let timeout = TimeAmount.nanoseconds(
            context.timeout.components.seconds * 1_000_000_000 + context.timeout.components.attoseconds / 1_000_000_000
        )
        do {
            let response = try await client.execute(outgoing, timeout: timeout, logger: context.logger)
            var fields = HTTPFields()
            for (name, value) in response.headers {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            let collected = try await response.body.collect(upTo: maximumResponseBytes)
            return TransportResponse(
                response: HTTPResponse(status: .init(code: Int(response.status.code)), headerFields: fields),
                body: Array(buffer: collected)
            )
        } catch {
            throw Self.translate(error)
        }
    }

    /// Maps AsyncHTTPClient and NIO errors onto ``TransportError`` kinds.
    static func translate(_ error: any Error) -> TransportError {
        if let error = error as? TransportError { return error }
        if error is CancellationError { return TransportError(.cancelled, "the request was cancelled") }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout:
                return TransportError(.timeout, "the request timed out (\(error))", underlying: error)
            case .remoteConnectionClosed:
                return TransportError(.connectionReset, "the server closed the connection before answering", underlying: error)
            case .cancelled, .requestStreamCancelled:
                return TransportError(.cancelled, "the request was cancelled", underlying: error)
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportError(.invalidRequest, "the request is not valid HTTP (\(error))", underlying: error)
            default:
                return TransportError(.other, "HTTP client error: \(error)", underlying: error)
            }
        }
        if let error = error as? NIOConnectionError {
            return TransportError(.connectFailed, "could not connect to \(error.host):\(error.port)", underlying: error)
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH:
                return TransportError(.connectFailed, "could not connect (\(error))", underlying: error)
            case ECONNRESET, EPIPE:
                return TransportError(.connectionReset, "the connection was reset (\(error))", underlying: error)
            default:
                return TransportError(.other, "I/O error: \(error)", underlying: error)
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return TransportError(.timeout, "connecting timed out", underlying: error)
        }
        if let error = error as? NIOHTTPDecoderError {
            return TransportError(.connectionReset, "the response could not be parsed (\(error))", underlying: error)
        }
        return TransportError(.other, "transport failure: \(String(describing: type(of: error)))")
    }
}
