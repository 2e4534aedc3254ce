import DeploySigV4

/// Credentials from the shared files `~/.aws/credentials` and `~/.aws/config` (or the files named
/// by `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`), for the profile named by `AWS_PROFILE`
/// or `default`.
///
/// Static keys (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) are returned as
/// they are. A profile with `role_arn` and `source_profile` assumes that role with the source
/// profile's credentials (chains of any length; a loop is an error); one with `role_arn` and
/// `web_identity_token_file` assumes it with the token.
public struct ProfileCredentialProvider: CredentialProvider {
    let profile: String?
    let assumer: (any RoleAssumer)?

    /// Creates the provider.
    /// - Parameters:
    ///   - profile: the profile to read; `nil` for `AWS_PROFILE` or `default`.
    ///   - assumer: for `role_arn` profiles (`STSRoleAssumer` from `DeploySTS`).
    public init(profile: String? = nil, assumer: (any RoleAssumer)? = nil) {
        self.profile = profile
        self.assumer = assumer
    }

    public var name: String { "shared config files" }

    public func credentials(context: CredentialContext) async throws -> Credentials {
        let files = try SharedConfigFile.load(context: context)
        let selected = profile ?? SharedConfigFile.selectedProfile(context: context)
        guard files.profiles[selected] != nil else {
            if files.profiles.isEmpty {
                throw CredentialProviderSkipped("no shared credentials or config file was found")
            }
            if profile != nil || context.variable("AWS_PROFILE") != nil {
                throw CredentialError(
                    .profileNotFound,
                    "the profile '\(selected)' is not in the shared files (profiles found: "
                        + "\(files.profiles.keys.sorted().joined(separator: ", ")))"
                )
            }
            throw CredentialProviderSkipped("the shared files have no [default] profile")
        }
        return try await resolve(selected, files: files, context: context, visited: [])
    }

    private func resolve(
        _ name: String, files: SharedConfigFile, context: CredentialContext, visited: [String]
    ) async throws -> Credentials {
        guard !visited.contains(name) else {
            throw CredentialError(
                .invalidProfile, "the source_profile chain loops: \((visited + [name]).joined(separator: " → "))"
            )
        }
        guard let settings = files.profiles[name] else {
            throw CredentialError(.profileNotFound, "the profile '\(name)' (a source_profile of '\(visited.last ?? "")') does not exist")
        }
        if let roleARN = settings["role_arn"] {
            guard let assumer else {
                throw CredentialError(
                    .invalidProfile, "the profile '\(name)' assumes \(roleARN), which needs STS: build the chain with DeploySTS"
                )
            }
            let session = settings["role_session_name"] ?? "lambdadeploykit-\(Int(context.now().timeIntervalSince1970))"
            let region = settings["region"].flatMap { try? Region($0) }
            if let tokenFile = settings["web_identity_token_file"] {
                guard let bytes = try context.fileSystem.contents(atPath: tokenFile) else {
                    throw CredentialError(
                        .webIdentityTokenMissing, "the profile '\(name)' names the token file \(tokenFile), which does not exist")
                }
                let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return try await assumer.assumeRoleWithWebIdentity(
                    roleARN: roleARN, sessionName: session, webIdentityToken: token, region: region)
            }
            guard let source = settings["source_profile"] else {
                throw CredentialError(
                    .invalidProfile, "the profile '\(name)' has role_arn but neither source_profile nor web_identity_token_file"
                )
            }
            // A profile that is its own source uses its own static keys to assume the role.
            let sourceCredentials: Credentials
            if source == name, let keys = staticKeys(settings) {
                sourceCredentials = keys
            } else {
                sourceCredentials = try await resolve(source, files: files, context: context, visited: visited + [name])
            }
            return try await assumer.assumeRole(roleARN: roleARN, sessionName: session, using: sourceCredentials, region: region)
        }
        if let keys = staticKeys(settings) { return keys }
        if visited.isEmpty {
            throw CredentialProviderSkipped("the profile '\(name)' has no aws_access_key_id/aws_secret_access_key or role_arn")
        }
        throw CredentialError(.invalidProfile, "the source profile '\(name)' has no aws_access_key_id and aws_secret_access_key")
    }

    private func staticKeys(_ settings: [String: String]) -> Credentials? {
        guard let keyID = settings["aws_access_key_id"], !keyID.isEmpty,
            let secret = settings["aws_secret_access_key"], !secret.isEmpty
        else { return nil }
        let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
    }
}
