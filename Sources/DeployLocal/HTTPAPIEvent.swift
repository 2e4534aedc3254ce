import DeployLoopback
import Foundation

/// API Gateway's HTTP API Lambda proxy integration, payload format 2.0: the event a request
/// becomes (`version`, `routeKey`, `rawPath`, `rawQueryString`, `cookies`, `requestContext.http`…),
/// and the response a handler's result becomes under 2.0's rules. A function URL sends the same
/// format, with `$default` as its route and `anonymous` as the caller's account when it is public.
enum HTTPAPIEvent {
    static func event(
        for request: LoopbackRequest, routeKey: String, pathParameters: [String: String], host: String,
        accountID: String = "123456789012", now: Date = Date()
    ) -> [UInt8] {
        // Header names lowercased, repeated headers joined with commas; cookies in a list of their own.
        var headers: [String: String] = [:]
        var cookies: [String] = []
        for (name, value) in request.headers {
            let lowered = name.lowercased()
            if lowered == "cookie" {
                cookies += value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                continue
            }
            headers[lowered] = headers[lowered].map { $0 + "," + value } ?? value
        }
        var query: [String: String] = [:]
        for (name, value) in request.query { query[name] = query[name].map { $0 + "," + value } ?? value }
        let rawQuery = request.uri.firstIndex(of: "?").map { String(request.uri[request.uri.index(after: $0)...]) } ?? ""
        let text = String(validating: request.body, as: UTF8.self)
        let requestID = UUID().uuidString.lowercased()
        var event: [String: Any] = [
            "version": "2.0", "routeKey": routeKey, "rawPath": request.path, "rawQueryString": rawQuery, "headers": headers,
            "isBase64Encoded": !request.body.isEmpty && text == nil,
            "requestContext": [
                "accountId": accountID, "apiId": "local", "domainName": host, "domainPrefix": "127",
                "http": [
                    "method": request.method, "path": request.path, "protocol": "HTTP/1.1",
                    "sourceIp": request.remoteAddress ?? "127.0.0.1", "userAgent": request.header("User-Agent") ?? "",
                ],
                "requestId": requestID, "routeKey": routeKey, "stage": "$default", "time": ProxyEvent.requestTime(now),
                "timeEpoch": Int(now.timeIntervalSince1970 * 1000),
            ] as [String: Any],
        ]
        if !cookies.isEmpty { event["cookies"] = cookies }
        if !query.isEmpty { event["queryStringParameters"] = query }
        if !pathParameters.isEmpty { event["pathParameters"] = pathParameters }
        if !request.body.isEmpty { event["body"] = text ?? Data(request.body).base64EncodedString() }
        return Array((try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    /// The HTTP response for a handler's result under 2.0's rules: an object with a `statusCode`
    /// is a response (`headers`, `cookies` as `Set-Cookie` each, `body`, `isBase64Encoded`); any
    /// other JSON is the body of a `200` `application/json` answer (a string as itself, anything
    /// else as its JSON text); `nil` for what is not JSON (API Gateway answers 500).
    static func response(from payload: [UInt8]) -> LoopbackResponse? {
        guard let value = try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed]) else { return nil }
        guard let object = value as? [String: Any], let code = object["statusCode"] else {
            let body = (value as? String).map { Array($0.utf8) } ?? payload
            return LoopbackResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }
        guard let status = (code as? NSNumber)?.intValue ?? (code as? String).flatMap({ Int($0) }), (100...599).contains(status) else {
            return nil
        }
        var headers = ((object["headers"] as? [String: Any]) ?? [:]).map { (name: $0.key, value: "\($0.value)") }
        headers += ((object["cookies"] as? [Any]) ?? []).map { (name: "Set-Cookie", value: "\($0)") }
        return ProxyEvent.response(status: status, headers: headers, object: object)
    }

    static let internalServerError = LoopbackResponse.json(500, #"{"message":"Internal Server Error"}"#)
    /// A function URL's answer when the invocation fails or its result is no response.
    static let badGateway = LoopbackResponse(
        status: 502, headers: [("Content-Type", "text/plain")], body: Array("Internal Server Error".utf8))
    static let notFound = LoopbackResponse.json(404, #"{"message":"Not Found"}"#)
}
