import Foundation

/// One invocation on its way through the Runtime API.
struct PendingInvocation: Sendable {
    var requestID: String
    var event: [UInt8]
    /// The function's timeout: the deadline is set, and the clock starts, when the runtime takes
    /// the invocation — time queued behind other invocations or spent starting the runtime does
    /// not count, as in Lambda.
    var timeout: Duration
    /// Milliseconds since 1970, as `Lambda-Runtime-Deadline-Ms` carries it; set when handed out.
    var deadline: Int64 = 0
    var traceID: String
    /// Called once, when the runtime takes the invocation.
    var started: @Sendable () -> Void = {}
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
                pollers.removeFirst().resume(returning: handOut(invocation))
            }
        }
    }

    /// The runtime's `next`: the oldest waiting invocation, or a wait for one; `nil` once closed.
    func next() async -> PendingInvocation? {
        if closed { return nil }
        if !waiting.isEmpty {
            return handOut(waiting.removeFirst())
        }
        return await withCheckedContinuation { pollers.append($0) }
    }

    /// The invocation as the runtime gets it: in flight, its deadline from now, its clock started.
    private func handOut(_ invocation: PendingInvocation) -> PendingInvocation {
        var handed = invocation
        inFlight.insert(invocation.requestID)
        let milliseconds = invocation.timeout.components.seconds * 1000 + invocation.timeout.components.attoseconds / 1_000_000_000_000_000
        handed.deadline = Int64(Date().timeIntervalSince1970 * 1000) + milliseconds
        invocation.started()
        return handed
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
