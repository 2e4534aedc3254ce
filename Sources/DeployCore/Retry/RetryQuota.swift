import Synchronization

/// The AWS SDKs' `standard` retry quota: a token bucket shared by every call made with one retry
/// policy (one configuration). A retry takes 5 tokens, a retry after a timeout 10; a success
/// gives back what its retry took, or 1 token when it needed none. When the bucket cannot pay,
/// the error is thrown instead of retried — so a flood of failures cannot multiply the load it
/// puts on a struggling service beyond the bucket's size.
public final class RetryQuota: Sendable {
    /// The bucket's size (500, as in the SDKs).
    public let capacity: Int
    /// What a retry costs.
    public static let retryCost = 5
    /// What a retry after a timeout costs.
    public static let timeoutCost = 10

    private let tokens: Mutex<Int>

    /// A full bucket of `capacity` tokens.
    public init(capacity: Int = 500) {
        self.capacity = capacity
        tokens = Mutex(capacity)
    }

    /// The tokens left.
    public var available: Int { tokens.withLock { $0 } }

    /// Takes `cost` tokens for a retry; `false` (nothing taken) when the bucket cannot pay.
    func acquire(_ cost: Int) -> Bool {
        tokens.withLock { tokens in
            guard tokens >= cost else { return false }
            tokens -= cost
            return true
        }
    }

    /// Gives back `amount` after a success, up to the capacity.
    func release(_ amount: Int) {
        tokens.withLock { $0 = min(capacity, $0 + amount) }
    }
}
