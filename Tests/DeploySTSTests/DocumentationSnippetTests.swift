import DeployAsyncHTTPClient
import DeployCore
import DeploySTS
import DeploySigV4
import DeployTestSupport
import DeployTesting
import Testing

/// The code shown in README.md and Documentation/, compiled and run here so that it stays true.
@Suite("Documentation snippets")
struct DocumentationSnippetTests {
    @Test("Documentation/Testing.md: MockTransport with a throttled first call")
    func testingGuide() async throws {
        let mock = MockTransport()
        mock.on(
            .action("GetCallerIdentity"),
            replies: [
                .throttling(protocol: .query),
                .queryResult("GetCallerIdentity", "<Arn>arn:aws:iam::123456789012:user/ci</Arn><Account>123456789012</Account>"),
            ])
        let configuration = try AWSConfiguration(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "test")),
            transport: mock,
            retryPolicy: RetryPolicy(sleep: { _ in })
        )
        let identity = try await STSClient(configuration: configuration).callerIdentity()
        #expect(identity.arn == "arn:aws:iam::123456789012:user/ci")
        #expect(mock.requests.count == 2)
    }
}
