import Foundation
import Synchronization

/// The time a deploy reads and the sleeps it takes while a rollout bakes: the system's, or a
/// virtual one under which a 30-minute rollout runs in milliseconds.
///
/// ```swift
/// var pipeline = DeploymentPipeline(configuration: aws)
/// pipeline.clock = .virtual()     // in a test: every bake passes at once
/// ```
public struct DeployClock: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date
    /// Waits `duration` (or, for a virtual clock, moves its time on by it).
    public var sleep: @Sendable (Duration) async throws -> Void

    /// A clock from its two operations.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system clock and `Task.sleep`.
    public static let system = DeployClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })

    /// A clock starting at `start` whose sleeps return at once, moving its time on by what they
    /// were asked to wait.
    public static func virtual(startingAt start: Date = Date()) -> DeployClock {
        let time = Mutex(start)
        return DeployClock(
            now: { time.withLock { $0 } },
            sleep: { duration in
                try Task.checkCancellation()
                time.withLock { $0 = $0.addingTimeInterval(duration.seconds) }
                await Task.yield()
            })
    }
}
