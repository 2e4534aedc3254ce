import Foundation
import Synchronization

/// The AWS SDKs' `adaptive` retry mode: once a service throttles, calls wait for a token from a
/// client-side bucket whose rate follows CUBIC congestion control — cut to 70 % of the measured
/// sending rate at each throttle, grown back along a cubic curve while calls succeed. Jobs that
/// share an account's API limits (parallel deploy jobs, each with its own limiter) settle on their
/// shares instead of exhausting their retries against each other.
///
/// Share one limiter between the clients of one process (``RetryPolicy/adaptive(maxAttempts:)``
/// makes one); give a clock and a sleep of your own to run it in virtual time.
public final class AdaptiveRateLimiter: Sendable {
    /// The CUBIC constants of the SDKs' adaptive mode.
    static let beta = 0.7
    static let scale = 0.4
    static let smoothing = 0.8
    static let minimumRate = 0.5

    private struct State {
        var enabled = false
        // The token bucket.
        var maximumRate = 0.0
        var tokens = 0.0
        var lastRefill: Double?
        // CUBIC.
        var lastMaximumRate = 0.5
        var lastThrottle: Double
        var k = 0.0
        // The measured sending rate, in half-second buckets.
        var measuredRate = 0.0
        var bucket: Double
        var requestsInBucket = 0
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Duration) async throws -> Void

    /// A limiter reading time (in seconds) from `now` and waiting with `sleep`.
    public init(
        now: @escaping @Sendable () -> Double = { AdaptiveRateLimiter.monotonicSeconds() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.now = now
        self.sleep = sleep
        let start = now()
        state = Mutex(State(lastThrottle: start, bucket: (start * 2).rounded(.down) / 2))
    }

    private static let start = ContinuousClock.now

    /// Seconds on the continuous clock (since the process first asked).
    public static func monotonicSeconds() -> Double {
        (ContinuousClock.now - start).seconds
    }

    /// The rate calls are sent at once throttled (calls per second); `nil` before any throttle.
    public var currentRate: Double? { state.withLock { $0.enabled ? $0.maximumRate : nil } }

    /// Waits, once the service has throttled, until a token is free.
    func acquire() async throws {
        while true {
            let wait: Double? = state.withLock { state in
                guard state.enabled else { return nil }
                Self.refill(&state, at: now())
                if state.tokens >= 1 {
                    state.tokens -= 1
                    return nil
                }
                return (1 - state.tokens) / max(state.maximumRate, Self.minimumRate)
            }
            guard let wait else { return }
            try await sleep(.milliseconds(Int64((wait * 1000).rounded(.up))))
        }
    }

    /// Learns from one response: a throttle cuts the rate, a success grows it back.
    func record(throttled: Bool) {
        state.withLock { state in
            let time = now()
            Self.measure(&state, at: time)
            var rate: Double
            if throttled {
                let sending = state.enabled ? min(state.measuredRate, state.maximumRate) : state.measuredRate
                state.lastMaximumRate = sending
                state.k = cbrt(sending * (1 - Self.beta) / Self.scale)
                state.lastThrottle = time
                rate = sending * Self.beta
                state.enabled = true
            } else {
                let elapsed = time - state.lastThrottle
                rate = Self.scale * (elapsed - state.k) * (elapsed - state.k) * (elapsed - state.k) + state.lastMaximumRate
                rate = min(rate, 2 * state.measuredRate)
            }
            Self.refill(&state, at: time)
            state.maximumRate = max(rate, Self.minimumRate)
            state.tokens = min(state.tokens, max(state.maximumRate, 1))
        }
    }

    private static func refill(_ state: inout State, at time: Double) {
        if let last = state.lastRefill {
            state.tokens = min(max(state.maximumRate, 1), state.tokens + (time - last) * state.maximumRate)
        }
        state.lastRefill = time
    }

    private static func measure(_ state: inout State, at time: Double) {
        let bucket = (time * 2).rounded(.down) / 2
        state.requestsInBucket += 1
        if bucket > state.bucket {
            let current = Double(state.requestsInBucket) / (bucket - state.bucket)
            state.measuredRate = current * smoothing + state.measuredRate * (1 - smoothing)
            state.requestsInBucket = 0
            state.bucket = bucket
        }
    }
}
