import DeployCore
import Foundation

/// AWS Identity and Access Management: users, access keys, roles and policies for a deploy.
///
/// IAM has one global endpoint per partition (`iam.amazonaws.com`), signed for the partition's
/// global region (`us-east-1`), whatever region the configuration names.
///
/// ```swift
/// let iam = IAMClient(configuration: configuration)
/// let role = try await iam.createRole(name: "hello-lambda", trustPolicy: LeastPrivilege.lambdaTrustPolicy)
/// ```
public struct IAMClient: Sendable {
    /// The IAM service (query protocol, API 2010-05-08, global endpoint).
    public static let service = AWSService(
        serviceID: "IAM", signingName: "iam", endpointPrefix: "iam", apiVersion: "2010-05-08", wireProtocol: .query, isGlobal: true
    )

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    private func parameters(_ pairs: (String, String?)...) -> QueryParameters {
        var parameters = QueryParameters()
        for (name, value) in pairs { parameters.set(name, value) }
        return parameters
    }

    /// Every page of an IAM `List…` action: `owner` (`UserName`/`RoleName`) names what is listed,
    /// the `member`s of `list` become elements through `element` (nil: skipped), and `Marker` /
    /// `IsTruncated` turn the page.
    private func pages<Element: Sendable>(
        _ action: String, owner: (name: String, value: String), list: String,
        element: @escaping @Sendable (AWSXMLElement) throws -> Element?
    ) -> AWSPaginator<Element> {
        let client = client
        return AWSPaginator { marker in
            var parameters = QueryParameters()
            parameters.set(owner.name, owner.value)
            parameters.set("Marker", marker)
            let result = try await client.query(action, parameters)
            let elements = try result.child(list)?.children(named: "member").compactMap(element) ?? []
            return (elements, result.value(at: "IsTruncated") == "true" ? result.value(at: "Marker") : nil)
        }
    }

    // MARK: Users

    /// `CreateUser`.
    public func createUser(name: String, path: String? = nil) async throws -> IAMUser {
        let result = try await client.query("CreateUser", parameters(("UserName", name), ("Path", path)))
        return try IAMUser(result.child("User") ?? result)
    }

    /// `GetUser`: the named user, or the caller's own user when `name` is `nil`.
    public func user(_ name: String? = nil) async throws -> IAMUser {
        let result = try await client.query("GetUser", parameters(("UserName", name)))
        return try IAMUser(result.child("User") ?? result)
    }

    /// `DeleteUser` (its keys and policies must be removed first).
    public func deleteUser(_ name: String) async throws {
        _ = try await client.query("DeleteUser", parameters(("UserName", name)))
    }

    // MARK: Access keys

    /// `CreateAccessKey`: the only time AWS returns the secret; it is held redacted.
    public func createAccessKey(userName: String) async throws -> CreatedAccessKey {
        let result = try await client.query("CreateAccessKey", parameters(("UserName", userName)))
        return try CreatedAccessKey(result.child("AccessKey") ?? result)
    }

    /// `ListAccessKeys` of a user, every page.
    public func accessKeys(userName: String) -> AWSPaginator<AccessKeyMetadata> {
        pages("ListAccessKeys", owner: ("UserName", userName), list: "AccessKeyMetadata", element: AccessKeyMetadata.init)
    }

    /// `UpdateAccessKey`: activates or deactivates a key (deactivate before deleting, to find
    /// what still uses it).
    public func setAccessKey(_ accessKeyID: String, userName: String, active: Bool) async throws {
        _ = try await client.query(
            "UpdateAccessKey", parameters(("UserName", userName), ("AccessKeyId", accessKeyID), ("Status", active ? "Active" : "Inactive")))
    }

    /// `DeleteAccessKey`.
    public func deleteAccessKey(_ accessKeyID: String, userName: String) async throws {
        _ = try await client.query("DeleteAccessKey", parameters(("UserName", userName), ("AccessKeyId", accessKeyID)))
    }

    // MARK: Policies on users

    /// `AttachUserPolicy`.
    public func attachUserPolicy(userName: String, policyARN: String) async throws {
        _ = try await client.query("AttachUserPolicy", parameters(("UserName", userName), ("PolicyArn", policyARN)))
    }

    /// `DetachUserPolicy`.
    public func detachUserPolicy(userName: String, policyARN: String) async throws {
        _ = try await client.query("DetachUserPolicy", parameters(("UserName", userName), ("PolicyArn", policyARN)))
    }

    /// `PutUserPolicy`: an inline policy.
    public func putUserPolicy(userName: String, policyName: String, document: PolicyDocument) async throws {
        _ = try await client.query(
            "PutUserPolicy", parameters(("UserName", userName), ("PolicyName", policyName), ("PolicyDocument", try document.json())))
    }

