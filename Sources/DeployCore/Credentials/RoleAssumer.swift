import DeploySigV4

/// Exchanges an identity for temporary role credentials: STS `AssumeRole` and
/// `AssumeRoleWithWebIdentity`.
///
/// `DeploySTS` provides the implementation (`STSRoleAssumer`); the core only needs this
/// protocol, so that web-identity and profile assume-role credentials do not tie the core to STS.
public protocol RoleAssumer: Sendable {
    /// `sts:AssumeRole` signed with `credentials`.
    func assumeRole(
        roleARN: String, sessionName: String, using credentials: Credentials, region: Region?
    ) async throws
        -> Credentials

    /// `sts:AssumeRoleWithWebIdentity` with an OIDC token (for example a GitLab `id_tokens` JWT).
    func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, webIdentityToken: String, region: Region?
    )
        async throws -> Credentials
}
