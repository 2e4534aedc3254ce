/// When and how long to wait before sending a failed call again.
///
/// The rules are botocore's (`_retry.json`): throttling codes, HTTP 429, 500, 502, 503, 504 and
/// 509, and connection failures are retried; the wait is full-jitter exponential backoff
/// (`random(0…min(maxBackoff, baseDelay × 2^(attempt-1)))`), or the server's `Retry-After` when
/// it sends one, capped at ``maxBackoff``. Conflicts (`409`, `ResourceConflictException`) are
/// never retried blindly: the caller must wait for the resource's state, not guess. Only
/// replayable bodies are sent again, and only while the ``RetryQuota`` can pay for the retry.
///
/// A connection that broke or timed out after the request left leaves its outcome unknown: the
/// call is sent again only when it is idempotent (``isIdempotent(operation:)``, or a request
/// carrying an idempotency token). A `CreateFunction` sent twice would meet its own first success
/// as a conflict, an `AddPermission` a duplicate statement, a `CreateAccessKey` make a second key;
/// those fail with the ``TransportError`` (``TransportError/mayHaveTakenEffect``) and the caller
/// reads the live state to learn what happened (the deploy engine does).
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included (at least 1).
    public var maxAttempts: Int
    /// The backoff of the first retry before jitter.
    public var baseDelay: Duration
    /// The longest wait.
    public var maxBackoff: Duration
    /// Waits; replace it in tests to record delays without sleeping.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A random number in `0..<1`; replace it in tests for a fixed schedule.
    public var random: @Sendable () -> Double
    /// The retry quota every call made with this policy (and its copies) draws on.
    public var quota: RetryQuota
    /// The client-side rate limit of the SDKs' `adaptive` mode, shared by every call made with this
    /// policy (and its copies); `nil` (the `standard` mode) sends at once.
    public var rateLimiter: AdaptiveRateLimiter?

    /// Error codes retried whatever the status (`_retry.json`, plus the throttling codes every AWS
    /// SDK's standard mode adds).
    public static let retryableCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "ProvisionedThroughputExceededException", "TooManyRequestsException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "SlowDown", "RequestThrottled", "PriorRequestNotComplete", "EC2ThrottledException",
        "TransactionInProgressException", "RequestTimeout", "RequestTimeoutException", "InternalError",
        "InternalFailure", "ServiceUnavailable", "ServiceException",
    ]

    /// The codes that say the caller is sending too fast (with HTTP 429): what an
    /// ``AdaptiveRateLimiter`` slows down for.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Statuses retried whatever the code.
    public static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504, 509]

    /// Codes never retried, whatever the status.
    public static let neverRetried: Set<String> = ["ResourceConflictException", "ConflictException"]

    /// Creates a policy; by default 3 attempts, 1 s base, 20 s cap, real sleep and system randomness.
    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .seconds(1), maxBackoff: Duration = .seconds(20),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        quota: RetryQuota = RetryQuota()
    ) {
        self.quota = quota
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.sleep = sleep
        self.random = random
    }

    /// A policy that never retries.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The SDKs' `adaptive` mode: the standard retries, and once a service throttles, calls sent
    /// no faster than an ``AdaptiveRateLimiter`` allows — what parallel deploy jobs sharing one
    /// account's API limits need (Lambda's control plane allows 15 calls a second per account and
    /// Region, all jobs together).
    public static func adaptive(maxAttempts: Int = 3) -> RetryPolicy {
        var policy = RetryPolicy(maxAttempts: maxAttempts)
        policy.rateLimiter = AdaptiveRateLimiter()
        return policy
    }

    /// Whether an error says the caller is sending too fast.
    public func isThrottling(_ error: AWSServiceError) -> Bool {
        error.statusCode == 429 || Self.throttlingCodes.contains(error.code)
    }

    /// Whether an error response is worth sending again.
    public func isRetryable(_ error: AWSServiceError) -> Bool {
        if error.statusCode == 409 || Self.neverRetried.contains(error.code) { return false }
        return Self.retryableCodes.contains(error.code) || Self.retryableStatuses.contains(error.statusCode)
    }

    /// Operations whose repetition does no more than one call: reads, and writes that set a state
    /// (`Put…`, `Update…`, `Delete…`, `Tag…`), by the name's first word; plus `PublishVersion`, which
    /// returns the version already published when nothing changed since, S3's `UploadPart` (the
    /// same part again replaces it) and `AbortMultipartUpload`.
    public static func isIdempotent(operation: String) -> Bool {
        if idempotentOperations.contains(operation) { return true }
        let verb = operation.prefix(1) + operation.dropFirst().prefix { $0.isLowercase }
        return idempotentVerbs.contains(String(verb))
    }

    /// First words of idempotent operations' names.
    static let idempotentVerbs: Set<String> = [
        "Get", "List", "Describe", "Head", "Put", "Update", "Delete", "Remove", "Tag", "Untag", "Attach", "Detach", "Set", "Assume",
    ]

    /// Idempotent operations whose first word says otherwise.
    static let idempotentOperations: Set<String> = [
        "PublishVersion", "FilterLogEvents", "UploadPart", "AbortMultipartUpload",
    ]

    /// The wait before attempt `attempt + 1`, after `attempt` failed.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(retryAfter, maxBackoff) }
        let exponent = min(attempt - 1, 30)
        let ceiling = min(baseDelay * (1 << exponent), maxBackoff)
        return ceiling * random()
    }
}
