// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire (or the vector file) names its members.
import DeployCore
import Foundation

/// AWS Secrets Manager: read and manage secrets.
///
/// ```swift
/// let secrets = SecretsManagerClient(configuration: configuration)
/// let database = try await secrets.secretValue("gitlab/deploy/database")
/// let login = try database.value.decodeJSON(Login.self)
/// ```
///
/// For reads at run time, put a ``SecretCache`` in front of it.
public struct SecretsManagerClient: Sendable {
    /// The Secrets Manager service (JSON 1.1, `X-Amz-Target: secretsmanager.*`, API 2017-10-17).
    public static let service = AWSService(
        serviceID: "Secrets Manager", signingName: "secretsmanager", endpointPrefix: "secretsmanager", apiVersion: "2017-10-17",
        wireProtocol: .json(version: "1.1", targetPrefix: "secretsmanager")
    )

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    /// `GetSecretValue`: a version of a secret (the current one by default).
    public func secretValue(_ secretID: String, version: SecretVersion = .current) async throws -> SecretValue {
        struct Input: Encodable {
            var SecretId: String
            var VersionId: String?
            var VersionStage: String?
        }
        var input = Input(SecretId: secretID)
        switch version.kind {
        case .stage(let label): input.VersionStage = label
        case .id(let versionID): input.VersionId = versionID
        }
        return try await client.json("GetSecretValue", input: input, output: SecretValueWire.self).value()
    }

    /// `BatchGetSecretValue`: the current values of several secrets in one call; the secrets that
    /// could not be read come back in ``BatchSecretValues/errors``.
    public func secretValues(_ secretIDs: [String]) async throws -> BatchSecretValues {
        struct Input: Encodable { var SecretIdList: [String] }
        struct Output: Decodable {
            var SecretValues: [SecretValueWire]?
            var Errors: [BatchSecretValues.Failure]?
        }
        let output = try await client.json("BatchGetSecretValue", input: Input(SecretIdList: secretIDs), output: Output.self)
        return BatchSecretValues(values: try (output.SecretValues ?? []).map { try $0.value() }, errors: output.Errors ?? [])
    }

    /// `DescribeSecret`: what the secret is, never its value.
    public func describeSecret(_ secretID: String) async throws -> SecretDescription {
        struct Input: Encodable { var SecretId: String }
        return try await client.json("DescribeSecret", input: Input(SecretId: secretID), output: SecretDescription.self)
    }

    /// `ListSecrets`, page by page as the sequence is iterated.
    public func listSecrets(pageSize: Int? = nil) -> AWSPaginator<SecretDescription> {
        struct Input: Encodable {
            var MaxResults: Int?
            var NextToken: String?
        }
        struct Output: Decodable {
            var SecretList: [SecretDescription]?
            var NextToken: String?
        }
        let client = client
        return AWSPaginator { token in
            let page = try await client.json("ListSecrets", input: Input(MaxResults: pageSize, NextToken: token), output: Output.self)
            return (page.SecretList ?? [], page.NextToken)
        }
    }

    /// `CreateSecret` with a first value.
    @discardableResult
    public func createSecret(
        name: String, value: SecretBytes, encoding: SecretEncoding = .string, description: String? = nil, tags: [String: String] = [:]
    ) async throws -> SecretChange {
        struct Tag: Encodable {
            var Key: String
            var Value: String
        }
        struct Input: Encodable {
            var Name: String
            var SecretString: String?
            var SecretBinary: String?
            var Description: String?
            var Tags: [Tag]?
            var ClientRequestToken = SecretsManagerClient.idempotencyToken()
        }
        let (string, binary) = try encoding.wire(value, secretID: name)
        let input = Input(
            Name: name, SecretString: string, SecretBinary: binary, Description: description,
            Tags: tags.isEmpty ? nil : tags.keys.sorted().map { Tag(Key: $0, Value: tags[$0]!) }
        )
        return try await client.json("CreateSecret", input: input, output: SecretChange.self, idempotent: true)
    }

