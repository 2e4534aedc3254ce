import DeployCore
import DeploySecrets
import DeployTestSupport
import Testing

/// Every operation of the Secrets Manager client: our request (method, canonical URI and query, member
/// headers, body) against botocore's for the same input.
@Suite("Secrets Manager requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct SecretsRequestShapeTests {
    static let cases: [OperationCase] = [
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "GetSecretValue", note: "JSON 1.1, X-Amz-Target",
            parameters: #"{"SecretId":"prod/db","VersionStage":"AWSPREVIOUS"}"#
        ) { _ = try await SecretsManagerClient(configuration: $0).secretValue("prod/db", version: .previous) },
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "BatchGetSecretValue",
            parameters: Botocore.json(["SecretIdList": ["a", "b"]])
        ) {
            _ = try await SecretsManagerClient(configuration: $0).secretValues(["a", "b"])
        },
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "DescribeSecret",
            parameters: Botocore.json(["SecretId": "prod/db"])
        ) { _ = try await SecretsManagerClient(configuration: $0).describeSecret("prod/db") },
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "ListSecrets", parameters: Botocore.json(["MaxResults": 5])
        ) { _ = try await SecretsManagerClient(configuration: $0).listSecrets(pageSize: 5).collect() },
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "CreateSecret",
            parameters: Botocore.json([
                "Name": "prod/db", "SecretString": "{\"p\":1}", "Description": "d", "Tags": [["Key": "team", "Value": "ci"]],
            ])
        ) {
            try await SecretsManagerClient(configuration: $0).createSecret(
                name: "prod/db", value: SecretBytes("{\"p\":1}"), description: "d", tags: ["team": "ci"])
        },
        // botocore base64-encodes a blob given as text; the same bytes go to ours.
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "PutSecretValue",
            parameters: Botocore.json(["SecretId": "prod/db", "SecretBinary": "bin"])
        ) {
            try await SecretsManagerClient(configuration: $0).putSecretValue(
                "prod/db", value: SecretBytes(Array("bin".utf8)), encoding: .binary)
        },
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "UpdateSecret",
            parameters: Botocore.json(["SecretId": "prod/db", "SecretString": "x", "Description": "d"])
        ) {
            try await SecretsManagerClient(configuration: $0).updateSecret("prod/db", value: SecretBytes("x"), description: "d")
        },
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "DeleteSecret",
            parameters: Botocore.json(["SecretId": "prod/db", "RecoveryWindowInDays": 7])
        ) {
            try await SecretsManagerClient(configuration: $0).deleteSecret("prod/db", .recoverable(days: 7))
        },
        OperationCase(
            service: "secretsmanager", signingName: "secretsmanager", operation: "RestoreSecret",
            parameters: Botocore.json(["SecretId": "prod/db"])
        ) { try await SecretsManagerClient(configuration: $0).restoreSecret("prod/db") },
    ]

    /// The cases with botocore's requests for them, from one Python process.
    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
