import DeployCore
import HTTPTypes

/// What the mock answers: a response, an AWS-shaped error, or a transport failure.
public struct MockReply: Sendable {
    enum Kind: Sendable {
        case response(TransportResponse)
        case failure(TransportError.Kind)
        case handler(@Sendable (RecordedRequest) async throws -> TransportResponse)
        case hang
    }

    let kind: Kind

    /// A response with any status, headers and body.
    public static func status(_ code: Int, headers: HTTPFields = [:], body: [UInt8] = []) -> MockReply {
        MockReply(kind: .response(TransportResponse(response: HTTPResponse(status: .init(code: code), headerFields: headers), body: body)))
    }

    /// A JSON body (REST-JSON and JSON protocols).
    public static func json(_ body: String, status: Int = 200) -> MockReply {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.xAmznRequestID] = "mock-request-id"
        return .status(status, headers: headers, body: Array(body.utf8))
    }

    /// An XML body (query protocol).
    public static func xml(_ body: String, status: Int = 200) -> MockReply {
        var headers = HTTPFields()
        headers[.contentType] = "text/xml"
        return .status(status, headers: headers, body: Array(body.utf8))
    }

    /// A query-protocol success: `<ActionResponse><ActionResult>…</ActionResult></ActionResponse>`.
    public static func queryResult(_ action: String, _ innerXML: String) -> MockReply {
        .xml(
            "<\(action)Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><\(action)Result>\(innerXML)</\(action)Result>"
                + "<ResponseMetadata><RequestId>mock-request-id</RequestId></ResponseMetadata></\(action)Response>"
        )
    }

    /// An error response shaped as the protocol's services send it.
    public static func awsError(
        _ code: String, message: String, status: Int = 400, protocol wireProtocol: AWSService.WireProtocol
    ) -> MockReply {
        MockReply(kind: .response(AWSErrorResponses.make(code: code, message: message, status: status, protocol: wireProtocol)))
    }

    /// A throttling error in the protocol's shape (`ThrottlingException` for JSON protocols,
    /// `Throttling` for the query protocol).
    public static func throttling(protocol wireProtocol: AWSService.WireProtocol) -> MockReply {
        if case .query = wireProtocol { return .awsError("Throttling", message: "Rate exceeded", status: 400, protocol: wireProtocol) }
        return .awsError("ThrottlingException", message: "Rate exceeded", status: 400, protocol: wireProtocol)
    }

    /// The connection is reset before any response.
    public static let connectionReset = MockReply(kind: .failure(.connectionReset))
    /// No connection can be made.
    public static let connectFailed = MockReply(kind: .failure(.connectFailed))
    /// The exchange times out at once.
    public static let timeout = MockReply(kind: .failure(.timeout))
    /// No answer at all: the call runs until the context's timeout and then fails as a timeout.
    public static let hang = MockReply(kind: .hang)

    /// Computes the response from the request.
    public static func handler(_ body: @escaping @Sendable (RecordedRequest) async throws -> TransportResponse) -> MockReply {
        MockReply(kind: .handler(body))
    }
}

/// Error responses as each AWS protocol sends them.
public enum AWSErrorResponses {
    /// The response for `code` and `message` in `wireProtocol`'s shape: REST-JSON with
    /// `X-Amzn-ErrorType` and a JSON body; JSON 1.x with `__type`; query with an XML
    /// `ErrorResponse`.
    public static func make(code: String, message: String, status: Int, protocol wireProtocol: AWSService.WireProtocol) -> TransportResponse
    {
        var headers = HTTPFields()
        headers[.xAmznRequestID] = "mock-request-id"
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let body: String
        switch wireProtocol {
        case .restJSON:
            headers[.xAmznErrorType] = "\(code):http://internal.amazon.com/coral/com.amazonaws.mock/"
            headers[.contentType] = "application/json"
            body = "{\"Type\":\"User\",\"message\":\"\(escaped)\"}"
        case .json(let version, _):
            headers[.contentType] = "application/x-amz-json-\(version)"
            body = "{\"__type\":\"com.amazonaws.mock#\(code)\",\"Message\":\"\(escaped)\"}"
        case .restXML:
            headers[.contentType] = "application/xml"
            let xmlMessage = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>\(xmlMessage)</Message></Error>"
        case .query:
            headers[.contentType] = "text/xml"
            let xmlMessage = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            body =
                "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(xmlMessage)</Message></Error>"
                + "<RequestId>mock-request-id</RequestId></ErrorResponse>"
        }
        return TransportResponse(response: HTTPResponse(status: .init(code: status), headerFields: headers), body: Array(body.utf8))
    }
}
