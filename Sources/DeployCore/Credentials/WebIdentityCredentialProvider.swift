import DeploySigV4
import Foundation

/// Credentials for `AWS_ROLE_ARN` from an OIDC token: read from the file named by
/// `AWS_WEB_IDENTITY_TOKEN_FILE`, or from an environment variable (GitLab `id_tokens` put the token
/// only in a variable; name it with `tokenVariable`, or set `AWS_WEB_IDENTITY_TOKEN_VARIABLE`).
public struct WebIdentityCredentialProvider: CredentialProvider {
    let assumer: any RoleAssumer
    let tokenVariable: String?

    /// Creates the provider.
    /// - Parameters:
    ///   - assumer: calls STS (`STSRoleAssumer` from `DeploySTS`).
    ///   - tokenVariable: an environment variable that holds the token itself, such as
    ///     `GITLAB_OIDC_TOKEN`.
    public init(assumer: any RoleAssumer, tokenVariable: String? = nil) {
        self.assumer = assumer
        self.tokenVariable = tokenVariable
    }

    public var name: String { "web identity" }

    public func credentials(context: CredentialContext) async throws -> Credentials {
        guard let roleARN = context.variable("AWS_ROLE_ARN") else {
            throw CredentialProviderSkipped("AWS_ROLE_ARN is not set")
        }
        let token: String
        if let variable = tokenVariable ?? context.variable("AWS_WEB_IDENTITY_TOKEN_VARIABLE") {
            guard let value = context.variable(variable) else {
                throw CredentialProviderSkipped("AWS_ROLE_ARN is set but the token variable \(variable) is empty or unset")
            }
            token = value
        } else if let path = context.variable("AWS_WEB_IDENTITY_TOKEN_FILE") {
            guard let bytes = try context.fileSystem.contents(atPath: path) else {
                throw CredentialError(
                    .webIdentityTokenMissing,
                    "AWS_WEB_IDENTITY_TOKEN_FILE names \(path), which does not exist: check the job's id_tokens and the path"
                )
            }
            token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            throw CredentialProviderSkipped(
                "AWS_ROLE_ARN is set but neither AWS_WEB_IDENTITY_TOKEN_FILE nor a token variable is"
            )
        }
        let session = context.variable("AWS_ROLE_SESSION_NAME") ?? "lambdadeploykit-\(Int(context.now().timeIntervalSince1970))"
        let region = try? Region.resolve(explicit: nil, context: context)
        return try await assumer.assumeRoleWithWebIdentity(
            roleARN: roleARN, sessionName: session, webIdentityToken: token, region: region
        )
    }
}
