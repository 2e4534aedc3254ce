import DeployCore
import HTTPTypes
import Synchronization

/// Counts the AWS calls of a run and its sequential round trips: a round trip starts whenever a
/// call is sent while none is in flight, so concurrent reads count once.
final class CallCounter: HTTPTransport, Sendable {
    private struct Counts {
        var inFlight = 0
        var calls = 0
        var roundTrips = 0
    }

    private let base: any HTTPTransport
    private let counts = Mutex(Counts())

    init(wrapping base: any HTTPTransport) { self.base = base }

    /// Calls sent so far (each attempt counts).
    var calls: Int { counts.withLock { $0.calls } }
    /// Sequential round trips so far.
    var roundTrips: Int { counts.withLock { $0.roundTrips } }

    func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        counts.withLock { counts in
            if counts.inFlight == 0 { counts.roundTrips += 1 }
            counts.inFlight += 1
            counts.calls += 1
        }
        defer { counts.withLock { $0.inFlight -= 1 } }
        return try await base.send(request, body: body, context: context)
    }
}
