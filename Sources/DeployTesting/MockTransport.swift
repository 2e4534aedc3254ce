import DeployCore
import HTTPTypes
import Synchronization

/// A transport for tests: records every request, and answers from scripted replies.
///
/// ```swift
/// let mock = MockTransport()
/// mock.on(.action("GetCallerIdentity"), reply: .queryResult("GetCallerIdentity", "<Arn>…</Arn><Account>1</Account>"))
/// mock.on(.rest(.get, "/2015-03-31/functions/{FunctionName}"), replies: [.throttling(protocol: .restJSON), .json("{…}")])
/// let configuration = try AWSConfiguration(region: "us-east-1", credentialProvider: StaticCredentialProvider(keys), transport: mock)
/// ```
///
/// Replies given as a list are used in order, one per request, and the last one repeats. The most
/// recently added matching route wins. An unmatched request fails the call with
/// ``MockTransportError`` naming it.
public final class MockTransport: HTTPTransport, Sendable {
    private struct Script {
        var route: MockRoute
        var replies: [MockReply]
        var used = 0
    }

    private struct State {
        var scripts: [Script] = []
        var requests: [RecordedRequest] = []
    }

    private let state = Mutex(State())

    /// Creates a mock with no routes.
    public init() {}

    /// Answers requests matching `route` with `reply`.
    public func on(_ route: MockRoute, reply: MockReply) {
        on(route, replies: [reply])
    }

    /// Answers requests matching `route` with `replies` in order; the last one repeats.
    public func on(_ route: MockRoute, replies: [MockReply]) {
        precondition(!replies.isEmpty, "a route needs at least one reply")
        state.withLock { $0.scripts.append(Script(route: route, replies: replies)) }
    }

    /// Every request received, in order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The requests that matched `route`.
    public func requests(matching route: MockRoute) -> [RecordedRequest] {
        requests.filter { route.matches($0) }
    }

    /// Forgets recorded requests (routes stay).
    public func clearRecordedRequests() {
        state.withLock { $0.requests.removeAll() }
    }

    public func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        let bytes = try await body?.collect() ?? []
        let recorded = RecordedRequest(request: request, body: bytes)
        let reply: MockReply? = state.withLock { state in
            state.requests.append(recorded)
            guard let index = state.scripts.lastIndex(where: { $0.route.matches(recorded) }) else { return nil }
            let script = state.scripts[index]
            state.scripts[index].used += 1
            return script.replies[min(script.used, script.replies.count - 1)]
        }
        guard let reply else {
            throw MockTransportError(
                message:
                    "no route matches \(request.method) \(recorded.path) (target \(recorded.target ?? "-"), action "
                    + "\(recorded.action ?? "-"))"
            )
        }
        switch reply.kind {
        case .response(let response):
            return response
        case .failure(let kind):
            throw TransportError(kind, "mock \(kind)")
        case .hang:
            try await Task.sleep(for: context.timeout)
            throw TransportError(.timeout, "mock: no answer within \(context.timeout)")
        case .handler(let handler):
            return try await withThrowingTaskGroup(of: TransportResponse?.self) { group in
                group.addTask { try await handler(recorded) }
                group.addTask {
                    try await Task.sleep(for: context.timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw TransportError(.timeout, "mock: the handler did not answer within \(context.timeout)")
                }
                return response
            }
        }
    }
}

/// A request reached the mock that no route answers.
public struct MockTransportError: Error, Sendable, CustomStringConvertible {
    /// Which request.
    public var message: String
    public var description: String { "MockTransportError: \(message)" }
}
