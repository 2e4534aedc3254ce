import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import Synchronization
import Testing

@testable import DeployCore

/// A clock that moves only when the limiter sleeps or the test says so.
final class ManualSeconds: Sendable {
    private let value = Mutex(0.0)
    private let slept = Mutex(0.0)
    var now: Double { value.withLock { $0 } }
    var totalSlept: Double { slept.withLock { $0 } }
    func advance(_ seconds: Double) { value.withLock { $0 += seconds } }
    func sleep(_ duration: Duration) {
        let (whole, fraction) = duration.components
        let seconds = Double(whole) + Double(fraction) / 1e18
        value.withLock { $0 += seconds }
        slept.withLock { $0 += seconds }
    }
}

@Suite("Adaptive retry mode: the client-side rate limit")
struct AdaptiveRateLimiterTests {
    func limiter(_ clock: ManualSeconds) -> AdaptiveRateLimiter {
        AdaptiveRateLimiter(now: { clock.now }, sleep: { clock.sleep($0) })
    }

    /// Sends `count` calls at `perSecond`, recording each as `throttled` or not.
    func send(_ limiter: AdaptiveRateLimiter, _ clock: ManualSeconds, count: Int, perSecond: Double, throttled: Bool = false) async throws {
        for _ in 0..<count {
            try await limiter.acquire()
            clock.advance(1 / perSecond)
            limiter.record(throttled: throttled)
        }
    }

    @Test("nothing waits until the service throttles; then the rate is cut to 70 % of what was measured")
    func cutOnThrottle() async throws {
        let clock = ManualSeconds()
        let limiter = limiter(clock)
        try await send(limiter, clock, count: 100, perSecond: 20)
        #expect(limiter.currentRate == nil && clock.totalSlept == 0)
        limiter.record(throttled: true)
        let rate = try #require(limiter.currentRate)
        #expect(abs(rate - 0.7 * 20) < 1.5, "\(rate)")
        // A second's worth of tokens is banked; then calls are spaced at about the new rate: 42 calls
        // (14 banked, 28 more) take about 2 s of waiting.
        let before = clock.now
        for _ in 0..<42 {
            try await limiter.acquire()
        }
        #expect(clock.now - before > 1 && clock.now - before < 3, "\(clock.now - before)")
    }

    @Test("successes grow the rate back along the cubic curve, never above twice the measured rate")
    func growsBack() async throws {
        let clock = ManualSeconds()
        let limiter = limiter(clock)
        try await send(limiter, clock, count: 40, perSecond: 10)
        limiter.record(throttled: true)
        let cut = try #require(limiter.currentRate)
        try await send(limiter, clock, count: 30, perSecond: 5)
        let grown = try #require(limiter.currentRate)
        #expect(grown > cut * 0.5 && grown <= 2 * 10 + 0.01, "\(cut) → \(grown)")
        // Throttled again: cut below what it was sending.
        limiter.record(throttled: true)
        #expect(try #require(limiter.currentRate) < grown)
    }

    @Test("through AWSClient: a 429 turns the limiter on, later calls wait for tokens, a success counts")
    func throughTheClient() async throws {
        let mock = MockTransport()
        mock.on(
            .any,
            replies: [
                .awsError("TooManyRequestsException", message: "Rate exceeded", status: 429, protocol: .restJSON), .json(#"{"ok":true}"#),
            ])
        let clock = ManualSeconds()
        var configuration = try Fixtures.configuration(mock)
        configuration.retryPolicy.rateLimiter = limiter(clock)
        let client = try AWSClient(service: Fixtures.lambdaLike, configuration: configuration)
        #expect(configuration.retryPolicy.rateLimiter?.currentRate == nil)
        _ = try await client.send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(configuration.retryPolicy.rateLimiter?.currentRate != nil, "throttled once: limited since")
        #expect(mock.requests.count == 2)
        #expect(RetryPolicy.adaptive().rateLimiter != nil && RetryPolicy().rateLimiter == nil)
        #expect(
            RetryPolicy().isThrottling(
                AWSServiceError(code: "SlowDown", message: "", statusCode: 503, requestID: nil, service: "S3", operation: "PutObject")))
    }
}
