import Foundation

/// Where a service's requests go, and the region their signature is scoped to.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public var scheme: String
    /// Host and optional port.
    public var authority: String
    /// A path prefix before the operation's path (empty or starting with `/`, no trailing `/`).
    public var basePath: String
    /// The region in the credential scope (for IAM, the partition's global region).
    public var signingRegion: String

    /// Creates an endpoint.
    public init(scheme: String, authority: String, basePath: String = "", signingRegion: String) {
        self.scheme = scheme
        self.authority = authority
        self.basePath = basePath
        self.signingRegion = signingRegion
    }

    /// Parses `scheme://host[:port][/base]`.
    public init(url: String, signingRegion: String) throws(EndpointError) {
        guard let schemeEnd = url.range(of: "://") else {
            throw EndpointError(message: "the endpoint URL '\(url)' has no scheme: write it as http://127.0.0.1:5000")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw EndpointError(message: "the endpoint URL '\(url)' must start with http:// or https://")
        }
        let rest = url[schemeEnd.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<slash])
        guard !authority.isEmpty else { throw EndpointError(message: "the endpoint URL '\(url)' has no host") }
        var basePath = String(rest[slash...])
        while basePath.hasSuffix("/") { basePath.removeLast() }
        self.init(scheme: scheme, authority: authority, basePath: basePath, signingRegion: signingRegion)
    }

    public var description: String { "\(scheme)://\(authority)\(basePath)" }

    /// The endpoint of `service` in `region`: `AWS_ENDPOINT_URL_<SERVICE>`, then
    /// `AWS_ENDPOINT_URL`, then the partition's standard host (IAM's global host for IAM).
    public static func resolve(service: AWSService, region: Region, environment: [String: String]) throws(EndpointError) -> Endpoint {
        let signingRegion = service.isGlobal ? region.partition.implicitGlobalRegion : region.name
        for variable in [service.endpointVariable, "AWS_ENDPOINT_URL"] {
            if let url = environment[variable], !url.isEmpty {
                return try Endpoint(url: url, signingRegion: signingRegion)
            }
        }
        let suffix = region.partition.dnsSuffix
        let host: String
        if service.isGlobal {
            switch region.partition.id {
            case "aws": host = "\(service.endpointPrefix).\(suffix)"
            case "aws-us-gov": host = "\(service.endpointPrefix).us-gov.\(suffix)"
            default: host = "\(service.endpointPrefix).\(region.partition.implicitGlobalRegion).\(suffix)"
            }
        } else {
            host = "\(service.endpointPrefix).\(region.name).\(suffix)"
        }
        return Endpoint(scheme: "https", authority: host, signingRegion: signingRegion)
    }
}

extension Endpoint {
    /// Checks every endpoint override in `environment` (`AWS_ENDPOINT_URL` and
    /// `AWS_ENDPOINT_URL_<SERVICE>`), so that a configuration reports a bad one when it is made
    /// rather than on some client's first call.
    static func validateOverrides(in environment: [String: String]) throws(EndpointError) {
        for (name, url) in environment where name == "AWS_ENDPOINT_URL" || name.hasPrefix("AWS_ENDPOINT_URL_") {
            guard !url.isEmpty else { continue }
            do {
                _ = try Endpoint(url: url, signingRegion: "-")
            } catch {
                throw EndpointError(message: "\(name): \(error.message)")
            }
        }
    }
}

/// An endpoint override that is not a usable URL.
public struct EndpointError: Error, Sendable, CustomStringConvertible {
    /// What was wrong and how to write it.
    public var message: String
    public var description: String { "EndpointError: \(message)" }
}
