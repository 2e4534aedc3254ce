import DeploySigV4

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally
/// `AWS_SESSION_TOKEN`: what GitLab CI/CD variables inject into a job.
public struct EnvironmentCredentialProvider: CredentialProvider {
    /// Creates the provider.
    public init() {}

    public var name: String { "environment" }

    public func credentials(context: CredentialContext) async throws -> Credentials {
        let keyID = context.variable("AWS_ACCESS_KEY_ID")
        let secret = context.variable("AWS_SECRET_ACCESS_KEY")
        switch (keyID, secret) {
        case (nil, nil):
            throw CredentialProviderSkipped("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (nil, _):
            throw CredentialProviderSkipped("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw CredentialProviderSkipped("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (let keyID?, let secret?):
            return Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: context.variable("AWS_SESSION_TOKEN"))
        }
    }
}
