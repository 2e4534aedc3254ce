import DeployAsyncHTTPClient
import DeployConformanceServer
import DeployCore
import DeployTesting
import Testing

@Suite("AsyncHTTPClientTransport conformance")
struct TransportConformanceTests {
    @Test("AsyncHTTPClientTransport keeps the HTTPTransport contract, over real HTTP on loopback")
    func asyncHTTPClient() async throws {
        let server = try await ConformanceServer.start()
        let closed = try await ConformanceServer.start()
        let closedURL = closed.baseURL
        try await closed.stop()
        do {
            try await TransportConformance(
                transport: AsyncHTTPClientTransport.shared, baseURL: server.baseURL, unreachableURL: closedURL + "/echo"
            ).run()
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }
}
