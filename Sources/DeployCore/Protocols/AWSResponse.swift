import HTTPTypes

/// A successful (2xx) response of an AWS call.
public struct AWSResponse: Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The response headers.
    public var headers: HTTPFields
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The request id AWS assigned, from `x-amzn-RequestId` or `x-amz-request-id`.
    public var requestID: String? {
        headers[.xAmznRequestID] ?? headers[.xAmzRequestID]
    }
}