    /// `DeleteUserPolicy`: removes an inline policy (required before `DeleteUser`).
    public func deleteUserPolicy(userName: String, policyName: String) async throws {
        _ = try await client.query("DeleteUserPolicy", parameters(("UserName", userName), ("PolicyName", policyName)))
    }

    // MARK: Roles

    /// `CreateRole` with its trust policy, and `tags` (sorted by key on the wire).
    public func createRole(
        name: String, trustPolicy: PolicyDocument, description: String? = nil, path: String? = nil, tags: [String: String] = [:]
    ) async throws -> IAMRole {
        var parameters = parameters(
            ("RoleName", name), ("AssumeRolePolicyDocument", try trustPolicy.json()), ("Description", description), ("Path", path))
        for (index, key) in tags.keys.sorted().enumerated() {
            parameters.set("Tags.member.\(index + 1).Key", key)
            parameters.set("Tags.member.\(index + 1).Value", tags[key])
        }
        let result = try await client.query("CreateRole", parameters)
        return try IAMRole(result.child("Role") ?? result)
    }

    /// `GetRole`.
    public func role(_ name: String) async throws -> IAMRole {
        let result = try await client.query("GetRole", parameters(("RoleName", name)))
        return try IAMRole(result.child("Role") ?? result)
    }

    /// `DeleteRole` (its policies must be detached first).
    public func deleteRole(_ name: String) async throws {
        _ = try await client.query("DeleteRole", parameters(("RoleName", name)))
    }

    /// `AttachRolePolicy`.
    public func attachRolePolicy(roleName: String, policyARN: String) async throws {
        _ = try await client.query("AttachRolePolicy", parameters(("RoleName", roleName), ("PolicyArn", policyARN)))
    }

    /// `DetachRolePolicy`.
    public func detachRolePolicy(roleName: String, policyARN: String) async throws {
        _ = try await client.query("DetachRolePolicy", parameters(("RoleName", roleName), ("PolicyArn", policyARN)))
    }

    /// `PutRolePolicy`: an inline policy.
    public func putRolePolicy(roleName: String, policyName: String, document: PolicyDocument) async throws {
        _ = try await client.query(
            "PutRolePolicy", parameters(("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", try document.json())))
    }

    /// `GetRolePolicy`: an inline policy's document.
    public func rolePolicy(roleName: String, policyName: String) async throws -> PolicyDocument {
        let result = try await client.query("GetRolePolicy", parameters(("RoleName", roleName), ("PolicyName", policyName)))
        guard let document = result.value(at: "PolicyDocument") else {
            throw AWSDecodingError("the GetRolePolicy response has no PolicyDocument")
        }
        return try PolicyDocument.parse(document)
    }

    /// `DeleteRolePolicy`: removes an inline policy (required before `DeleteRole`).
    public func deleteRolePolicy(roleName: String, policyName: String) async throws {
        _ = try await client.query("DeleteRolePolicy", parameters(("RoleName", roleName), ("PolicyName", policyName)))
    }

    /// `ListAttachedRolePolicies`, every page: the managed policies' names and ARNs.
    public func attachedRolePolicies(roleName: String) -> AWSPaginator<(name: String, arn: String)> {
        pages("ListAttachedRolePolicies", owner: ("RoleName", roleName), list: "AttachedPolicies") { member in
            guard let name = member.value(at: "PolicyName"), let arn = member.value(at: "PolicyArn") else { return nil }
            return (name, arn)
        }
    }

    /// `ListRolePolicies`, every page: the names of the role's inline policies.
    public func rolePolicyNames(roleName: String) -> AWSPaginator<String> {
        pages("ListRolePolicies", owner: ("RoleName", roleName), list: "PolicyNames") { $0.text }
    }

    // MARK: Managed policies

    /// `CreatePolicy`: a customer-managed policy.
    public func createPolicy(name: String, document: PolicyDocument, description: String? = nil) async throws -> ManagedPolicy {
        let result = try await client.query(
            "CreatePolicy", parameters(("PolicyName", name), ("PolicyDocument", try document.json()), ("Description", description)))
        return try ManagedPolicy(result.child("Policy") ?? result)
    }

    /// `GetPolicy`.
    public func policy(arn: String) async throws -> ManagedPolicy {
        let result = try await client.query("GetPolicy", parameters(("PolicyArn", arn)))
        return try ManagedPolicy(result.child("Policy") ?? result)
    }

    /// `GetPolicyVersion`: a version's document (the default one with ``ManagedPolicy/defaultVersionID``).
    public func policyDocument(arn: String, versionID: String) async throws -> PolicyDocument {
        let result = try await client.query("GetPolicyVersion", parameters(("PolicyArn", arn), ("VersionId", versionID)))
        guard let document = result.value(at: "PolicyVersion", "Document") else {
            throw AWSDecodingError("the GetPolicyVersion response has no Document")
        }
        return try PolicyDocument.parse(document)
    }
}
