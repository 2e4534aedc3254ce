import DeploySigV4
import DeployTestSupport
import DeployTesting
import Testing

@testable import DeployCore

@Suite("One signer per client and credentials")
struct SignerReuseTests {
    @Test("a client signs every call with one signer while its credentials stay the same, and a new one when they change")
    func reuse() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .json("{}"))
        let client = AWSClient(service: Fixtures.lambdaLike, configuration: try Fixtures.configuration(mock))
        for _ in 0..<5 { _ = try await client.send(AWSRequest(method: .get, path: "/items"), operation: "Get") }
        #expect(client.signers.made == 1)
        let other = Credentials(accessKeyID: "AKIDOTHER", secretAccessKey: "other-secret")
        _ = try await client.send(AWSRequest(method: .get, path: "/items"), operation: "Get", authentication: .signed(with: other))
        _ = try await client.send(AWSRequest(method: .get, path: "/items"), operation: "Get", authentication: .signed(with: other))
        #expect(client.signers.made == 2)
        _ = try await client.send(AWSRequest(method: .get, path: "/items"), operation: "Get")
        #expect(client.signers.made == 3)
        #expect(mock.requests.count == 8)
        #expect(mock.requests.allSatisfy { $0.request.headerFields[.authorization]?.hasPrefix("AWS4-HMAC-SHA256 Credential=") == true })
    }

    @Test("an endpoint override that is not a URL is reported by the configuration, naming the variable")
    func badOverride() throws {
        let error = #expect(throws: EndpointError.self) {
            try AWSConfiguration(
                region: "us-east-1", credentialProvider: StaticCredentialProvider(Fixtures.keys), transport: MockTransport(),
                environment: ["AWS_ENDPOINT_URL_LAMBDA": "127.0.0.1:5000"]
            )
        }
        #expect(error?.message.hasPrefix("AWS_ENDPOINT_URL_LAMBDA: ") == true)
        #expect(error?.message.contains("http://") == true)
    }

    @Test("an environment changed after the configuration was made fails the first call, not the client's creation")
    func lateBadOverride() async throws {
        var configuration = try Fixtures.configuration(MockTransport())
        configuration.environment["AWS_ENDPOINT_URL"] = "no-scheme"
        let client = AWSClient(service: Fixtures.lambdaLike, configuration: configuration)
        #expect(throws: EndpointError.self) { try client.endpoint }
        await #expect(throws: EndpointError.self) { _ = try await client.send(AWSRequest(method: .get), operation: "Get") }
    }
}
