import Foundation
import Logging

/// What every service client shares: region, credentials, transport, retries, timeout, logger
/// and the environment that endpoint overrides are read from.
///
/// ```swift
/// let configuration = try AWSConfiguration(transport: AsyncHTTPClientTransport.shared)  // region from AWS_REGION
/// let sts = STSClient(configuration: configuration)
/// ```
///
/// `AWSConfiguration.standard()` (in `LambdaDeployKit`) makes one in a single call, with the full
/// credential chain (web identity included) and the shared transport:
///
/// ```swift
/// let configuration = try AWSConfiguration.standard()
/// ```
public struct AWSConfiguration: Sendable {
    /// The region calls go to.
    public var region: Region
    /// Where credentials come from (cached: one fetch shared by concurrent calls).
    public var credentialProvider: any CredentialProvider
    /// The HTTP transport.
    public var transport: any HTTPTransport
    /// The retry policy.
    public var retryPolicy: RetryPolicy
    /// The longest one attempt may take.
    public var timeout: Duration
    /// Where clients log: one `debug` line per attempt, never a secret.
    public var logger: Logger
    /// The environment: endpoint overrides (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`).
    public var environment: [String: String]
    /// Adds a signed `X-Amz-Content-SHA256` to every request. AWS accepts it; moto needs it to
    /// verify requests without a body.
    public var signsContentSHA256: Bool
    /// The server's clock as learnt from refusals (shared by copies of this configuration).
    let clock = ClockCorrection()

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - region: a region name; `nil` resolves `AWS_REGION`, `AWS_DEFAULT_REGION`, then the
    ///     profile's region, and throws ``/DeployBasics/RegionError`` when none is set.
    ///   - credentialProvider: `nil` for the default chain (without web identity; use
    ///     `CredentialProviderChain.standard()` from `DeploySTS` for that), cached.
    ///   - transport: the HTTP transport (`AsyncHTTPClientTransport.shared` for real traffic).
    ///   - retryPolicy: retries of throttled and transient failures.
    ///   - timeout: the longest one attempt may take.
    ///   - logger: where clients log: one `debug` line per attempt, never a secret.
    ///   - environment: where `AWS_*` variables are read (the process's environment by default).
    ///   - signsContentSHA256: whether every request carries a signed `X-Amz-Content-SHA256`.
    ///
    /// Throws ``/DeployBasics/RegionError`` without a region and ``EndpointError`` when an endpoint override
    /// (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`) is not a URL.
    public init(
        region: String? = nil,
        credentialProvider: (any CredentialProvider)? = nil,
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60),
        logger: Logger = Logger(label: "LambdaDeployKit"),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        signsContentSHA256: Bool = true
    ) throws {
        let context = CredentialContext(environment: environment, transport: transport, logger: logger)
        self.region = try Region.resolve(explicit: region, context: context)
        try Endpoint.validateOverrides(in: environment)
        if let provider = credentialProvider as? CachedCredentialProvider {
            self.credentialProvider = provider
        } else {
            self.credentialProvider = CachedCredentialProvider(credentialProvider ?? CredentialProviderChain.default(), context: context)
        }
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.logger = logger
        self.environment = environment
        self.signsContentSHA256 = signsContentSHA256
    }

    /// A copy for another region (same credentials, transport and policy).
    public func with(region: Region) -> AWSConfiguration {
        var copy = self
        copy.region = region
        return copy
    }
}
