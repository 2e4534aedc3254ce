// A loopback HTTP/1.1 server shared by DeployLocal (the Runtime API and the local gateway) and
// DeployConformanceServer. Package-internal: not a product.
import DeployCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One request to a loopback server, read whole.
package struct LoopbackRequest: Sendable {
    package var method: String
    /// The target as sent: path and query.
    package var uri: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    package var remoteAddress: String?

    package init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8], remoteAddress: String?) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The path, percent-decoded, without the query.
    package var path: String {
        let raw = uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri
        return raw.removingPercentEncoding ?? raw
    }

    /// The query's parameters in order, decoded.
    package var query: [(name: String, value: String)] {
        guard let mark = uri.firstIndex(of: "?") else { return [] }
        return FormEncoding.decode(String(uri[uri.index(after: mark)...]))
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The answer to a ``LoopbackRequest``.
package struct LoopbackResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> LoopbackResponse {
        LoopbackResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers.map { (name: $0.0, value: $0.1) },
            body: Array(text.utf8))
    }
}

/// What a loopback server accepts. A request over a limit is answered (413, 431 by NIO's
/// decoder, 421) and its connection closed, before the handler sees it.
package struct LoopbackLimits: Sendable {
    /// The largest request body (API Gateway's payload limit is 10 MB).
    package var maximumBodyBytes: Int
    /// How long a connection may take to deliver a whole request, from when it is ready for one
    /// (accepted, or its previous response sent): a half-sent head or body is dropped after it.
    package var requestTimeout: TimeAmount
    /// Whether the `Host` header must name a loopback host (`127.0.0.1`, `localhost`, `[::1]`), so
    /// that a web page cannot reach the server through DNS rebinding.
    package var requiresLoopbackHost: Bool

    package init(maximumBodyBytes: Int = 10 * 1024 * 1024, requestTimeout: TimeAmount = .seconds(30), requiresLoopbackHost: Bool = true) {
        self.maximumBodyBytes = maximumBodyBytes
        self.requestTimeout = requestTimeout
        self.requiresLoopbackHost = requiresLoopbackHost
    }

    /// Whether `host` (a `Host` header value) names this machine's loopback interface.
    /// Why a request with `head` is refused before its body is read (`421` for a `Host` that is
    /// not a loopback name, `413` for a declared body over the limit), or `nil`.
    package func refusal(of head: HTTPRequestHead) -> (status: HTTPResponseStatus, message: String)? {
        if requiresLoopbackHost, !(head.headers.first(name: "Host").map(Self.isLoopback) ?? false) {
            return (.misdirectedRequest, "the Host header must name 127.0.0.1, localhost or [::1]")
        }
        if let length = head.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBodyBytes {
            return (.payloadTooLarge, "the body is larger than \(maximumBodyBytes) bytes")
        }
        return nil
    }

    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") {
            name = String(name.prefix { $0 != "]" }.dropFirst())
        } else if let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        if name == "localhost" || name == "::1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// An HTTP/1.1 server on 127.0.0.1 with a free port; each request is answered by an async handler
/// (which may wait, as the Runtime API's `next` does until an invocation arrives), within
/// ``LoopbackLimits``.
package final class LoopbackHTTPServer: Sendable {
    package typealias Handler = @Sendable (LoopbackRequest) async -> LoopbackResponse

    private let channel: any Channel
    private let connections: Connections
    package let port: Int

    private init(channel: any Channel, connections: Connections, port: Int) {
        self.channel = channel
        self.connections = connections
        self.port = port
    }

    package static func start(limits: LoopbackLimits = LoopbackLimits(), _ handler: @escaping Handler) async throws -> LoopbackHTTPServer {
        let connections = Connections()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(RequestHandler(handler: handler, limits: limits))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return LoopbackHTTPServer(channel: channel, connections: connections, port: channel.localAddress?.port ?? 0)
    }

    /// Stops listening and closes every open connection (a client's kept-alive one included).
    package func stop() async {
        try? await channel.close().get()
        for connection in connections.drain() { try? await connection.close().get() }
    }
}

/// The open connections, so that stopping closes them too.
private final class Connections: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        channels.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in _ = self?.channels.withLock { $0.removeValue(forKey: id) } }
    }

    func drain() -> [any Channel] {
        channels.withLock { channels in
            defer { channels.removeAll() }
            return Array(channels.values)
        }
    }
}

private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: LoopbackHTTPServer.Handler
    let limits: LoopbackLimits
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// Set once a request was refused: the rest of it is ignored and the connection closes.
    private var refused = false
    /// Closes the connection if a whole request has not arrived in time.
    private var deadline: Scheduled<Void>?

    init(handler: @escaping LoopbackHTTPServer.Handler, limits: LoopbackLimits) {
        self.handler = handler
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armDeadline(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armDeadline(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    private func armDeadline(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: limits.requestTimeout) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            refused = false
            if let refusal = limits.refusal(of: head) {
                refuse(context, status: refusal.status, message: refusal.message, version: head.version)
            }
        case .body(var buffer):
            guard !refused else { return }
            if body.count + buffer.readableBytes > limits.maximumBodyBytes {
                refuse(
                    context, status: .payloadTooLarge, message: "the body is larger than \(limits.maximumBodyBytes) bytes",
                    version: head?.version ?? .http1_1)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head, !refused else { return }
            deadline?.cancel()
            let request = LoopbackRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                body: body, remoteAddress: context.remoteAddress?.ipAddress)
            body = []
            let keepAlive = head.isKeepAlive
            let version = head.version
            let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
            let handler = self.handler
            let eventLoop = context.eventLoop
            Task {
                let response = await handler(request)
                eventLoop.execute {
                    let (context, this) = bound.value
                    var headers = HTTPHeaders(response.headers)
                    headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                    if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
                    context.write(
                        this.wrapOutboundOut(
                            .head(HTTPResponseHead(version: version, status: .init(statusCode: response.status), headers: headers))),
                        promise: nil)
                    context.write(this.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
                    context.writeAndFlush(this.wrapOutboundOut(.end(nil))).whenComplete { _ in
                        if keepAlive { this.armDeadline(context) } else { context.close(promise: nil) }
                    }
                }
            }
        }
    }

    /// Answers `status` at once (the handler never sees the request) and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, status: HTTPResponseStatus, message: String, version: HTTPVersion) {
        refused = true
        body = []
        deadline?.cancel()
        let text = Array(#"{"message":"\#(message)"}"#.utf8)
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close")])
        headers.add(name: "Content-Length", value: String(text.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
