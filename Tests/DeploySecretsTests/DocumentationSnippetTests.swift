import DeployCore
import DeploySecrets
import DeploySigV4
import DeployTesting
import Testing

/// The code in Documentation/Secrets.md, on MockTransport.
@Suite("Secrets guide")
struct SecretsGuideTests {
    @Test("client, cache and references as the guide shows them")
    func guide() async throws {
        let mock = MockTransport()
        let current =
            #"{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:gitlab/deploy/db-AbCdEf","Name":"gitlab/deploy/db","#
            + #""VersionId":"v2","VersionStages":["AWSCURRENT"],"SecretString":"{\"password\":\"p2\"}"}"#
        mock.on(
            .target("secretsmanager.CreateSecret"),
            reply: .json(
                #"{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:gitlab/deploy/db-AbCdEf","Name":"gitlab/deploy/db","#
                    + #""VersionId":"v1"}"#
            ))
        mock.on(
            .target("secretsmanager.GetSecretValue"),
            reply: .handler { request in
                let body = String(decoding: request.body, as: UTF8.self)
                let text = body.contains("AWSPREVIOUS") ? current.replacingOccurrences(of: "p2", with: "p1") : current
                return TransportResponse(response: .init(status: .ok), body: Array(text.utf8))
            })
        mock.on(
            .target("secretsmanager.ListSecrets"),
            replies: [
                .json(#"{"SecretList":[{"ARN":"a1","Name":"gitlab/deploy/db"}],"NextToken":"t1"}"#),
                .json(#"{"SecretList":[{"ARN":"a2","Name":"prod/db"}]}"#),
            ])
        let configuration = try AWSConfiguration(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "test")),
            transport: mock, environment: [:]
        )

        let secrets = SecretsManagerClient(configuration: configuration)
        try await secrets.createSecret(name: "gitlab/deploy/db", value: SecretBytes(#"{"password":"…"}"#))
        let currentValue = try await secrets.secretValue("gitlab/deploy/db")
        let previous = try await secrets.secretValue("gitlab/deploy/db", version: .previous)
        var names: [String] = []
        for try await secret in secrets.listSecrets() { names.append(secret.name) }

        let cache = SecretCache(client: secrets)
        let password = try await cache.secret("gitlab/deploy/db", jsonKey: "password")
        let reference = SecretReference("${ssm:/aws/reference/secretsmanager/gitlab/deploy/db:password}")!
        let value = try await cache.resolve(reference)

        #expect(try currentValue.value.value(forKey: "password").revealString() == "p2")
        #expect(try previous.value.value(forKey: "password").revealString() == "p1")
        #expect(names == ["gitlab/deploy/db", "prod/db"])
        #expect(password.revealString() == "p2")
        #expect(value == password)
        let create = try #require(mock.requests(matching: .target("secretsmanager.CreateSecret")).first)
        #expect(String(decoding: create.body, as: UTF8.self).contains("\"ClientRequestToken\""), "an idempotency token, as SDKs send")
    }
}