    /// `PutSecretValue`: a new version, which becomes `AWSCURRENT` (the old one `AWSPREVIOUS`)
    /// unless other stages are given.
    @discardableResult
    public func putSecretValue(
        _ secretID: String, value: SecretBytes, encoding: SecretEncoding = .string, stages: [String]? = nil
    ) async throws -> SecretChange {
        struct Input: Encodable {
            var SecretId: String
            var SecretString: String?
            var SecretBinary: String?
            var VersionStages: [String]?
            var ClientRequestToken = SecretsManagerClient.idempotencyToken()
        }
        let (string, binary) = try encoding.wire(value, secretID: secretID)
        return try await client.json(
            "PutSecretValue", input: Input(SecretId: secretID, SecretString: string, SecretBinary: binary, VersionStages: stages),
            output: SecretChange.self, idempotent: true
        )
    }

    /// `UpdateSecret`: a new description and/or a new value.
    @discardableResult
    public func updateSecret(
        _ secretID: String, value: SecretBytes? = nil, encoding: SecretEncoding = .string, description: String? = nil
    ) async throws -> SecretChange {
        struct Input: Encodable {
            var SecretId: String
            var SecretString: String?
            var SecretBinary: String?
            var Description: String?
            var ClientRequestToken: String?
        }
        var input = Input(SecretId: secretID, Description: description)
        if let value {
            (input.SecretString, input.SecretBinary) = try encoding.wire(value, secretID: secretID)
            input.ClientRequestToken = Self.idempotencyToken()
        }
        return try await client.json("UpdateSecret", input: input, output: SecretChange.self)
    }

    /// How `DeleteSecret` deletes.
    public enum Deletion: Sendable, Hashable {
        /// Scheduled after a recovery window of 7 to 30 days, during which ``restoreSecret(_:)`` undoes it.
        case recoverable(days: Int)
        /// At once, without recovery.
        case immediate
    }

    /// `DeleteSecret`.
    @discardableResult
    public func deleteSecret(_ secretID: String, _ deletion: Deletion = .recoverable(days: 30)) async throws -> SecretChange {
        struct Input: Encodable {
            var SecretId: String
            var RecoveryWindowInDays: Int?
            var ForceDeleteWithoutRecovery: Bool?
        }
        var input = Input(SecretId: secretID)
        switch deletion {
        case .recoverable(let days):
            guard (7...30).contains(days) else {
                throw AWSRequestError("the recovery window must be 7 to 30 days; got \(days)")
            }
            input.RecoveryWindowInDays = days
        case .immediate:
            input.ForceDeleteWithoutRecovery = true
        }
        return try await client.json("DeleteSecret", input: input, output: SecretChange.self)
    }

    /// A `ClientRequestToken` for a call that creates a version: the model marks it as an
    /// idempotency token, which AWS SDKs fill in, so a retried call cannot create two versions.
    static func idempotencyToken() -> String { UUID().uuidString.lowercased() }

    /// `RestoreSecret`: cancels a scheduled deletion.
    @discardableResult
    public func restoreSecret(_ secretID: String) async throws -> SecretChange {
        struct Input: Encodable { var SecretId: String }
        return try await client.json("RestoreSecret", input: Input(SecretId: secretID), output: SecretChange.self)
    }
}

/// How a value is stored: as `SecretString` (UTF-8 text) or `SecretBinary`.
public enum SecretEncoding: Sendable, Hashable {
    /// `SecretString`; the value must be UTF-8.
    case string
    /// `SecretBinary`.
    case binary

    func wire(_ value: SecretBytes, secretID: String) throws -> (string: String?, binary: String?) {
        switch self {
        case .string:
            guard let text = value.revealString() else {
                throw SecretError(
                    .notJSON, "the value for \(secretID) is not UTF-8 text: store it with encoding .binary", secretID: secretID)
            }
            return (text, nil)
        case .binary:
            return (nil, Data(value.reveal()).base64EncodedString())
        }
    }
}

/// The result of `BatchGetSecretValue`.
public struct BatchSecretValues: Sendable, Hashable {
    /// A secret that could not be read.
    public struct Failure: Sendable, Hashable, Decodable {
        /// The secret.
        public var secretID: String?
        /// The error code (`ResourceNotFoundException`, …).
        public var errorCode: String?
        /// AWS's message.
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case secretID = "SecretId"
            case errorCode = "ErrorCode"
            case message = "Message"
        }
    }

    /// The values read.
    public var values: [SecretValue]
    /// The secrets that could not be read.
    public var errors: [Failure]
}
