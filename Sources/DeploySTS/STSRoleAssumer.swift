import DeployCore
import DeploySigV4
import Foundation
import Logging

/// Assumes roles through STS for the web-identity and profile credential providers.
public struct STSRoleAssumer: RoleAssumer {
    let transport: any HTTPTransport
    let environment: [String: String]
    let logger: Logger

    /// Creates the assumer.
    public init(
        transport: any HTTPTransport, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "LambdaDeployKit.sts")
    ) {
        self.transport = transport
        self.environment = environment
        self.logger = logger
    }

    /// A client for `region`; without one, the `aws` partition's STS in us-east-1 (the endpoint the
    /// global `sts.amazonaws.com` name serves).
    private func client(region: Region?, credentials: Credentials?) throws -> STSClient {
        let provider =
            credentials.map { StaticCredentialProvider($0) }
            ?? StaticCredentialProvider(Credentials(accessKeyID: "-", secretAccessKey: "-"))
        let configuration = try AWSConfiguration(
            region: (region ?? (try? Region("us-east-1")))?.name, credentialProvider: provider, transport: transport, logger: logger,
            environment: environment
        )
        return STSClient(configuration: configuration)
    }

    public func assumeRole(
        roleARN: String, sessionName: String, using credentials: Credentials, region: Region?
    ) async throws -> Credentials {
        try await client(region: region, credentials: credentials).assumeRole(roleARN: roleARN, sessionName: sessionName).credentials
    }

    public func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, webIdentityToken: String, region: Region?
    ) async throws -> Credentials {
        try await client(region: region, credentials: nil)
            .assumeRoleWithWebIdentity(roleARN: roleARN, sessionName: sessionName, webIdentityToken: webIdentityToken).credentials
    }
}

extension CredentialProviderChain {
    /// The full standard chain, web identity and `role_arn` profiles included: environment, web
    /// identity (`AWS_ROLE_ARN` with a token file or variable), shared files, container,
    /// instance metadata.
    public static func standard(
        transport: any HTTPTransport, environment: [String: String] = ProcessInfo.processInfo.environment,
        webIdentityTokenVariable: String? = nil, logger: Logger = Logger(label: "LambdaDeployKit.sts")
    ) -> CredentialProviderChain {
        .default(
            assumer: STSRoleAssumer(transport: transport, environment: environment, logger: logger),
            webIdentityTokenVariable: webIdentityTokenVariable
        )
    }
}
