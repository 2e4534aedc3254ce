import DeployCore
import Foundation
import Logging
import Synchronization

/// Secrets read at run time, cached like AWS's own caching clients.
///
/// - A value is kept for ``Configuration/timeToLive`` (1 hour by default), and fetched again in
///   the background during the last ``Configuration/refreshAhead`` of that time, so that readers
///   never wait once a secret is warm.
/// - Concurrent readers of one cold secret share one `GetSecretValue` (single flight).
/// - When a refresh fails for a transient reason (network, throttling, a 5xx), the last good value
///   is served for up to ``Configuration/gracePeriod`` past its expiry and the failure is logged;
///   a permanent failure (the secret was deleted, access was revoked) is surfaced at once.
/// - At most ``Configuration/maximumEntries`` versions are kept; the least recently read goes first.
///
/// ```swift
/// let cache = SecretCache(client: secrets)
/// let password = try await cache.secret("prod/db", jsonKey: "password")
/// ```
public final class SecretCache: Sendable {
    /// Timing and size.
    public struct Configuration: Sendable {
        /// How long a value is used.
        public var timeToLive: Duration
        /// How long before expiry a background refresh starts.
        public var refreshAhead: Duration
        /// How long past expiry a stale value may be served while refreshes fail transiently.
        public var gracePeriod: Duration
        /// The most secret versions kept.
        public var maximumEntries: Int
        /// The clock.
        public var now: @Sendable () -> Date

        /// Creates a configuration; by default 1 hour, refresh in the last 5 minutes, 15 minutes of
        /// grace, 1,024 entries, the system clock.
        public init(
            timeToLive: Duration = .seconds(3600), refreshAhead: Duration = .seconds(300), gracePeriod: Duration = .seconds(900),
            maximumEntries: Int = 1024, now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.timeToLive = timeToLive
            self.refreshAhead = refreshAhead
            self.gracePeriod = gracePeriod
            self.maximumEntries = max(1, maximumEntries)
            self.now = now
        }
    }

    /// Fetches one version of a secret.
    public typealias Fetcher = @Sendable (_ secretID: String, _ version: SecretVersion) async throws -> SecretValue

    struct Key: Hashable, Sendable {
        var secretID: String
        var version: SecretVersion
    }

    struct Entry: Sendable {
        var value: SecretValue?
        var fetchedAt: Date?
        var inFlight: Task<SecretValue, any Error>?
        var lastRead: UInt64 = 0
    }

    struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var reads: UInt64 = 0
    }

    private let state = Mutex(State())
    private let fetch: Fetcher
    /// The timing and size.
    public let configuration: Configuration
    private let logger: Logger

    /// A cache in front of `client`.
    public convenience init(
        client: SecretsManagerClient, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "LambdaDeployKit.secrets")
    ) {
        self.init(configuration: configuration, logger: logger) { id, version in try await client.secretValue(id, version: version) }
    }

    /// A cache in front of any source of secrets.
    public init(
        configuration: Configuration = Configuration(), logger: Logger = Logger(label: "LambdaDeployKit.secrets"), fetch: @escaping Fetcher
    ) {
        self.configuration = configuration
        self.logger = logger
        self.fetch = fetch
    }

    /// The value of a secret (the current version by default), from the cache when it is fresh.
    public func secret(_ secretID: String, version: SecretVersion = .current) async throws -> SecretBytes {
        try await secretValue(secretID, version: version).value
    }

    /// One key of a JSON secret.
    public func secret(_ secretID: String, jsonKey: String, version: SecretVersion = .current) async throws -> SecretBytes {
        try await secret(secretID, version: version).value(forKey: jsonKey, secretID: secretID)
    }

    /// The value of a `serverless.yml` reference such as
    /// `${ssm:/aws/reference/secretsmanager/prod/db:password}`.
    public func resolve(_ reference: SecretReference) async throws -> SecretBytes {
        if let key = reference.jsonKey { return try await secret(reference.secretID, jsonKey: key) }
        return try await secret(reference.secretID)
    }

    /// A secret and its version details.
    public func secretValue(_ secretID: String, version: SecretVersion = .current) async throws -> SecretValue {
        let key = Key(secretID: secretID, version: version)
        let now = configuration.now()
        enum Plan {
            case cached(SecretValue)
            case wait(Task<SecretValue, any Error>)
        }
        let plan: Plan = state.withLock { state in
            state.reads &+= 1
            var entry = state.entries[key] ?? Entry()
            entry.lastRead = state.reads
            defer { state.entries[key] = entry }
            if let value = entry.value, let fetchedAt = entry.fetchedAt {
                let age = now.timeIntervalSince(fetchedAt)
                let lifetime = Self.seconds(configuration.timeToLive)
                if age < lifetime {
                    if age >= lifetime - Self.seconds(configuration.refreshAhead), entry.inFlight == nil {
                        entry.inFlight = startFetch(key)
                    }
                    return .cached(value)
                }
            }
            if let task = entry.inFlight { return .wait(task) }
            if state.entries[key] == nil { evictIfFull(&state) }
            let task = startFetch(key)
            entry.inFlight = task
            return .wait(task)
        }
        switch plan {
        case .cached(let value):
            return value
        case .wait(let task):
            return try await task.value
        }
    }

    /// Forgets every version of a secret: the next read fetches it.
    public func invalidate(_ secretID: String) {
        state.withLock { state in
            for key in state.entries.keys where key.secretID == secretID { state.entries[key] = nil }
        }
    }

    /// Forgets everything.
    public func invalidateAll() {
        state.withLock { $0.entries.removeAll() }
    }

    /// How many versions are cached.
    public var count: Int { state.withLock { $0.entries.values.filter { $0.value != nil }.count } }

    /// Starts the one fetch of `key`; its outcome updates the entry whoever awaits it. The value
    /// counts as fetched when the request started, so its age is never understated.
    private func startFetch(_ key: Key) -> Task<SecretValue, any Error> {
        let started = configuration.now()
        return Task { [fetch] in
            do {
                let value = try await fetch(key.secretID, key.version)
                value.registerForRedaction()
                let now = started
                state.withLock { state in
                    guard var entry = state.entries[key] else { return }
                    entry.value = value
                    entry.fetchedAt = now
                    entry.inFlight = nil
                    state.entries[key] = entry
                }
                return value
            } catch {
                return try failed(key, error)
            }
        }
    }

    /// A failed fetch: the last good value within the grace period when the failure is transient,
    /// the error otherwise.
    private func failed(_ key: Key, _ error: any Error) throws -> SecretValue {
        let now = configuration.now()
        let transient = Self.isTransient(error)
        let stale: SecretValue? = state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            entry.inFlight = nil
            guard transient else {
                state.entries[key] = nil
                return nil
            }
            state.entries[key] = entry
            guard let value = entry.value, let fetchedAt = entry.fetchedAt,
                now.timeIntervalSince(fetchedAt) < Self.seconds(configuration.timeToLive) + Self.seconds(configuration.gracePeriod)
            else { return nil }
            return value
        }
        if let stale {
            logger.warning(
                "refreshing a secret failed; serving the cached value",
                metadata: ["secret": "\(key.secretID)", "version": "\(key.version)", "error": "\(error)"]
            )
            return stale
        }
        logger.debug("reading a secret failed", metadata: ["secret": "\(key.secretID)", "transient": "\(transient)", "error": "\(error)"])
        throw error
    }

    private func evictIfFull(_ state: inout State) {
        guard state.entries.count >= configuration.maximumEntries else { return }
        if let oldest = state.entries.filter({ $0.value.inFlight == nil }).min(by: { $0.value.lastRead < $1.value.lastRead }) {
            state.entries[oldest.key] = nil
        }
    }

    /// Network failures, throttling and server errors are transient; anything else (not found,
    /// access denied, a secret marked for deletion, no credentials) is not.
    public static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? TransportError { return error.isTransient }
        if let error = error as? AWSServiceError {
            return error.statusCode >= 500 || error.statusCode == 429 || RetryPolicy.retryableCodes.contains(error.code)
        }
        return false
    }

    static func seconds(_ duration: Duration) -> TimeInterval { duration.seconds }
}
