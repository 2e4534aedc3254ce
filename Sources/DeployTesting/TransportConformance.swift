import DeployCore
import DeploySigV4
import Foundation
import HTTPTypes

/// Checks that a transport keeps the ``/DeployCore/HTTPTransport`` contract. Run it in your own tests against
/// your transport and a `ConformanceServer` (product `DeployConformanceServer`):
///
/// ```swift
/// func myTransportConforms() async throws {  // in your tests, with @Test
///     let server = try await ConformanceServer.start()
///     try await TransportConformance(transport: MyTransport(), baseURL: server.baseURL).run()
///     try await server.stop()
/// }
/// ```
///
/// ``run()`` throws ``Violation`` listing every rule broken.
public struct TransportConformance: Sendable {
    /// A broken rule.
    public struct Violation: Error, Sendable, CustomStringConvertible {
        /// Each rule broken, with what was seen.
        public var failures: [String]
        public var description: String { "The transport breaks the HTTPTransport contract:\n- " + failures.joined(separator: "\n- ") }
    }

    let transport: any HTTPTransport
    let baseURL: String
    let unreachableURL: String?

    /// Creates the check.
    /// - Parameters:
    ///   - transport: the transport under test.
    ///   - baseURL: where the conformance routes are served.
    ///   - unreachableURL: a URL nothing listens on (a closed loopback port), to check that a
    ///     refused connection is a ``/DeployCore/TransportError`` of kind `connectFailed`; `nil` skips that rule.
    public init(transport: any HTTPTransport, baseURL: String, unreachableURL: String? = nil) {
        self.transport = transport
        self.baseURL = baseURL
        self.unreachableURL = unreachableURL
    }

    /// Runs every check.
    public func run() async throws {
        var failures: [String] = []
        func check(_ rule: String, _ body: () async throws -> String?) async {
            do {
                if let problem = try await body() { failures.append("\(rule): \(problem)") }
            } catch {
                failures.append("\(rule): unexpected error \(error)")
            }
        }
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let digest = SHA256Hasher.hash(payload).hexString

        await check("headers are sent as given") {
            let echo = try await echo(
                headers: [
                    ("X-Conformance-Spaces", "a  b\tc"), ("X-Repeat", "first"), ("X-Repeat", "second"),
                    (
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                            + "Signature=0"
                    ),
                    ("X-Amz-Date", "20150830T123600Z"),
                ],
                body: nil
            )
            let received = echo.headers.map { (name: $0[0].lowercased(), value: $0[1]) }
            if !received.contains(where: { $0.name == "x-conformance-spaces" && $0.value == "a  b\tc" }) {
                return "X-Conformance-Spaces arrived as \(received.filter { $0.name == "x-conformance-spaces" }.map(\.value))"
            }
            let repeats = received.filter { $0.name == "x-repeat" }.map(\.value)
            if repeats != ["first", "second"] && repeats != ["first, second"] && repeats != ["first,second"] {
                return "repeated X-Repeat arrived as \(repeats)"
            }
            if !received.contains(where: { $0.name == "authorization" && $0.value.hasSuffix("Signature=0") }) {
                return "Authorization did not arrive unchanged"
            }
            return nil
        }
        await check("replayable body bytes are unchanged") {
            let echo = try await echo(headers: [], body: HTTPBody(bytes: payload))
            return echo.bodyLength == payload.count && echo.bodySHA256 == digest
                ? nil : "received \(echo.bodyLength) bytes, SHA-256 \(echo.bodySHA256)"
        }
        await check("streamed body bytes are unchanged") {
            let chunks = stride(from: 0, to: payload.count, by: 65_536).map { Array(payload[$0..<min($0 + 65_536, payload.count)]) }
            let stream = AsyncStream<[UInt8]> { continuation in
                for chunk in chunks { continuation.yield(chunk) }
                continuation.finish()
            }
            let echo = try await echo(headers: [], body: HTTPBody(stream: stream, length: payload.count))
            return echo.bodyLength == payload.count && echo.bodySHA256 == digest
                ? nil : "received \(echo.bodyLength) bytes, SHA-256 \(echo.bodySHA256)"
        }
        await check("redirects are not followed") {
            let response = try await send(path: "/redirect")
            return response.statusCode == 302 ? nil : "got HTTP \(response.statusCode) instead of the 302"
        }
        await check("error statuses are responses") {
            let response = try await send(path: "/status/503")
            return response.statusCode == 503 ? nil : "got HTTP \(response.statusCode)"
        }
        await check("the timeout is honoured") {
            let started = ContinuousClock.now
            do {
                _ = try await send(path: "/slow", timeout: .milliseconds(300))
                return "the slow request returned instead of timing out"
            } catch let error as TransportError {
                let elapsed = ContinuousClock.now - started
                if error.kind != .timeout { return "threw \(error.kind), not timeout" }
                // Generous for a loaded CI machine; a transport ignoring the timeout takes the slow route's 5 s or more.
                return elapsed < .milliseconds(4_500) ? nil : "took \(elapsed) to time out after 300 ms"
            }
        }
        if let unreachableURL {
            await check("a refused connection is connectFailed") {
                do {
                    _ = try await transport.send(
                        try HTTPRequest(method: "GET", url: unreachableURL), body: nil, context: TransportContext(timeout: .seconds(2)))
                    return "the request to \(unreachableURL) succeeded"
                } catch let error as TransportError {
                    return error.kind == .connectFailed ? nil : "threw \(error.kind)"
                }
            }
        }
        if !failures.isEmpty { throw Violation(failures: failures) }
    }

    private func send(
        path: String, headers: [(name: String, value: String)] = [], body: HTTPBody? = nil, timeout: Duration = .seconds(10)
    ) async throws -> TransportResponse {
        let request = try HTTPRequest(method: body == nil ? "GET" : "PUT", url: baseURL + path, headers: headers)
        return try await transport.send(request, body: body, context: TransportContext(timeout: timeout))
    }

    private func echo(headers: [(name: String, value: String)], body: HTTPBody?) async throws -> ConformanceEcho.Echo {
        let response = try await send(path: "/echo", headers: headers, body: body)
        guard response.statusCode == 200 else { throw TransportError(.other, "echo answered HTTP \(response.statusCode)") }
        return try JSONDecoder().decode(ConformanceEcho.Echo.self, from: Data(response.body))
    }
}
