import DeployCore
import DeploySigV4
import Foundation

/// The moto server `.ci/test` starts, and the IAM keys it creates before switching moto's
/// signature and permission checks on.
///
/// `.ci/test` exports `AWS_ENDPOINT_URL` and the `DEPLOY_TEST_*` keys. Without them the
/// integration tests are skipped (and say why), except under `CI=true`, where they must run.
public enum MotoEnvironment {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The moto endpoint, e.g. `http://127.0.0.1:5123`.
    public static var endpoint: String? { environment["AWS_ENDPOINT_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether moto and the fixture keys are available.
    public static var isAvailable: Bool { endpoint != nil && admin != nil }

    /// Whether this is a CI run, where the integration tests must not be skipped.
    public static var isCI: Bool { environment["CI"] == "true" }

    /// Why the integration tests are skipped, printed by the skip.
    public static let skipReason =
        "moto is not running: run `bash .ci/test` (it starts moto and exports AWS_ENDPOINT_URL and the DEPLOY_TEST_* keys)"

    /// A user with an `Action: *` policy.
    public static var admin: Credentials? { keys("ADMIN") }
    /// A user whose policy allows only `sts:GetCallerIdentity` and `iam:GetUser`.
    public static var limited: Credentials? { keys("LIMITED") }

    static func keys(_ name: String) -> Credentials? {
        guard let id = environment["DEPLOY_TEST_\(name)_ACCESS_KEY_ID"], let secret = environment["DEPLOY_TEST_\(name)_SECRET_ACCESS_KEY"]
        else {
            return nil
        }
        return Credentials(accessKeyID: id, secretAccessKey: secret)
    }

    /// The environment a client under test sees: only the endpoint override (no credentials, no
    /// region from the process), so tests pass them explicitly.
    public static var clientEnvironment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint ?? "", "AWS_EC2_METADATA_DISABLED": "true"]
    }

    /// A configuration for moto with `credentials`.
    public static func configuration(
        credentials: Credentials, region: String = "us-east-1", transport: any HTTPTransport, retryPolicy: RetryPolicy = .none
    ) throws -> AWSConfiguration {
        try AWSConfiguration(
            region: region, credentialProvider: StaticCredentialProvider(credentials), transport: transport,
            retryPolicy: retryPolicy, timeout: .seconds(30), environment: clientEnvironment
        )
    }

    /// A name unique to this process and call, for moto resources.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
