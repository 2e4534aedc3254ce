import DeployLoopback
import Foundation

/// API Gateway's Lambda proxy integration, payload format 1.0 (a REST API's, or an HTTP API's
/// when asked): the event a request becomes, and the response a handler's result becomes.
enum ProxyEvent {
    /// The event for `request`; `path` is the path without the stage, `version` the HTTP API's
    /// `"1.0"` (a REST API's event has none).
    static func event(
        for request: LoopbackRequest, path: String, stage: String, resourcePath: String, pathParameters: [String: String],
        host: String, version: String? = nil
    ) -> [UInt8] {
        var headers: [String: String] = [:]
        var multiHeaders: [String: [String]] = [:]
        for (name, value) in request.headers {
            headers[name] = value
            multiHeaders[name, default: []].append(value)
        }
        var query: [String: String] = [:]
        var multiQuery: [String: [String]] = [:]
        for (name, value) in request.query {
            query[name] = value
            multiQuery[name, default: []].append(value)
        }
        let text = String(validating: request.body, as: UTF8.self)
        let now = Date()
        let requestID = UUID().uuidString.lowercased()
        var event: [String: Any] = [
            "resource": resourcePath,
            "path": path.isEmpty ? "/" : path,
            "httpMethod": request.method,
            "headers": headers.isEmpty ? NSNull() : headers,
            "multiValueHeaders": multiHeaders.isEmpty ? NSNull() : multiHeaders,
            "queryStringParameters": query.isEmpty ? NSNull() : query,
            "multiValueQueryStringParameters": multiQuery.isEmpty ? NSNull() : multiQuery,
            "pathParameters": pathParameters.isEmpty ? NSNull() : pathParameters,
            "stageVariables": NSNull(),
            "requestContext": [
                "resourceId": "local", "resourcePath": resourcePath, "httpMethod": request.method,
                "extendedRequestId": requestID, "requestTime": requestTime(now), "path": request.path,
                "accountId": "123456789012", "protocol": "HTTP/1.1", "stage": stage, "domainPrefix": "127",
                "requestTimeEpoch": Int(now.timeIntervalSince1970 * 1000), "requestId": requestID,
                "identity": ["sourceIp": request.remoteAddress ?? "127.0.0.1", "userAgent": request.header("User-Agent") ?? NSNull()]
                    as [String: Any],
                "domainName": host, "apiId": "local",
            ] as [String: Any],
            "body": request.body.isEmpty ? NSNull() : (text ?? Data(request.body).base64EncodedString()),
            "isBase64Encoded": !request.body.isEmpty && text == nil,
        ]
        if let version { event["version"] = version }
        return Array((try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    /// The HTTP response for a handler's result; `nil` when the result is not a proxy response
    /// (API Gateway then answers 502 "Internal server error").
    static func response(from payload: [UInt8]) -> LoopbackResponse? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            let status = (object["statusCode"] as? NSNumber)?.intValue ?? (object["statusCode"] as? String).flatMap({ Int($0) }),
            (100...599).contains(status)
        else { return nil }
        var headers: [(name: String, value: String)] = []
        for (name, value) in (object["headers"] as? [String: Any]) ?? [:] {
            headers.append((name, "\(value)"))
        }
        for (name, values) in (object["multiValueHeaders"] as? [String: [Any]]) ?? [:] {
            headers.removeAll { $0.name.lowercased() == name.lowercased() }
            headers += values.map { (name, "\($0)") }
        }
        return response(status: status, headers: headers, object: object)
    }

    /// A proxy result's response: `headers` (JSON by default), the `body` (decoded when
    /// `isBase64Encoded`); `nil` when that body is not base64.
    static func response(status: Int, headers: [(name: String, value: String)], object: [String: Any]) -> LoopbackResponse? {
        var headers = headers
        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) { headers.append(("Content-Type", "application/json")) }
        let text = object["body"] as? String ?? ""
        guard (object["isBase64Encoded"] as? Bool) == true else {
            return LoopbackResponse(status: status, headers: headers, body: Array(text.utf8))
        }
        return Data(base64Encoded: text).map { LoopbackResponse(status: status, headers: headers, body: Array($0)) }
    }

    /// API Gateway's `requestTime`: `26/Nov/2026:18:30:00 +0000` (formatted by hand: a
    /// DateFormatter per request costs more than the rest of the event).
    static func requestTime(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = "\(two(parts.tm_mday))/\(months[Int(parts.tm_mon)])/\(parts.tm_year + 1900)"
        return "\(day):\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }

    static let internalServerError = LoopbackResponse.json(502, #"{"message": "Internal server error"}"#)
    static let missingToken = LoopbackResponse.json(403, #"{"message":"Missing Authentication Token"}"#)
}
