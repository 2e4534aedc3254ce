import DeployAsyncHTTPClient
import DeployCore
import DeployTesting
import Foundation
import Testing

@Suite("Transport conformance")
struct TransportConformanceTests {
    @Test("MockTransport keeps the HTTPTransport contract")
    func mock() async throws {
        try await TransportConformance(transport: MockTransport.conformanceMock(), baseURL: "http://mock.invalid").run()
    }

    @Test("AsyncHTTPClientTransport keeps the HTTPTransport contract, over real HTTP on loopback")
    func asyncHTTPClient() async throws {
        let server = try await ConformanceServer.start()
        let closed = try await ConformanceServer.start()
        let closedURL = closed.baseURL
        try await closed.stop()
        do {
            try await TransportConformance(transport: AsyncHTTPClientTransport.shared, baseURL: server.baseURL, unreachableURL: closedURL + "/echo").run()
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test("a transport that breaks the contract is caught")
    func violationsAreReported() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .json(#"{"method":"GET","path":"/","headers":[],"bodyLength":0,"bodySHA256":""}"#))
        let violation = try await #require(throws: TransportConformance.Violation.self) {
            try await TransportConformance(transport: mock, baseURL: "http://mock.invalid").run()
        }
        #expect(violation.failures.contains { $0.hasPrefix("headers are sent as given") })
        #expect(violation.failures.contains { $0.hasPrefix("redirects are not followed") })
        #expect(violation.failures.contains { $0.hasPrefix("the timeout is honoured") })
    }
}
