import DeployAsyncHTTPClient
import DeployCore
import DeploySTS
import Foundation
import Logging

extension AWSConfiguration {
    /// A ready configuration in one call, resolved the way the AWS CLI resolves it:
    ///
    /// - the region from `region`, else `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's
    ///   (``/DeployBasics/RegionError`` when none is set: never a silent default);
    /// - credentials from the full standard chain: the environment (GitLab CI/CD variables), web
    ///   identity (`AWS_ROLE_ARN` with GitLab `id_tokens`, through `AWS_WEB_IDENTITY_TOKEN_FILE` or
    ///   the variable `webIdentityTokenVariable` names), shared files with `role_arn` and
    ///   `source_profile`, container and instance credentials — cached, refreshed before expiry;
    /// - the transport given once, for the AWS calls and for fetching credentials alike (the
    ///   shared AsyncHTTPClient transport unless you pass one);
    /// - endpoint overrides from `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, checked now.
    ///
    /// ```swift
    /// import LambdaDeployKit
    ///
    /// let configuration = try AWSConfiguration.standard()
    /// let identity = try await STSClient(configuration: configuration).checkCredentials()
    /// ```
    ///
    /// - Parameters:
    ///   - region: a region name, or `nil` to resolve it from the environment and profile.
    ///   - webIdentityTokenVariable: the CI/CD variable holding the OIDC token (the name given in
    ///     the job's `id_tokens`), when there is no token file.
    ///   - transport: the HTTP transport; `AsyncHTTPClientTransport.shared` by default.
    ///   - retryPolicy: retries of throttled and transient failures.
    ///   - timeout: the longest one attempt may take.
    ///   - logger: where clients and credential providers log; never a secret.
    ///   - environment: where variables are read; the process's environment by default.
    public static func standard(
        region: String? = nil,
        webIdentityTokenVariable: String? = nil,
        transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60),
        logger: Logger = Logger(label: "LambdaDeployKit"),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AWSConfiguration {
        let credentials = CredentialProviderChain.standard(
            transport: transport, environment: environment, webIdentityTokenVariable: webIdentityTokenVariable, logger: logger
        )
        return try AWSConfiguration(
            region: region, credentialProvider: credentials, transport: transport, retryPolicy: retryPolicy, timeout: timeout,
            logger: logger,
            environment: environment
        )
    }
}
