import Synchronization

/// A bounded, thread-safe cache of SigV4 signing keys, one per secret, day, region and service.
///
/// Deriving a signing key costs four HMACs; a cached key makes a signature one HMAC. When the
/// cache is full the oldest entry is dropped. Share one cache process-wide (``shared``) or give a
/// signer its own.
///
/// The cache never holds a secret access key: entries are keyed by an HMAC of the secret under a
/// random key drawn when the cache is made, so a memory dump or a debugger shows no secret, and
/// two caches' keys cannot be compared.
public final class SigningKeyCache: Sendable {
    struct Key: Hashable, Sendable {
        /// HMAC-SHA256 of the secret under ``SigningKeyCache/fingerprintKey``.
        var secret: SHA256Digest
        var day: Substring
        var region: String
        var service: String
    }

    struct State {
        var keys: [Key: HMACKey] = [:]
        var order: [Key] = []
    }

    let state = Mutex(State())
    /// This cache's own random key for fingerprinting secrets.
    private let fingerprintKey: HMACKey

    /// The most keys kept.
    public let capacity: Int

    /// A cache shared by every signer that is not given one.
    public static let shared = SigningKeyCache(capacity: 256)

    /// Creates a cache that keeps at most `capacity` keys (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        var random = SystemRandomNumberGenerator()
        fingerprintKey = HMACKey(key: (0..<4).flatMap { _ in withUnsafeBytes(of: random.next() as UInt64) { Array($0) } })
    }

    /// How many keys are cached now.
    public var count: Int { state.withLock { $0.keys.count } }

    /// Removes every key.
    public func removeAll() {
        state.withLock { $0 = State() }
    }

    func signingKey(secret: String, day: Substring, region: String, service: String) -> HMACKey {
        let key = Key(secret: fingerprintKey.authenticate(secret), day: day, region: region, service: service)
        if let cached = state.withLock({ $0.keys[key] }) { return cached }
        let derived = Self.derive(secret: secret, day: day, region: region, service: service)
        state.withLock { state in
            guard state.keys[key] == nil else { return }
            if state.keys.count >= capacity, !state.order.isEmpty {
                state.keys[state.order.removeFirst()] = nil
            }
            state.keys[key] = derived
            state.order.append(key)
        }
        return derived
    }

    /// The 4-step HMAC chain: `kSecret → kDate → kRegion → kService → kSigning`.
    static func deriveDigest(secret: String, day: Substring, region: String, service: String) -> SHA256Digest {
        let dateKey = HMACKey(key: Array("AWS4\(secret)".utf8)).authenticate(day)
        let regionKey = HMACKey(key: dateKey).authenticate(region)
        let serviceKey = HMACKey(key: regionKey).authenticate(service)
        return HMACKey(key: serviceKey).authenticate("aws4_request")
    }

    static func derive(secret: String, day: Substring, region: String, service: String) -> HMACKey {
        HMACKey(key: deriveDigest(secret: secret, day: day, region: region, service: service))
    }
}
