import DeployAsyncHTTPClient
import DeployCore
import DeployLoopback
import Foundation
import HTTPTypes
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The loopback server's limits: what a hostile page or a runaway client can send it.
@Suite("Loopback server limits")
struct LoopbackLimitTests {
    static func server(_ limits: LoopbackLimits = LoopbackLimits()) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer.start(limits: limits) { request in .json(200, #"{"bytes":\#(request.body.count)}"#) }
    }

    static func send(_ port: Int, method: HTTPRequest.Method = .post, body: [UInt8]? = nil) async throws -> TransportResponse {
        let request = HTTPRequest(method: method, url: URL(string: "http://127.0.0.1:\(port)/upload")!)
        return try await AsyncHTTPClientTransport.shared.send(
            request, body: body.map { HTTPBody(bytes: $0) }, context: TransportContext(timeout: .seconds(30)))
    }

    /// Connects, writes `text`, and reads until the server closes; the seconds it took.
    static func rawExchange(_ port: Int, _ text: String) async throws -> (answer: String, seconds: Double) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                let started = Date()
                let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                guard connected == 0 else {
                    continuation.resume(throwing: POSIXError(.ECONNREFUSED))
                    return
                }
                var timeout = timeval(tv_sec: 20, tv_usec: 0)
                setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                _ = text.withCString { Glibc.send(socket, $0, strlen($0), 0) }
                var answer = [UInt8]()
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = Glibc.recv(socket, &buffer, buffer.count, 0)
                    if count <= 0 { break }
                    answer += buffer[0..<count]
                }
                Glibc.close(socket)
                continuation.resume(returning: (String(decoding: answer, as: UTF8.self), Date().timeIntervalSince(started)))
            }.start()
        }
    }

    @Test("a body over the limit is refused with 413 before the handler sees it; one under passes")
    func bodyLimit() async throws {
        let server = try await Self.server(LoopbackLimits(maximumBodyBytes: 1024 * 1024))
        defer { Task { await server.stop() } }
        let small = try await Self.send(server.port, body: [UInt8](repeating: 1, count: 1000))
        #expect(small.statusCode == 200 && String(decoding: small.body, as: UTF8.self) == #"{"bytes":1000}"#)
        let big = try await Self.send(server.port, body: [UInt8](repeating: 1, count: 3 * 1024 * 1024))
        #expect(big.statusCode == 413)
    }

    @Test("a half-sent request head is dropped after the request timeout, not kept open")
    func slowHead() async throws {
        let server = try await Self.server(LoopbackLimits(requestTimeout: .milliseconds(500)))
        defer { Task { await server.stop() } }
        let (answer, seconds) = try await Self.rawExchange(server.port, "GET /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        #expect(answer.isEmpty)
        #expect(seconds < 10, "closed after \(seconds) s")
    }

    @Test(
        "a Host that is not a loopback name (DNS rebinding) is refused with 421",
        arguments: [
            ("evil.example.com", false), ("127.0.0.1:8080", true), ("localhost", true), ("[::1]:9000", true), ("127.0.0.1.evil.com", false),
        ])
    func hostCheck(_ host: String, allowed: Bool) async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let (answer, _) = try await Self.rawExchange(server.port, "GET /upload HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
        #expect(answer.hasPrefix(allowed ? "HTTP/1.1 200" : "HTTP/1.1 421"), "\(answer.prefix(40))")
    }
}
