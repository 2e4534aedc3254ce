import DeploySigV4
import Foundation

/// Caches another provider's credentials: one fetch shared by every concurrent caller, and a
/// refresh ahead of expiry.
///
/// Long-term credentials (no expiry) are fetched once. Temporary ones are fetched again when
/// they expire within ``refreshMargin``.
public actor CachedCredentialProvider: CredentialProvider {
    private let base: any CredentialProvider
    private let context: CredentialContext
    /// How long before expiry credentials are refreshed.
    public let refreshMargin: Duration
    private var current: Credentials?
    private var inFlight: Task<Credentials, any Error>?

    /// Wraps `base`, reading through `context`.
    public init(_ base: any CredentialProvider, context: CredentialContext = CredentialContext(), refreshMargin: Duration = .seconds(300)) {
        self.base = base
        self.context = context
        self.refreshMargin = refreshMargin
    }

    public nonisolated var name: String { "cached" }

    /// The cached credentials, fetched when absent or about to expire.
    public func credentials() async throws -> Credentials {
        if let current, !current.isExpired(at: context.now(), margin: refreshMargin) { return current }
        if let inFlight { return try await inFlight.value }
        let task = Task { [base, context] in try await base.credentials(context: context) }
        inFlight = task
        defer { inFlight = nil }
        do {
            let fresh = try await task.value
            current = fresh
            return fresh
        } catch {
            // A refresh ahead of expiry that fails: the credentials in hand still sign until they
            // expire; only then does the failure reach the caller.
            if let current, !current.isExpired(at: context.now(), margin: .zero) {
                context.logger.warning(
                    "credential refresh failed; using the current credentials until they expire", metadata: ["error": "\(error)"])
                return current
            }
            throw error
        }
    }

    /// Same as ``credentials()``; the context given at creation is used.
    public func credentials(context: CredentialContext) async throws -> Credentials {
        try await credentials()
    }

    /// Drops the cached credentials, so the next call fetches again (after an
    /// `ExpiredToken` answer, for example).
    public func invalidate() {
        current = nil
    }
}
