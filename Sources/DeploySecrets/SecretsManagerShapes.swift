// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire (or the vector file) names its members.
import Foundation

/// Which version of a secret to read.
public struct SecretVersion: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case stage(String)
        case id(String)
    }

    let kind: Kind

    /// The version with this staging label.
    public static func stage(_ label: String) -> SecretVersion { SecretVersion(kind: .stage(label)) }
    /// The version with this id.
    public static func id(_ versionID: String) -> SecretVersion { SecretVersion(kind: .id(versionID)) }
    /// The current version (`AWSCURRENT`), the default.
    public static let current = stage("AWSCURRENT")
    /// The version before the current one (`AWSPREVIOUS`).
    public static let previous = stage("AWSPREVIOUS")

    public var description: String {
        switch kind {
        case .stage(let label): return label
        case .id(let versionID): return "version \(versionID)"
        }
    }
}

/// A secret's value and which version it is.
public struct SecretValue: Sendable, Hashable {
    /// The secret's ARN.
    public var arn: String
    /// The secret's name.
    public var name: String
    /// The version id.
    public var versionID: String?
    /// The version's staging labels (`AWSCURRENT`, …).
    public var versionStages: [String]
    /// When the version was created.
    public var createdDate: Date?
    /// The value: `SecretString`'s UTF-8, or `SecretBinary`'s bytes.
    public var value: SecretBytes
    /// Whether the value came as `SecretBinary`.
    public var isBinary: Bool

    /// Creates a value (for a ``SecretCache`` fed by another source, or for tests).
    public init(
        arn: String, name: String, versionID: String?, versionStages: [String], createdDate: Date?, value: SecretBytes, isBinary: Bool
    ) {
        self.arn = arn
        self.name = name
        self.versionID = versionID
        self.versionStages = versionStages
        self.createdDate = createdDate
        self.value = value
        self.isBinary = isBinary
    }
}

/// What `DescribeSecret` and `ListSecrets` say about a secret (never its value).
public struct SecretDescription: Sendable, Hashable, Decodable {
    /// The ARN.
    public var arn: String
    /// The name.
    public var name: String
    /// The description.
    public var description: String?
    /// When deletion is scheduled, for a secret being deleted.
    public var deletedDate: Date?
    /// The staging labels of each version id.
    public var versionIDsToStages: [String: [String]]?
    /// When it last changed.
    public var lastChangedDate: Date?

    enum CodingKeys: String, CodingKey {
        case arn = "ARN"
        case name = "Name"
        case description = "Description"
        case deletedDate = "DeletedDate"
        case versionIDsToStages = "VersionIdsToStages"
        case lastChangedDate = "LastChangedDate"
    }
}

/// The result of a call that changes a secret.
public struct SecretChange: Sendable, Hashable, Decodable {
    /// The ARN.
    public var arn: String
    /// The name.
    public var name: String?
    /// The version created, if one was.
    public var versionID: String?
    /// The staging labels of that version.
    public var versionStages: [String]?
    /// When deletion takes effect (`DeleteSecret`).
    public var deletionDate: Date?

    enum CodingKeys: String, CodingKey {
        case arn = "ARN"
        case name = "Name"
        case versionID = "VersionId"
        case versionStages = "VersionStages"
        case deletionDate = "DeletionDate"
    }
}

/// The wire form of `GetSecretValue` (and each `BatchGetSecretValue` item).
struct SecretValueWire: Decodable {
    var ARN: String
    var Name: String
    var VersionId: String?
    var VersionStages: [String]?
    var CreatedDate: Date?
    var SecretString: String?
    var SecretBinary: String?

    func value() throws -> SecretValue {
        let bytes: SecretBytes
        let isBinary: Bool
        if let text = SecretString {
            bytes = SecretBytes(text)
            isBinary = false
        } else if let base64 = SecretBinary, let data = Data(base64Encoded: base64) {
            bytes = SecretBytes(Array(data))
            isBinary = true
        } else {
            throw SecretError(.noValue, "\(Name) has neither SecretString nor SecretBinary in this version", secretID: Name)
        }
        bytes.registerForRedaction()
        return SecretValue(
            arn: ARN, name: Name, versionID: VersionId, versionStages: VersionStages ?? [], createdDate: CreatedDate, value: bytes,
            isBinary: isBinary
        )
    }
}
