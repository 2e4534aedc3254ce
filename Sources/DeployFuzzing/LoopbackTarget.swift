import DeployLoopback
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// Bytes from a client of the local servers, through the same pipeline the server configures.
enum LoopbackTarget {
    static func run(_ bytes: [UInt8]) {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        let screen = Screen()
        do {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(screen)
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            return
        }
        while (try? channel.readOutbound(as: ByteBuffer.self)) != nil {}
    }

    /// What the server does with each part before its handler runs: refuse by the head, bound the
    /// body, and read the request's path, query and headers.
    final class Screen: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        let limits = LoopbackLimits(maximumBodyBytes: 64 * 1024)
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = limits.refusal(of: head) == nil ? head : nil
                body = []
            case .body(var buffer):
                guard head != nil, body.count + buffer.readableBytes <= limits.maximumBodyBytes else {
                    head = nil
                    return
                }
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                let request = LoopbackRequest(
                    method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body,
                    remoteAddress: nil)
                _ = (request.path, request.query, request.header("content-type"))
                self.head = nil
            }
        }
    }
}
