import DeployCore
import DeploySigV4
import DeployTesting
import Foundation

/// Credentials, service descriptions and a configuration on a mock, shared by the unit tests.
public enum Fixtures {
    public static let keys = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    public static let lambdaLike = AWSService(
        serviceID: "Lambda", signingName: "lambda", endpointPrefix: "lambda", apiVersion: "2015-03-31", wireProtocol: .restJSON
    )
    public static let secretsLike = AWSService(
        serviceID: "Secrets Manager", signingName: "secretsmanager", endpointPrefix: "secretsmanager", apiVersion: "2017-10-17",
        wireProtocol: .json(version: "1.1", targetPrefix: "secretsmanager")
    )
    public static let iamLike = AWSService(
        serviceID: "IAM", signingName: "iam", endpointPrefix: "iam", apiVersion: "2010-05-08", wireProtocol: .query, isGlobal: true
    )

    /// A configuration on `mock`, with recorded sleeps and a fixed random source.
    public static func configuration(
        _ mock: MockTransport, sleeps: RecordedSleeps = RecordedSleeps(), maxAttempts: Int = 3, random: Double = 0.5,
        logger: LogCapture? = nil, environment: [String: String] = [:]
    ) throws -> AWSConfiguration {
        try AWSConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(keys), transport: mock,
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts, sleep: sleeps.sleep, random: { random }),
            logger: logger?.logger() ?? .init(label: "test"), environment: environment
        )
    }
}

extension RecordedRequest {
    /// Whether the request only reads: a REST `GET`, or a query/JSON operation named `Get…`,
    /// `List…` or `Describe…` (IAM and STS name it in the form, EventBridge and Logs in `X-Amz-Target`).
    public var isRead: Bool {
        guard let operation = action ?? target?.split(separator: ".").last.map(String.init) else { return request.method == .get }
        return operation.hasPrefix("Get") || operation.hasPrefix("List") || operation.hasPrefix("Describe")
    }
}
