import DeployCore
import Foundation

/// One log event, as `FilterLogEvents` and `GetLogEvents` return it.
public struct LogEvent: Sendable, Hashable {
    /// When the function wrote it.
    public var timestamp: Date
    /// The line (Lambda ends it with a newline).
    public var message: String
    /// The stream it is in (`2026/12/06/[7]0123abcd…` for version 7 of a Lambda function).
    public var stream: String?
    /// CloudWatch Logs' id of the event (unique in the group), when given.
    public var id: String?

    /// An event.
    public init(timestamp: Date, message: String, stream: String? = nil, id: String? = nil) {
        self.timestamp = timestamp
        self.message = message
        self.stream = stream
        self.id = id
    }

    /// The Lambda version that wrote it, from its stream's name (`[7]`, `[$LATEST]`).
    public var version: String? {
        guard let stream, let open = stream.firstIndex(of: "["), let close = stream[open...].firstIndex(of: "]") else { return nil }
        return String(stream[stream.index(after: open)..<close])
    }

    /// Whether the line reports an error: Lambda's `[ERROR]` and `ERROR` levels, a traceback, an
    /// uncaught exception, a timeout or a crash of the runtime.
    public var isError: Bool {
        let markers = ["ERROR", "Traceback", "Exception", "Task timed out", "Runtime exited", "Runtime.", "errorMessage"]
        return markers.contains { message.contains($0) }
    }
}

extension CloudWatchLogsClient {
    /// The log group Lambda writes `function`'s logs to.
    public static func logGroup(function: String) -> String { "/aws/lambda/\(function)" }

    /// The stream prefix of `version`'s streams on `date`'s UTC day: `YYYY/MM/DD/[VERSION]`.
    public static func streamPrefix(version: String, on date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d/%02d/%02d/[%@]", day.year ?? 0, day.month ?? 0, day.day ?? 0, version)
    }

    /// `FilterLogEvents`: the group's events from `start` to `end`, every page, in time order.
    /// - Parameters:
    ///   - group: the log group (``logGroup(function:)`` for a Lambda function's).
    ///   - streamPrefix: only streams whose names start with it.
    ///   - start: the earliest event's time.
    ///   - end: the latest event's time.
    ///   - pattern: CloudWatch Logs' filter pattern; `nil` for every event.
    ///   - limit: stops after this many events.
    public func filterLogEvents(
        _ group: String, streamPrefix: String? = nil, from start: Date? = nil, to end: Date? = nil, pattern: String? = nil,
        limit: Int = 10_000
    ) async throws -> [LogEvent] {
        struct Input: Encodable {
            var logGroupName: String
            var logStreamNamePrefix: String?
            var startTime, endTime: Int64?
            var filterPattern: String?
            var nextToken: String?
            var limit: Int?
        }
        struct Event: Decodable {
            var logStreamName: String?
            var timestamp: Int64?
            var message: String?
            var eventId: String?
        }
        struct Output: Decodable {
            var events: [Event]?
            var nextToken: String?
        }
        var events: [LogEvent] = []
        var token: String?
        repeat {
            let input = Input(
                logGroupName: group, logStreamNamePrefix: streamPrefix, startTime: start.map(Self.milliseconds),
                endTime: end.map(Self.milliseconds), filterPattern: pattern, nextToken: token, limit: min(10_000, limit - events.count))
            let page = try await client.json("FilterLogEvents", input: input, output: Output.self)
            events += (page.events ?? []).map {
                LogEvent(
                    timestamp: Date(timeIntervalSince1970: Double($0.timestamp ?? 0) / 1000), message: $0.message ?? "",
                    stream: $0.logStreamName, id: $0.eventId)
            }
            token = page.nextToken
        } while token != nil && events.count < limit
        return events
    }

    /// `GetLogEvents`: one stream's events from `start`, oldest first, every page (until the
    /// forward token stops changing, as CloudWatch Logs signals the end).
    public func logEvents(_ group: String, stream: String, from start: Date? = nil, limit: Int = 10_000) async throws -> [LogEvent] {
        struct Input: Encodable {
            var logGroupName, logStreamName: String
            var startTime: Int64?
            var nextToken: String?
            var startFromHead: Bool
        }
        struct Event: Decodable {
            var timestamp: Int64?
            var message: String?
        }
        struct Output: Decodable {
            var events: [Event]?
            var nextForwardToken: String?
        }
        var events: [LogEvent] = []
        var token: String?
        while events.count < limit {
            let input = Input(
                logGroupName: group, logStreamName: stream, startTime: start.map(Self.milliseconds), nextToken: token, startFromHead: true)
            let page = try await client.json("GetLogEvents", input: input, output: Output.self)
            events += (page.events ?? []).map {
                LogEvent(
                    timestamp: Date(timeIntervalSince1970: Double($0.timestamp ?? 0) / 1000), message: $0.message ?? "", stream: stream)
            }
            guard let next = page.nextForwardToken, next != token, !(page.events ?? []).isEmpty else { break }
            token = next
        }
        return Array(events.prefix(limit))
    }

    /// `CreateLogStream`.
    public func createLogStream(_ group: String, stream: String) async throws {
        struct Input: Encodable { var logGroupName, logStreamName: String }
        _ = try await client.json("CreateLogStream", input: Input(logGroupName: group, logStreamName: stream), output: EmptyBody.self)
    }

    /// `PutLogEvents`: `events` (in time order) into a stream.
    public func putLogEvents(_ group: String, stream: String, _ events: [LogEvent]) async throws {
        struct Event: Encodable {
            var timestamp: Int64
            var message: String
        }
        struct Input: Encodable {
            var logGroupName, logStreamName: String
            var logEvents: [Event]
        }
        let input = Input(
            logGroupName: group, logStreamName: stream,
            logEvents: events.map { Event(timestamp: Self.milliseconds($0.timestamp), message: $0.message) })
        _ = try await client.json("PutLogEvents", input: input, output: EmptyBody.self)
    }

    /// `function`'s log events from `since`: the `sls logs -t` / `sam logs --tail` of a tool.
    /// With `follow`, the sequence polls every `pollInterval` for newer events and ends only when
    /// the consuming task is cancelled; without it, it ends after what is there now.
    ///
    /// ```swift
    /// let logs = CloudWatchLogsClient(configuration: configuration)
    /// for try await event in logs.logs(function: "myLambdaFunction", since: Date().addingTimeInterval(-600), follow: true) {
    ///     print(event.stream ?? "", event.message, terminator: "")
    /// }
    /// ```
    public func logs(
        function: String, since: Date, follow: Bool = false, pollInterval: Duration = .seconds(2),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) -> LogTail {
        LogTail(
            client: self, group: Self.logGroup(function: function), since: since, follow: follow, pollInterval: pollInterval, sleep: sleep)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
