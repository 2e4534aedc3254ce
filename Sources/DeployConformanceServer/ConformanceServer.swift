import DeployLoopback
import DeployTesting

/// A loopback HTTP/1.1 server (127.0.0.1, a free port) that answers the transport conformance
/// routes, for running `TransportConformance` against a real transport.
///
/// ```swift
/// let server = try await ConformanceServer.start()
/// defer { Task { try await server.stop() } }
/// try await TransportConformance(transport: myTransport, baseURL: server.baseURL).run()
/// ```
public final class ConformanceServer: Sendable {
    private let server: LoopbackHTTPServer

    /// The port the server listens on.
    public var port: Int { server.port }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(server: LoopbackHTTPServer) {
        self.server = server
    }

    /// Starts a server on 127.0.0.1 with a free port.
    public static func start() async throws -> ConformanceServer {
        let server = try await LoopbackHTTPServer.start { request in
            let answer = ConformanceEcho.respond(method: request.method, path: request.uri, headers: request.headers, body: request.body)
            if request.uri == "/slow" { try? await Task.sleep(for: ConformanceEcho.slowDelay) }
            return LoopbackResponse(status: answer.status, headers: answer.headers.map { (name: $0.0, value: $0.1) }, body: answer.body)
        }
        return ConformanceServer(server: server)
    }

    /// Stops listening.
    public func stop() async throws {
        await server.stop()
    }
}
