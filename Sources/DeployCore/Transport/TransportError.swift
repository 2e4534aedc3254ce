/// A failure to get any HTTP response: the connection could not be made, broke, or timed out.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No connection could be made (refused, DNS failure, unreachable). The request never
        /// reached the server.
        public static let connectFailed = Kind("connectFailed")
        /// The connection broke while the request or response was in flight (reset, closed early).
        public static let connectionReset = Kind("connectionReset")
        /// The exchange took longer than the context's timeout.
        public static let timeout = Kind("timeout")
        /// The calling task was cancelled.
        public static let cancelled = Kind("cancelled")
        /// A body was larger than allowed.
        public static let bodyTooLarge = Kind("bodyTooLarge")
        /// The request could not be sent as given (for example, no scheme or host).
        public static let invalidRequest = Kind("invalidRequest")
        /// Anything else.
        public static let other = Kind("other")
    }

    /// The kind of failure.
    public var kind: Kind
    /// A sentence saying what happened; never holds a header value or a secret.
    public var message: String
    /// The error the underlying HTTP stack reported, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    /// Whether sending the same request again may succeed: connection failures, resets and
    /// timeouts are; cancellation and invalid requests are not.
    public var isTransient: Bool {
        kind == .connectFailed || kind == .connectionReset || kind == .timeout
    }

    /// Whether the request may have reached AWS and taken effect although no answer came back (the
    /// connection broke or timed out after it was sent). A write that is not idempotent is then not
    /// sent again: read the resource's state to learn what happened.
    public var mayHaveTakenEffect: Bool {
        kind == .connectionReset || kind == .timeout
    }

    public var description: String { "TransportError.\(kind): \(message)" }
}
