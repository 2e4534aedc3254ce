import DeployCore
import DeploySigV4
import Foundation

/// An IAM user.
public struct IAMUser: Sendable, Hashable {
    /// The user name.
    public var name: String
    /// The unique id (`AIDA…`).
    public var userID: String
    /// The ARN.
    public var arn: String
    /// The path (`/`).
    public var path: String

    init(_ element: AWSXMLElement) throws {
        guard let name = element.value(at: "UserName"), let arn = element.value(at: "Arn") else {
            throw AWSDecodingError("the response has no User with UserName and Arn")
        }
        self.name = name
        self.arn = arn
        self.userID = element.value(at: "UserId") ?? ""
        self.path = element.value(at: "Path") ?? "/"
    }
}

/// An IAM role.
public struct IAMRole: Sendable, Hashable {
    /// The role name.
    public var name: String
    /// The unique id (`AROA…`).
    public var roleID: String
    /// The ARN, as a function's execution role is given.
    public var arn: String
    /// The path.
    public var path: String
    /// Who may assume the role.
    public var trustPolicy: PolicyDocument?
    /// The description.
    public var description: String?
    /// The tags, as `GetRole` and `CreateRole` return them.
    public var tags: [String: String]

    init(_ element: AWSXMLElement) throws {
        guard let name = element.value(at: "RoleName"), let arn = element.value(at: "Arn") else {
            throw AWSDecodingError("the response has no Role with RoleName and Arn")
        }
        self.name = name
        self.arn = arn
        self.roleID = element.value(at: "RoleId") ?? ""
        self.path = element.value(at: "Path") ?? "/"
        self.trustPolicy = try element.value(at: "AssumeRolePolicyDocument").map(PolicyDocument.parse)
        self.description = element.value(at: "Description")
        var tags: [String: String] = [:]
        for member in element.child("Tags")?.children(named: "member") ?? [] {
            if let key = member.value(at: "Key") { tags[key] = member.value(at: "Value") ?? "" }
        }
        self.tags = tags
    }
}

/// An access key as `ListAccessKeys` reports it (never with its secret).
public struct AccessKeyMetadata: Sendable, Hashable {
    /// The key id.
    public var accessKeyID: String
    /// The user.
    public var userName: String
    /// Whether the key works.
    public var isActive: Bool

    init(_ element: AWSXMLElement) {
        accessKeyID = element.value(at: "AccessKeyId") ?? ""
        userName = element.value(at: "UserName") ?? ""
        isActive = element.value(at: "Status") == "Active"
    }
}

/// A new access key, with its secret: `CreateAccessKey` is the only time AWS returns it. The
/// secret lives in ``credentials``, whose `description`, `dump` and logging redact it.
public struct CreatedAccessKey: Sendable, Hashable {
    /// The user.
    public var userName: String
    /// The key id and its secret.
    public var credentials: Credentials

    init(_ element: AWSXMLElement) throws {
        guard let keyID = element.value(at: "AccessKeyId"), let secret = element.value(at: "SecretAccessKey") else {
            throw AWSDecodingError("the CreateAccessKey response has no AccessKeyId and SecretAccessKey")
        }
        userName = element.value(at: "UserName") ?? ""
        credentials = Credentials(accessKeyID: keyID, secretAccessKey: secret)
    }
}

/// A customer-managed or AWS-managed policy.
public struct ManagedPolicy: Sendable, Hashable {
    /// The policy name.
    public var name: String
    /// The ARN.
    public var arn: String
    /// The version in force (`v1`).
    public var defaultVersionID: String?

    init(_ element: AWSXMLElement) throws {
        guard let name = element.value(at: "PolicyName"), let arn = element.value(at: "Arn") ?? element.value(at: "PolicyArn") else {
            throw AWSDecodingError("the response has no Policy with PolicyName and Arn")
        }
        self.name = name
        self.arn = arn
        self.defaultVersionID = element.value(at: "DefaultVersionId")
    }
}
