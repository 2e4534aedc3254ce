import DeploySigV4

/// Tries providers in order and returns the first credentials found.
///
/// When none applies, the error lists every provider and why it was passed over, and names any
/// environment variable that looks like a misspelt AWS one (`AWSACCESSKEY_ID` for
/// `AWS_ACCESS_KEY_ID`).
public struct CredentialProviderChain: CredentialProvider {
    /// The providers, in the order they are tried.
    public let providers: [any CredentialProvider]

    /// Creates a chain.
    public init(_ providers: [any CredentialProvider]) { self.providers = providers }

    /// The standard order: environment, web identity, shared files, container, instance metadata.
    /// Web identity and `role_arn` profiles need `assumer` (`STSRoleAssumer` from `DeploySTS`;
    /// `CredentialProviderChain.standard()` there wires it).
    public static func `default`(assumer: (any RoleAssumer)? = nil, webIdentityTokenVariable: String? = nil) -> CredentialProviderChain {
        var providers: [any CredentialProvider] = [EnvironmentCredentialProvider()]
        if let assumer {
            providers.append(WebIdentityCredentialProvider(assumer: assumer, tokenVariable: webIdentityTokenVariable))
        }
        providers += [
            ProfileCredentialProvider(assumer: assumer), ContainerCredentialProvider(), InstanceMetadataCredentialProvider(),
        ]
        return CredentialProviderChain(providers)
    }

    public var name: String { "chain" }

    public func credentials(context: CredentialContext) async throws -> Credentials {
        var attempts: [CredentialError.Attempt] = []
        for provider in providers {
            do {
                let credentials = try await provider.credentials(context: context)
                context.logger.debug(
                    "credentials resolved", metadata: ["provider": "\(provider.name)", "accessKeyID": "\(credentials.accessKeyID)"])
                return credentials
            } catch let skipped as CredentialProviderSkipped {
                attempts.append(.init(provider: provider.name, reason: skipped.reason))
            }
        }
        let misspellings = MisspelledVariables.find(in: context.environment)
        var message =
            "no credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (in GitLab: Settings › CI/CD › Variables), or "
            + "configure a profile, web identity or instance role. Providers tried:"
        if !misspellings.isEmpty {
            message = "no credentials were found, and the environment has misspelt AWS variables. Providers tried:"
        }
        throw CredentialError(.noCredentials, message, attempts: attempts, misspellings: misspellings)
    }
}
