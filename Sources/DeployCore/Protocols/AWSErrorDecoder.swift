import Foundation
import HTTPTypes

/// Reads an error response in any AWS protocol: the code from `x-amzn-ErrorType` first, then a
/// JSON body (`__type`, `code`), then an XML body (`<Error><Code>`, also nested in `<Errors>`,
/// as moto answers signature failures even for JSON services).
package enum AWSErrorDecoder {
    package static func decode(_ response: TransportResponse, service: String, operation: String) -> AWSServiceError {
        let headers = response.response.headerFields
        var code = headers[.xAmznErrorType].map(normalize)
        var message: String?
        var requestID = headers[.xAmznRequestID] ?? headers[.xAmzRequestID]
        let body = response.body
        let firstByte = body.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if firstByte == UInt8(ascii: "{"),
            let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        {
            if code == nil {
                code = (object["__type"] as? String ?? object["code"] as? String ?? object["Code"] as? String).map(normalize)
            }
            message = object["message"] as? String ?? object["Message"] as? String ?? object["errorMessage"] as? String
        } else if firstByte == UInt8(ascii: "<"), let root = try? AWSXMLElement.parse(body) {
            let error = root.name == "Error" ? root : root.descendant("Error")
            if code == nil, let raw = error?.child("Code")?.text { code = normalize(raw) }
            message = error?.child("Message")?.text
            requestID = requestID ?? root.child("RequestId")?.text ?? root.child("RequestID")?.text
        }
        let status = response.statusCode
        return AWSServiceError(
            code: code ?? fallbackCode(status),
            // AWS quotes what it was sent (environment variables, the canonical request and its token).
            message: message.map(Redactor.shared.redact)
                ?? (body.isEmpty ? "no error body" : "HTTP \(status) with an unrecognised body (\(body.count) bytes)"),
            statusCode: status, requestID: requestID, service: service, operation: operation
        )
    }

    /// `aws.protocoltests#ValidationException:http://…` → `ValidationException`.
    static func normalize(_ raw: String) -> String {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }

    static func fallbackCode(_ status: Int) -> String {
        switch status {
        case 400: return "BadRequest"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 409: return "Conflict"
        case 429: return "TooManyRequests"
        case 500...599: return "ServiceUnavailable"
        default: return "HTTP\(status)"
        }
    }
}
