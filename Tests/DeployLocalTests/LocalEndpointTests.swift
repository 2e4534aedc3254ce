import DeployManifests
import Foundation
import Testing

@testable import DeployLocal

@Suite(
    "Local HTTP API payload 1.0 and function URLs (awslambdaric)",
    .enabled(if: LocalFixture.isAvailable, "python3 -m awslambdaric missing"),
    .serialized)
struct LocalEndpointTests {
    static let reporter = """
        import json

        def handler(event, context):
            if event.get("version") == "1.0":
                return {"statusCode": 202, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
                        "body": json.dumps({"version": event["version"], "resource": event["resource"], "path": event["path"],
                                            "method": event["httpMethod"], "stage": event["requestContext"]["stage"],
                                            "id": (event.get("pathParameters") or {}).get("id"),
                                            "query": event.get("multiValueQueryStringParameters")})}
            if event["rawPath"] == "/broken":
                return {"statusCode": "not a status"}
            if event["rawPath"] == "/raise":
                raise RuntimeError("boom")
            context_ = event["requestContext"]
            return {"statusCode": 200, "cookies": ["c=3"],
                    "body": json.dumps({"version": event["version"], "routeKey": event["routeKey"], "rawPath": event["rawPath"],
                                        "query": event["rawQueryString"], "account": context_["accountId"],
                                        "method": context_["http"]["method"], "stage": context_["stage"],
                                        "body": event.get("body"), "pathParameters": event.get("pathParameters")})}
        """

    @Test("an HTTP API route in payload 1.0: REST-style event with version 1.0 on $default; 1.0 responses; a malformed one is a 500")
    func httpAPIPayload1() async throws {
        let folder = try LocalFixture.folder(["app.py": Self.reporter])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let function = LocalFixture.function(name: "api", package: .directory(folder), handler: "app.handler")
        let routes = [
            LocalRoute(httpAPI: "GET /items/{id}", function: "api", payloadFormatVersion: "1.0"),
            LocalRoute(httpAPI: "$default", function: "api", payloadFormatVersion: "1.0"),
        ]
        try await withLocalGateway(functions: [function], routes: routes, logger: LocalFixture.quiet) { gateway in
            let item = try await LocalFixture.get(gateway.baseURL + "/items/9?tag=a&tag=b")
            #expect(item.status == 202 && item.headers[values: .setCookie] == ["a=1", "b=2"])
            let event = try #require(try JSONSerialization.jsonObject(with: Data(item.body)) as? [String: Any])
            #expect(event["version"] as? String == "1.0" && event["resource"] as? String == "/items/{id}")
            #expect(event["path"] as? String == "/items/9" && event["stage"] as? String == "$default" && event["id"] as? String == "9")
            #expect((event["query"] as? [String: [String]])?["tag"] == ["a", "b"])
            let other = try await LocalFixture.get(gateway.baseURL + "/elsewhere")
            let fallback = try #require(try JSONSerialization.jsonObject(with: Data(other.body)) as? [String: Any])
            #expect(fallback["resource"] as? String == "$default" && fallback["path"] as? String == "/elsewhere")
        }
        // 1.0's response rules: a result without statusCode is no response (HTTP API: 500), unlike 2.0.
        let plain = try LocalFixture.folder(["app.py": "def handler(event, context):\n    return 'plain string'\n"])
        defer { try? FileManager.default.removeItem(atPath: plain) }
        try await withLocalGateway(
            functions: [LocalFixture.function(name: "plain", package: .directory(plain), handler: "app.handler")],
            routes: [LocalRoute(httpAPI: "$default", function: "plain", payloadFormatVersion: "1.0")], logger: LocalFixture.quiet
        ) { gateway in
            let answer = try await LocalFixture.get(gateway.baseURL + "/x")
            #expect(answer.status == 500 && answer.text == #"{"message":"Internal Server Error"}"#)
        }
    }

    @Test("a function URL: its own port, every path and method, 2.0 events on $default from an anonymous caller; 502 on failure; CORS")
    func functionURL() async throws {
        let folder = try LocalFixture.folder(["app.py": Self.reporter, "lambda_function.py": LocalFixture.seed])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let functions = [
            LocalFixture.function(name: "url", package: .directory(folder), handler: "app.handler"),
            LocalFixture.function(name: "seed", package: .directory(folder)),
        ]
        let routes = [
            LocalRoute(functionURL: "url", cors: true), LocalRoute(functionURL: "seed"), LocalRoute(path: "/hello", function: "seed"),
        ]
        try await withLocalGateway(functions: functions, routes: routes, logger: LocalFixture.quiet) { gateway in
            let url = try #require(gateway.functionURL("url"))
            let seed = try #require(gateway.functionURL("seed"))
            #expect(url != seed && !url.hasPrefix(gateway.baseURL + "/") && gateway.functionURL("nope") == nil)
            let posted = try await LocalFixture.send(.post, url + "deep/path?q=1", body: Array("hi".utf8))
            #expect(posted.status == 200 && posted.headers[values: .setCookie] == ["c=3"])
            let event = try #require(try JSONSerialization.jsonObject(with: Data(posted.body)) as? [String: Any])
            #expect(event["version"] as? String == "2.0" && event["routeKey"] as? String == "$default")
            #expect(event["rawPath"] as? String == "/deep/path" && event["query"] as? String == "q=1" && event["body"] as? String == "hi")
            #expect(event["account"] as? String == "anonymous" && event["method"] as? String == "POST")
            #expect(event["stage"] as? String == "$default" && event["pathParameters"] is NSNull)
            // The seed's handler answers through its URL as through the REST API.
            let hello = try await LocalFixture.get(seed + "anything")
            #expect(hello.status == 200 && hello.text == #"{"message": "Your function executed successfully!"}"#)
            #expect(try await LocalFixture.get(gateway.url("/hello")).status == 200)
            // A malformed result and a raising handler: the URL's 502.
            for path in ["broken", "raise"] {
                let failed = try await LocalFixture.get(url + path)
                #expect(failed.status == 502 && failed.text == "Internal Server Error", "\(path)")
            }
            // CORS: the preflight is answered without invoking; without CORS it reaches the function.
            let preflight = try await LocalFixture.send(
                .options, url + "x", headers: ["Origin": "https://example.com", "Access-Control-Request-Method": "PUT"])
            #expect(preflight.status == 200 && preflight.header("Access-Control-Allow-Origin") == "https://example.com")
            #expect(preflight.header("Access-Control-Allow-Methods") == "PUT")
            let noCORS = try await LocalFixture.send(
                .options, seed + "x", headers: ["Origin": "https://example.com", "Access-Control-Request-Method": "PUT"])
            #expect(noCORS.header("Access-Control-Allow-Origin") == nil && noCORS.status == 200)
        }
    }
}
