/// An invocation that did not return a result, as Lambda reports it.
public struct LocalFunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How the invocation failed.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, as Lambda words it where it has one.
        public let name: String
        public var description: String { name }

        /// The handler raised (the runtime's error type, `ZeroDivisionError`, is in ``LocalFunctionError/errorType``).
        public static let unhandled = Kind(name: "Unhandled")
        /// The invocation ran past the function's timeout; the runtime was killed.
        public static let timedOut = Kind(name: "TimedOut")
        /// The runtime process exited during the invocation (`Runtime.ExitError`).
        public static let exited = Kind(name: "Runtime.ExitError")
        /// The runtime could not start the handler (`Runtime.ImportModuleError`, `Runtime.HandlerNotFound`).
        public static let initialisation = Kind(name: "InitError")
        /// The runtime is not one this module can start.
        public static let unsupportedRuntime = Kind(name: "UnsupportedRuntime")
        /// The package could not be unpacked or has no runtime to start.
        public static let badPackage = Kind(name: "BadPackage")
    }

    /// How it failed.
    public var kind: Kind
    /// The runtime's `errorType` (`Runtime.HandlerNotFound`, `ZeroDivisionError`), when it sent one.
    public var errorType: String?
    /// Lambda's message: the handler's `errorMessage`, or `Task timed out after 3.00 seconds`.
    public var message: String
    /// The error document the runtime posted (`errorMessage`, `errorType`, `stackTrace`), as JSON.
    public var payload: [UInt8]
    /// The function's output during the invocation (prints, tracebacks).
    public var log: String

    /// An error (the local function makes them).
    public init(kind: Kind, errorType: String? = nil, message: String, payload: [UInt8] = [], log: String) {
        self.kind = kind
        self.errorType = errorType
        self.message = message
        self.payload = payload
        self.log = log
    }

    public var description: String {
        "LocalFunctionError.\(kind)\(errorType.map { " (\($0))" } ?? ""): \(message)"
    }
}
