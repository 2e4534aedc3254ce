import Foundation
import Synchronization

/// A settable wall clock for expiry tests.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at `start`.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = Mutex(start) }

    /// The time now.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// A `now` closure for injection.
    public var closure: @Sendable () -> Date { { self.now } }
}

/// Records the waits a retry policy asks for instead of sleeping.
public final class RecordedSleeps: Sendable {
    private let storage = Mutex<[Duration]>([])

    /// Creates an empty record.
    public init() {}

    /// The waits asked for, in order.
    public var delays: [Duration] { storage.withLock { $0 } }

    /// A `sleep` closure for injection.
    public var sleep: @Sendable (Duration) async throws -> Void { { delay in self.storage.withLock { $0.append(delay) } } }
}
