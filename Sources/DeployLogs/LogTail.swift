import Foundation

/// A function's log events as an `AsyncSequence`, oldest first, polled with `FilterLogEvents`
/// (see ``CloudWatchLogsClient/logs(function:since:follow:pollInterval:sleep:)``). An event is
/// given once even when several share a millisecond across polls.
public struct LogTail: AsyncSequence, Sendable {
    public typealias Element = LogEvent

    let client: CloudWatchLogsClient
    let group: String
    let since: Date
    let follow: Bool
    let pollInterval: Duration
    let sleep: @Sendable (Duration) async throws -> Void

    public func makeAsyncIterator() -> Iterator {
        Iterator(tail: self, start: since)
    }

    /// Reads a batch when the last one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        let tail: LogTail
        var start: Date
        var buffer: [LogEvent] = []
        /// The ids already given at `start`'s millisecond (the next poll starts there again).
        var given: Set<String> = []
        var finished = false

        init(tail: LogTail, start: Date) {
            self.tail = tail
            self.start = start
        }

        public mutating func next() async throws -> LogEvent? {
            while buffer.isEmpty {
                guard !finished, !Task.isCancelled else { return nil }
                let given = self.given
                let events = try await tail.client.filterLogEvents(tail.group, from: start).filter { event in
                    event.id.map { !given.contains($0) } ?? true
                }
                if let newest = events.map(\.timestamp).max() {
                    if newest > start { self.given = [] }
                    // Without ids, the next poll starts after this millisecond instead.
                    start = events.allSatisfy { $0.id != nil } ? newest : newest.addingTimeInterval(0.001)
                    self.given.formUnion(events.filter { $0.timestamp == newest }.compactMap(\.id))
                    buffer = events
                } else if tail.follow {
                    try await tail.sleep(tail.pollInterval)
                } else {
                    finished = true
                }
            }
            return buffer.removeFirst()
        }
    }
}
