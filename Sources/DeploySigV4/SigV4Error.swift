/// A request that cannot be signed, with what was wrong and how to fix it.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of input was wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The region is empty.
        public static let emptyRegion = Code("emptyRegion")
        /// The service name is empty.
        public static let emptyService = Code("emptyService")
        /// A header name holds a character outside the HTTP token set (for example non-ASCII).
        public static let invalidHeaderName = Code("invalidHeaderName")
        /// A presigned URL's lifetime is outside 1 second to 7 days.
        public static let expiryOutOfRange = Code("expiryOutOfRange")
        /// The request has no authority (host) or no scheme.
        public static let missingAuthority = Code("missingAuthority")
        /// The URL could not be parsed.
        public static let invalidURL = Code("invalidURL")
        /// A precomputed payload hash is not 64 hexadecimal digits.
        public static let invalidPayloadHash = Code("invalidPayloadHash")
        /// The access key id or the secret is empty.
        public static let emptyCredentials = Code("emptyCredentials")
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong and what to do; never holds a secret.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "SigV4Error.\(code): \(message)" }
}
