// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire (or the vector file) names its members.
import DeploySigV4
import Foundation
import HTTPTypes

/// The JSON document that the ECS container endpoint and EC2 instance metadata both return.
struct MetadataCredentials: Decodable {
    var AccessKeyId: String
    var SecretAccessKey: String
    var Token: String?
    var Expiration: String?

    /// Decodes a response body, naming the endpoint when it is not what was expected (the body is
    /// never echoed: it may hold a secret).
    static func decode(_ body: [UInt8], from endpoint: String) throws -> Credentials {
        let document: MetadataCredentials
        do {
            document = try JSONDecoder().decode(MetadataCredentials.self, from: Data(body))
        } catch {
            throw CredentialError(
                .metadataEndpointFailed, "\(endpoint) answered with a document that is not credentials JSON (\(body.count) bytes)")
        }
        let expiration = document.Expiration.flatMap(AWSJSON.parseDate)
        return Credentials(
            accessKeyID: document.AccessKeyId, secretAccessKey: document.SecretAccessKey, sessionToken: document.Token,
            expiration: expiration
        )
    }

    /// Sends a metadata request and returns the body of a 2xx response.
    static func fetch(
        _ request: HTTPRequest, transport: any HTTPTransport, timeout: Duration, context: CredentialContext, what: String
    ) async throws -> [UInt8] {
        let response: TransportResponse
        do {
            response = try await transport.send(request, body: nil, context: TransportContext(timeout: timeout, logger: context.logger))
        } catch let error as TransportError {
            throw CredentialProviderSkipped("\(what) did not answer (\(error.kind))")
        }
        guard (200..<300).contains(response.statusCode) else {
            throw CredentialError(.metadataEndpointFailed, "\(what) answered HTTP \(response.statusCode) for \(request.path ?? "/")")
        }
        return response.body
    }
}

/// Credentials from the ECS/EKS container endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// (on 169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the token in
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN` or the file named by `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
public struct ContainerCredentialProvider: CredentialProvider {
    /// Creates the provider.
    public init() {}

    public var name: String { "container" }

    public func credentials(context: CredentialContext) async throws -> Credentials {
        let url: String
        if let relative = context.variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = "http://169.254.170.2\(relative.hasPrefix("/") ? "" : "/")\(relative)"
        } else if let full = context.variable("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            try Self.checkFullURI(full)
            url = full
        } else {
            throw CredentialProviderSkipped("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set")
        }
        guard let transport = context.transport else {
            throw CredentialProviderSkipped("no transport was given to reach the container endpoint")
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token = context.variable("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
            headers.append(("Authorization", token))
        } else if let path = context.variable("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
            let bytes = try context.fileSystem.contents(atPath: path)
        {
            headers.append(("Authorization", String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let request: HTTPRequest
        do {
            request = try HTTPRequest(method: "GET", url: url, headers: headers)
        } catch {
            throw CredentialError(.metadataEndpointFailed, "the container credentials URI is not a URL: \(error)")
        }
        let body = try await MetadataCredentials.fetch(
            request, transport: transport, timeout: .seconds(2), context: context, what: "the container credentials endpoint"
        )
        return try MetadataCredentials.decode(body, from: "the container credentials endpoint")
    }
}

extension ContainerCredentialProvider {
    /// The hosts `AWS_CONTAINER_CREDENTIALS_FULL_URI` may name over plain HTTP: loopback, the ECS
    /// (`169.254.170.2`) and EKS Pod Identity (`169.254.170.23`, `fd00:ec2::23`) agents.
    static let plainHTTPHosts: Set<String> = [
        "localhost", "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]", "::1", "[::1]",
    ]

    /// The AWS SDKs' rule for a full URI: HTTPS to any host; plain HTTP only to loopback or the
    /// container agents, since the authorization token and the credentials would otherwise cross
    /// a network in the clear (or go to whoever controls the variable).
    static func checkFullURI(_ uri: String) throws {
        guard let url = URL(string: uri), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
            throw CredentialError(.metadataEndpointFailed, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an absolute URL: \(uri)")
        }
        if scheme == "https" { return }
        let isLoopbackIPv4 =
            host.hasPrefix("127.") && host.split(separator: ".").count == 4
            && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        guard scheme == "http", isLoopbackIPv4 || plainHTTPHosts.contains(host) else {
            throw CredentialError(
                .containerURIRejected,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI (\(scheme)://\(host)) is refused: plain HTTP is allowed only to loopback, "
                    + "169.254.170.2, 169.254.170.23 or fd00:ec2::23; use https:// for any other host"
            )
        }
    }
}

/// Credentials of the EC2 instance profile through IMDSv2 (a session token first, then the role's
/// credentials), with a 1-second timeout so that a machine outside EC2 moves on quickly.
/// `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    /// How long each metadata call may take.
    public var timeout: Duration

    /// Creates the provider.
    public init(timeout: Duration = .seconds(1)) { self.timeout = timeout }

    public var name: String { "EC2 instance metadata" }

    public func credentials(context: CredentialContext) async throws -> Credentials {
        if context.variable("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" {
            throw CredentialProviderSkipped("AWS_EC2_METADATA_DISABLED is true")
        }
        guard let transport = context.transport else {
            throw CredentialProviderSkipped("no transport was given to reach instance metadata")
        }
        var base = context.variable("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? "http://169.254.169.254"
        while base.hasSuffix("/") { base.removeLast() }
        let what = "instance metadata (\(base))"
        do {
            let tokenRequest = try HTTPRequest(
                method: "PUT", url: "\(base)/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]
            )
            let token = String(
                decoding: try await MetadataCredentials.fetch(
                    tokenRequest, transport: transport, timeout: timeout, context: context, what: what), as: UTF8.self)
            let tokenHeader = [(name: "X-aws-ec2-metadata-token", value: token)]
            let rolesURL = "\(base)/latest/meta-data/iam/security-credentials/"
            let roles = String(
                decoding: try await MetadataCredentials.fetch(
                    try HTTPRequest(method: "GET", url: rolesURL, headers: tokenHeader), transport: transport, timeout: timeout,
                    context: context, what: what
                ), as: UTF8.self
            )
            guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
                throw CredentialProviderSkipped("the instance has no IAM role attached")
            }
            let body = try await MetadataCredentials.fetch(
                try HTTPRequest(method: "GET", url: rolesURL + role, headers: tokenHeader), transport: transport, timeout: timeout,
                context: context, what: what
            )
            return try MetadataCredentials.decode(body, from: what)
        } catch let error as DeploySigV4.SigV4Error {
            throw CredentialError(.metadataEndpointFailed, "AWS_EC2_METADATA_SERVICE_ENDPOINT is not a URL: \(error.message)")
        }
    }
}
