import DeployLambda

/// How a new version is judged before (and while) it takes traffic.
public struct HealthCheck: Sendable {
    /// One probe's outcome, handed to the predicate.
    public struct Result: Sendable, Hashable {
        /// Which probe produced the result: invoking the version, or a GET to the endpoint.
        public enum Probe: Sendable, Hashable {
            case invocation
            case http(url: String)
        }

        /// The probe.
        public var probe: Probe
        /// Lambda's invocation status, or the endpoint's HTTP status.
        public var statusCode: Int
        /// The function's payload, or the HTTP body.
        public var body: [UInt8]
        /// Lambda's `X-Amz-Function-Error` (`Unhandled`, `Handled`), for an invocation.
        public var functionError: String?
        /// The last 4 KB of the function's log for this invocation (`LogType: Tail`), decoded.
        public var logTail: String?

        /// A result (for testing a predicate).
        public init(probe: Probe, statusCode: Int, body: [UInt8], functionError: String? = nil, logTail: String? = nil) {
            self.probe = probe
            self.statusCode = statusCode
            self.body = body
            self.functionError = functionError
            self.logTail = logTail
        }

        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The event the new version is invoked with; `nil`: no invocation.
    public var event: [UInt8]?
    /// Whether to send a GET to the endpoint (the first `GET` route) through the transport.
    public var probesEndpoint: Bool
    /// Where the endpoint probe goes instead of the execute-api URL (a local gateway, a load balancer).
    public var endpointBaseURL: String?
    /// Whether a result is healthy.
    public var predicate: @Sendable (Result) -> Bool

    /// A check; by default an invocation with `{}` judged by ``succeeded``.
    public init(
        event: [UInt8]? = Array("{}".utf8), probesEndpoint: Bool = false, endpointBaseURL: String? = nil,
        predicate: @escaping @Sendable (Result) -> Bool = HealthCheck.succeeded
    ) {
        self.event = event
        self.probesEndpoint = probesEndpoint
        self.endpointBaseURL = endpointBaseURL
        self.predicate = predicate
    }

    /// The default judgement: a 2xx status and no function error.
    public static let succeeded: @Sendable (Result) -> Bool = { (200..<300).contains($0.statusCode) && $0.functionError == nil }

    /// Invoke the new version with `event` (an empty JSON object by default).
    public static func invocation(_ event: String = "{}", predicate: @escaping @Sendable (Result) -> Bool = succeeded) -> HealthCheck {
        HealthCheck(event: Array(event.utf8), predicate: predicate)
    }

    /// GET the endpoint (through `baseURL` when given) once the alias takes traffic.
    public static func endpoint(baseURL: String? = nil, predicate: @escaping @Sendable (Result) -> Bool = succeeded) -> HealthCheck {
        HealthCheck(event: nil, probesEndpoint: true, endpointBaseURL: baseURL, predicate: predicate)
    }

    /// No check: the alias moves as soon as the version is published.
    public static let none = HealthCheck(event: nil, probesEndpoint: false)
}

/// A health check judged the new version unhealthy.
public struct HealthCheckFailed: Error, Sendable, CustomStringConvertible {
    /// The version that failed.
    public var version: String
    /// What the probe saw.
    public var result: HealthCheck.Result

    public var description: String {
        let probe: String
        switch result.probe {
        case .invocation: probe = "invoking version \(version)"
        case .http(let url): probe = "GET \(url)"
        }
        // The body stays out of the message (it is in `result`): a handler may echo its environment.
        return
            "the health check failed: \(probe) answered "
            + "\(result.statusCode)\(result.functionError.map { " with a function error (\($0))" } ?? "") and a "
            + "\(result.body.count)-byte body the predicate rejected"
    }
}
