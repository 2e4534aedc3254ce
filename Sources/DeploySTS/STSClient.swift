import DeployCore
import DeploySigV4
import Foundation

/// AWS Security Token Service: who am I, and temporary credentials for a role.
///
/// ```swift
/// let sts = STSClient(configuration: configuration)
/// let identity = try await sts.callerIdentity()
/// print(identity.arn)   // arn:aws:iam::123456789012:user/gitlab-deployer
/// ```
public struct STSClient: Sendable {
    /// The STS service description (query protocol, API 2011-06-15, regional endpoints).
    public static let service = AWSService(
        serviceID: "STS", signingName: "sts", endpointPrefix: "sts", apiVersion: "2011-06-15", wireProtocol: .query
    )

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    /// `GetCallerIdentity`: the account, ARN and user id of the credentials.
    public func callerIdentity() async throws -> CallerIdentity {
        let result = try await client.query("GetCallerIdentity")
        guard let arn = result.value(at: "Arn"), let account = result.value(at: "Account") else {
            throw AWSDecodingError("the GetCallerIdentity response has no Arn or Account")
        }
        return CallerIdentity(account: account, arn: arn, userID: result.value(at: "UserId") ?? "")
    }

    /// `AssumeRole`: temporary credentials for `roleARN`.
    /// - Parameters:
    ///   - roleARN: the role to assume.
    ///   - sessionName: names the session in CloudTrail (2–64 of `[\w+=,.@-]`).
    ///   - duration: 15 minutes to the role's maximum (1 hour by default).
    ///   - policy: a session policy that narrows the role's permissions, as JSON.
    ///   - credentials: sign with these rather than the configuration's (a profile's source).
    public func assumeRole(
        roleARN: String, sessionName: String, duration: Duration = .seconds(3600), policy: String? = nil,
        signedWith credentials: Credentials? = nil
    ) async throws -> AssumedRole {
        var parameters = QueryParameters()
        parameters.set("RoleArn", roleARN)
        parameters.set("RoleSessionName", sessionName)
        parameters.set("DurationSeconds", Int(duration.components.seconds))
        parameters.set("Policy", policy)
        let result = try await client.query("AssumeRole", parameters, authentication: credentials.map { .signed(with: $0) } ?? .signed)
        return try AssumedRole(result)
    }

    /// `AssumeRoleWithWebIdentity`: temporary credentials for `roleARN` from an OIDC token, such as
    /// the JWT of a GitLab job's `id_tokens`.
    ///
    /// AWS does not need this call signed, and by default it is not (``/DeployCore/AWSClient/Authentication/anonymous``).
    public func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, webIdentityToken: String, duration: Duration = .seconds(3600),
        authentication: AWSClient.Authentication = .anonymous
    ) async throws -> AssumedRole {
        var parameters = QueryParameters()
        parameters.set("RoleArn", roleARN)
        parameters.set("RoleSessionName", sessionName)
        parameters.set("WebIdentityToken", webIdentityToken)
        parameters.set("DurationSeconds", Int(duration.components.seconds))
        return try AssumedRole(try await client.query("AssumeRoleWithWebIdentity", parameters, authentication: authentication))
    }

    /// Checks the configured credentials with `GetCallerIdentity` (which needs no permission) and
    /// turns the usual failures into a diagnosis: ``CredentialCheckError`` names what is wrong
    /// (wrong secret, unknown or deactivated key, expired token) and how to fix it.
    public func checkCredentials() async throws -> CallerIdentity {
        do {
            return try await callerIdentity()
        } catch let error as AWSServiceError {
            if let diagnosis = AuthenticationDiagnosis(error) { throw CredentialCheckError(diagnosis: diagnosis) }
            throw error
        }
    }
}

/// Who the credentials belong to.
public struct CallerIdentity: Sendable, Hashable {
    /// The 12-digit account id.
    public var account: String
    /// The ARN of the user or assumed role.
    public var arn: String
    /// The unique id of the user or role session.
    public var userID: String

    /// Creates an identity.
    public init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }
}

/// Temporary credentials for a role, and the session they belong to.
public struct AssumedRole: Sendable {
    /// The credentials (with a session token and expiry).
    public var credentials: Credentials
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    public var assumedRoleARN: String?

    init(_ result: AWSXMLElement) throws {
        guard let keyID = result.value(at: "Credentials", "AccessKeyId"),
            let secret = result.value(at: "Credentials", "SecretAccessKey")
        else {
            throw AWSDecodingError("the response has no Credentials")
        }
        credentials = Credentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: result.value(at: "Credentials", "SessionToken"),
            expiration: result.value(at: "Credentials", "Expiration").flatMap(AWSJSON.parseDate)
        )
        assumedRoleARN = result.value(at: "AssumedRoleUser", "Arn")
    }
}

/// The credentials failed `GetCallerIdentity`; ``diagnosis`` says why and what to do.
public struct CredentialCheckError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public var diagnosis: AuthenticationDiagnosis
    public var description: String { "Credential check failed: \(diagnosis)" }
}
