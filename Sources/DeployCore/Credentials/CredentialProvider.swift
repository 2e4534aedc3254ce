import DeploySigV4
import Foundation
import Logging

/// Produces AWS credentials.
///
/// # The contract
///
/// - A provider that does not apply in this environment (its variables are not set, its file is
///   absent) throws ``CredentialProviderSkipped`` with a sentence saying why. A chain then tries
///   the next provider and lists the reason if nothing resolves.
/// - A provider that applies but fails (a malformed file, STS refusing the web identity token)
///   throws any other error; a chain stops there, because falling through to another identity
///   would deploy with credentials the user did not choose.
/// - Returned credentials carry ``/DeploySigV4/Credentials/expiration`` when they are temporary, so that
///   ``CachedCredentialProvider`` can refresh them ahead of time.
/// - A provider never logs, and never puts in an error, a secret access key or a session token.
/// - Everything a provider reads from outside (environment, files, clock, network) comes from its
///   ``CredentialContext`` or its initialiser, so that tests can inject it.
public protocol CredentialProvider: Sendable {
    /// A short name for diagnostics, such as `environment` or `profile default`.
    var name: String { get }

    /// Returns credentials, or throws ``CredentialProviderSkipped`` when this provider does not
    /// apply.
    func credentials(context: CredentialContext) async throws -> Credentials
}

/// Thrown by a provider that does not apply here; the chain moves on to the next one.
public struct CredentialProviderSkipped: Error, Sendable, CustomStringConvertible {
    /// Why the provider did not apply.
    public var reason: String

    /// Creates the error.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// What providers read from outside: injectable for tests.
public struct CredentialContext: Sendable {
    /// The process environment (or a test's).
    public var environment: [String: String]
    /// Where shared config files and token files are read.
    public var fileSystem: any FileSystem
    /// The current time.
    public var now: @Sendable () -> Date
    /// The transport for container and instance-metadata credentials.
    public var transport: (any HTTPTransport)?
    /// Where providers log (never a secret).
    public var logger: Logger

    /// Creates a context; by default the process environment, the local disk and the system clock.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fileSystem: any FileSystem = LocalFileSystem(),
        now: @escaping @Sendable () -> Date = { Date() },
        transport: (any HTTPTransport)? = nil,
        logger: Logger = Logger(label: "LambdaDeployKit.credentials")
    ) {
        self.environment = environment
        self.fileSystem = fileSystem
        self.now = now
        self.transport = transport
        self.logger = logger
    }

    /// The value of an environment variable, `nil` when unset or empty.
    public func variable(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}

/// Reads files: the local disk, or a test's files.
public protocol FileSystem: Sendable {
    /// The file's contents, or `nil` when there is no such file.
    func contents(atPath path: String) throws -> [UInt8]?
    /// The user's home folder, for `~/.aws/…`.
    var homeDirectory: String? { get }
}

/// The local disk.
public struct LocalFileSystem: FileSystem {
    /// Creates the file system.
    public init() {}

    public func contents(atPath path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    public var homeDirectory: String? {
        ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
    }
}

/// Credentials given in code.
public struct StaticCredentialProvider: CredentialProvider {
    let value: Credentials

    /// Creates a provider that always returns `credentials`.
    public init(_ credentials: Credentials) { value = credentials }

    public var name: String { "static" }

    public func credentials(context: CredentialContext) async throws -> Credentials { value }
}
