import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP/1.1 server (127.0.0.1, a free port) that answers the transport conformance
/// routes, for running ``TransportConformance`` against a real transport.
///
/// ```swift
/// let server = try await ConformanceServer.start()
/// defer { Task { try await server.stop() } }
/// try await TransportConformance(transport: myTransport, baseURL: server.baseURL).run()
/// ```
public final class ConformanceServer: Sendable {
    private let channel: any Channel
    /// The port the server listens on.
    public let port: Int

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Starts a server on 127.0.0.1 with a free port.
    public static func start() async throws -> ConformanceServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(EchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ConformanceServer(channel: channel, port: channel.localAddress?.port ?? 0)
    }

    /// Stops listening.
    public func stop() async throws {
        try await channel.close().get()
    }
}

private final class EchoHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let answer = ConformanceEcho.respond(
                method: head.method.rawValue, path: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body
            )
            let write = { [self] in
                var headers = HTTPHeaders(answer.headers)
                headers.add(name: "Content-Length", value: String(answer.body.count))
                context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: answer.status), headers: headers))), promise: nil)
                context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: answer.body)))), promise: nil)
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
            }
            if head.uri == "/slow" {
                let seconds = ConformanceEcho.slowDelay.components.seconds
                let bound = NIOLoopBound(write, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .seconds(seconds)) { bound.value() }
            } else {
                write()
            }
        }
    }
}
