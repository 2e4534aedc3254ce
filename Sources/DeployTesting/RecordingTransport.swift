import DeployCore
import HTTPTypes
import Synchronization

/// Passes every request on to another transport and records it: for asserting which operations
/// a piece of code sent (say, that a second deploy sent no `UpdateFunctionCode`).
public final class RecordingTransport: HTTPTransport, Sendable {
    private let base: any HTTPTransport
    private let recorded = Mutex<[RecordedRequest]>([])

    /// Records what goes through `base`.
    public init(wrapping base: any HTTPTransport) {
        self.base = base
    }

    /// The requests sent so far, in order.
    public var requests: [RecordedRequest] { recorded.withLock { $0 } }

    /// The requests that `route` matches.
    public func requests(matching route: MockRoute) -> [RecordedRequest] {
        requests.filter { route.matches($0) }
    }

    /// Forgets the requests recorded so far.
    public func clear() { recorded.withLock { $0.removeAll() } }

    public func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        let bytes = try await body?.collect() ?? []
        recorded.withLock { $0.append(RecordedRequest(request: request, body: bytes)) }
        return try await base.send(request, body: body == nil ? nil : HTTPBody(bytes: bytes), context: context)
    }
}

/// Injects the failures AWS clients meet in production — throttling (429), server errors (500),
/// connection resets and timeouts — into a fraction of the requests, from a seed, so a run can
/// be repeated exactly.
///
/// A fault is injected either before the request reaches the server (nothing happened) or after
/// (the server acted, but the answer was lost), the case that makes retries and rollbacks hard.
public final class FaultInjectingTransport: HTTPTransport, Sendable {
    /// A failure to inject.
    public enum Fault: String, Sendable, Hashable, CaseIterable {
        case throttled, serverError, connectionReset, timeout
        /// The server handled the request; the client sees a reset.
        case resetAfterDelivery
        /// The server handled the request; the client sees a 500.
        case serverErrorAfterDelivery
    }

    private struct State {
        var generator: SeededRandomNumberGenerator
        var injected: [(operation: String, fault: Fault)] = []
        var enabled = true
    }

    private let base: any HTTPTransport
    private let probability: Double
    private let faults: [Fault]
    private let state: Mutex<State>

    /// - Parameters:
    ///   - base: the transport that sends the requests that get no fault.
    ///   - seed: the random seed: the same seed picks the same faults for the same requests.
    ///   - probability: the share of requests (0–1) that get a fault.
    ///   - faults: the faults to choose from.
    public init(wrapping base: any HTTPTransport, seed: UInt64, probability: Double, faults: [Fault] = Fault.allCases) {
        self.base = base
        self.probability = probability
        self.faults = faults
        state = Mutex(State(generator: SeededRandomNumberGenerator(seed: seed)))
    }

    /// The faults injected so far, with the operation each hit (`PUT /2015-03-31/functions/x/aliases/live`).
    public var injected: [(operation: String, fault: Fault)] { state.withLock { $0.injected } }

    /// Turns injection on or off (to read the outcome through the same transport).
    public func setEnabled(_ enabled: Bool) { state.withLock { $0.enabled = enabled } }

    public func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        let operation = "\(request.method) \(request.path ?? "/")"
        let fault: Fault? = state.withLock { state in
            guard state.enabled else { return nil }
            guard state.generator.nextUnit() < probability else { return nil }
            let fault = faults[Int(state.generator.nextUnit() * Double(faults.count)) % faults.count]
            state.injected.append((operation, fault))
            return fault
        }
        switch fault {
        case nil:
            return try await base.send(request, body: body, context: context)
        case .throttled:
            return AWSErrorResponses.make(
                code: "TooManyRequestsException", message: "Rate exceeded (injected)", status: 429, protocol: Self.wireProtocol(of: request)
            )
        case .serverError:
            return AWSErrorResponses.make(
                code: "ServiceException", message: "Internal failure (injected)", status: 500, protocol: Self.wireProtocol(of: request))
        case .connectionReset:
            throw TransportError(.connectionReset, "connection reset by peer (injected, before delivery)")
        case .timeout:
            throw TransportError(.timeout, "no answer within \(context.timeout) (injected)")
        case .resetAfterDelivery:
            _ = try await base.send(request, body: body, context: context)
            throw TransportError(.other, "connection reset after the request was sent (injected)")
        case .serverErrorAfterDelivery:
            _ = try await base.send(request, body: body, context: context)
            return AWSErrorResponses.make(
                code: "ServiceException", message: "Internal failure after delivery (injected)", status: 500,
                protocol: Self.wireProtocol(of: request))
        }
    }

    /// The protocol a request speaks, so an injected error has the shape that service sends:
    /// `X-Amz-Target` for JSON 1.x, a form body for query (IAM, STS), S3's XML for a request signed
    /// for `s3`, REST-JSON otherwise.
    private static func wireProtocol(of request: HTTPRequest) -> AWSService.WireProtocol {
        let contentType = request.headerFields[.contentType] ?? ""
        if request.headerFields[.authorization]?.contains("/s3/aws4_request") == true { return .restXML }
        if request.headerFields[.xAmzTarget] != nil {
            let version =
                contentType.hasPrefix("application/x-amz-json-") ? String(contentType.dropFirst("application/x-amz-json-".count)) : "1.1"
            return .json(version: version, targetPrefix: "")
        }
        return contentType.hasPrefix("application/x-www-form-urlencoded") ? .query : .restJSON
    }
}
