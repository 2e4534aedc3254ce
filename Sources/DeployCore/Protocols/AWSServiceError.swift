/// An error response from an AWS service, with what it said and where it came from.
///
/// `code` is the error code without any `prefix#` or `:suffix` (`ResourceNotFoundException`,
/// `SignatureDoesNotMatch`); `requestID` is what AWS Support asks for.
public struct AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code.
    public var code: String
    /// The service's message (AWS messages never contain the caller's secrets).
    public var message: String
    /// The HTTP status.
    public var statusCode: Int
    /// The request id, when the service sent one.
    public var requestID: String?
    /// The service (`Lambda`, `STS`).
    public var service: String
    /// The operation (`UpdateFunctionCode`).
    public var operation: String

    /// Creates an error.
    public init(code: String, message: String, statusCode: Int, requestID: String?, service: String, operation: String) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestID = requestID
        self.service = service
        self.operation = operation
    }

    public var description: String {
        var text = "\(service) \(operation) failed: \(code) (HTTP \(statusCode)): \(message)"
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }
}
