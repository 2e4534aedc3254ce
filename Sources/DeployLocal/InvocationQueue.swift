import Foundation

/// One invocation on its way through the Runtime API.
struct PendingInvocation: Sendable {
    var requestID: String
    var event: [UInt8]
    /// Milliseconds since 1970, as `Lambda-Runtime-Deadline-Ms` carries it.
    var deadline: Int64
    var traceID: String
}

/// How an invocation ended, as the runtime (or the host) reported it.
enum InvocationOutcome: Sendable {
    case response([UInt8])
    /// `/invocation/{id}/error`: the error document and `Lambda-Runtime-Function-Error-Type`.
    case functionError(type: String?, body: [UInt8])
    /// `/init/error`: the runtime could not start (the handler's module does not import).
    case initError(type: String?, body: [UInt8])
    case timedOut
    /// The runtime process exited while the invocation was in flight.
    case processExited(status: Int32)
}

/// The Runtime API's state: invocations waiting for `next`, the ones handed out, and the
/// runtime's long-polling `next` requests.
actor InvocationQueue {
    private var waiting: [PendingInvocation] = []
    private var outcomes: [String: CheckedContinuation<InvocationOutcome, Never>] = [:]
    private var inFlight: Set<String> = []
    private var pollers: [CheckedContinuation<PendingInvocation?, Never>] = []
    private var closed = false

    /// Queues an invocation and waits for its outcome.
    func submit(_ invocation: PendingInvocation) async -> InvocationOutcome {
        await withCheckedContinuation { continuation in
            guard !closed else {
                continuation.resume(returning: .processExited(status: -1))
                return
            }
            outcomes[invocation.requestID] = continuation
            if pollers.isEmpty {
                waiting.append(invocation)
            } else {
                inFlight.insert(invocation.requestID)
                pollers.removeFirst().resume(returning: invocation)
            }
        }
    }

    /// The runtime's `next`: the oldest waiting invocation, or a wait for one; `nil` once closed.
    func next() async -> PendingInvocation? {
        if closed { return nil }
        if !waiting.isEmpty {
            let invocation = waiting.removeFirst()
            inFlight.insert(invocation.requestID)
            return invocation
        }
        return await withCheckedContinuation { pollers.append($0) }
    }

    /// Ends an invocation; `false` when it is not (or no longer) in flight.
    @discardableResult
    func finish(_ requestID: String, _ outcome: InvocationOutcome) -> Bool {
        guard let continuation = outcomes.removeValue(forKey: requestID) else { return false }
        inFlight.remove(requestID)
        waiting.removeAll { $0.requestID == requestID }
        continuation.resume(returning: outcome)
        return true
    }

    /// `/init/error`: fails what is in flight, or else the oldest waiting invocation.
    func failInitialisation(type: String?, body: [UInt8]) {
        let targets = inFlight.isEmpty ? waiting.prefix(1).map(\.requestID) : Array(inFlight)
        for id in targets { finish(id, .initError(type: type, body: body)) }
    }

    /// The runtime process ended: its in-flight invocations fail, and its pending `next`
    /// requests (from a dead connection) are dropped so the next process starts clean.
    func processEnded(status: Int32) {
        for id in inFlight { finish(id, .processExited(status: status)) }
        for poller in pollers { poller.resume(returning: nil) }
        pollers.removeAll()
    }

    /// Whether an invocation is waiting to be picked up.
    var hasWaiting: Bool { !waiting.isEmpty }

    /// Fails everything and refuses new work.
    func close() {
        closed = true
        for id in Array(outcomes.keys) { finish(id, .processExited(status: -1)) }
        for poller in pollers { poller.resume(returning: nil) }
        pollers.removeAll()
    }
}
