import DeployAsyncHTTPClient
import DeployCore
import DeployManifests
import DeployTestSupport
import DeployZip
import Foundation
import HTTPTypes
import Logging
import Testing

@testable import DeployLocal

/// Real handlers under Python's `awslambdaric`, behind our Runtime API and loopback gateway.
@Suite(
    "Local gateway (awslambdaric)",
    .enabled(if: LocalFixture.isAvailable, "python3 -m awslambdaric is not importable: pip install awslambdaric==4.2.2"))
struct LocalGatewayTests {
    @Test("the seed's handler answers GET /production/hello through the loopback gateway, from the deploy's zip")
    func seed() async throws {
        let folder = try LocalFixture.folder(["lambda_function.py": LocalFixture.seed])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let zip = folder + "/function.zip"
        _ = try await DeploymentPackage.build(from: folder, to: zip, options: .init(patterns: ["!**", "lambda_function.py"]))
        let function = LocalFixture.function(package: .archive(zip))
        try await withLocalGateway(
            functions: [function], routes: [LocalRoute(path: "/hello", cors: true, function: "hello")], logger: LocalFixture.quiet
        ) { gateway in
            let response = try await LocalFixture.get(gateway.url("/hello"))
            #expect(response.status == 200)
            #expect(response.contentType?.hasPrefix("application/json") == true)
            #expect(response.text == #"{"message": "Your function executed successfully!"}"#)
            // CORS preflight, as the deployed API answers it.
            let preflight = try await LocalFixture.send(.options, gateway.url("/hello"))
            #expect(preflight.status == 200 && preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("GET") == true)
            // An unknown path: API Gateway's 403.
            #expect(try await LocalFixture.get(gateway.url("/nope")).status == 403)
        }
    }

    static let payload2 = """
        import base64, json

        def handler(event, context):
            if event.get("source") == "aws.events" or "kind" in event:
                return event.get("detail-type", "") + " " + (event.get("resources") or [event.get("kind")])[0]
            path = event["rawPath"]
            if path.startswith("/items/"):
                return {"statusCode": 201, "headers": {"X-Route": event["routeKey"]}, "cookies": ["a=1; Path=/", "b=2"],
                        "body": json.dumps({"cookies": event.get("cookies"), "version": event["version"],
                                            "query": event["rawQueryString"], "params": event.get("queryStringParameters"),
                                            "method": event["requestContext"]["http"]["method"],
                                            "id": (event.get("pathParameters") or {}).get("id"),
                                            "stage": event["requestContext"]["stage"]})}
            if path == "/binary":
                body = event["body"] if event["isBase64Encoded"] else base64.b64encode(event["body"].encode()).decode()
                return {"statusCode": 200, "isBase64Encoded": True, "headers": {"Content-Type": "application/octet-stream"}, "body": body}
            if path == "/object":
                return {"message": "no statusCode"}
            return "plain string"
        """

    @Test(
        "HTTP API routes: payload 2.0 events (routeKey, rawPath, cookies, query), 2.0 responses (cookies, base64, plain results), $default")
    func httpAPIPayload2() async throws {
        let folder = try LocalFixture.folder(["app.py": Self.payload2, "lambda_function.py": LocalFixture.seed])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let functions = [
            LocalFixture.function(name: "api", package: .directory(folder), handler: "app.handler"),
            LocalFixture.function(name: "seed", package: .directory(folder)),
        ]
        let routes = [
            LocalRoute(httpAPI: "GET /items/{id}", function: "api"), LocalRoute(httpAPI: "POST /binary", function: "api"),
            LocalRoute(httpAPI: "GET /hello", function: "seed"), LocalRoute(httpAPI: "$default", function: "api"),
        ]
        try await withLocalGateway(functions: functions, routes: routes, logger: LocalFixture.quiet) { gateway in
            let items = try await LocalFixture.get(gateway.baseURL + "/items/7?x=1&x=2", headers: ["Cookie": "a=1; b=2"])
            #expect(items.status == 201 && items.header("X-Route") == "GET /items/{id}")
            #expect(items.headers[values: .setCookie] == ["a=1; Path=/", "b=2"])
            let event = try #require(try JSONSerialization.jsonObject(with: Data(items.body)) as? [String: Any])
            #expect(event["cookies"] as? [String] == ["a=1", "b=2"] && event["version"] as? String == "2.0")
            #expect(event["query"] as? String == "x=1&x=2" && (event["params"] as? [String: String])?["x"] == "1,2")
            #expect(event["method"] as? String == "GET" && event["id"] as? String == "7" && event["stage"] as? String == "$default")
            let bytes: [UInt8] = [0, 255, 1, 128, 10]
            let binary = try await LocalFixture.send(.post, gateway.baseURL + "/binary", body: bytes)
            #expect(binary.status == 200 && binary.body == bytes && binary.contentType == "application/octet-stream")
            // The seed's handler answers through an HTTP API as through the REST API.
            let hello = try await LocalFixture.get(gateway.baseURL + "/hello")
            #expect(hello.status == 200 && hello.text == #"{"message": "Your function executed successfully!"}"#)
            // Results without a statusCode: 200, JSON, a string as itself, an object as its JSON.
            let plain = try await LocalFixture.get(gateway.baseURL + "/anything/else")
            #expect(plain.status == 200 && plain.text == "plain string" && plain.contentType == "application/json")
            let object = try await LocalFixture.get(gateway.baseURL + "/object")
            #expect(object.status == 200 && object.text.contains(#""message""#))
            // The REST API's stage prefix is no HTTP API path: the $default route takes it.
            #expect(try await LocalFixture.get(gateway.baseURL + "/production/hello").text == "plain string")
        }
        try await withLocalGateway(
            functions: [functions[0]], routes: [LocalRoute(httpAPI: "GET /items/{id}", function: "api")], logger: LocalFixture.quiet
        ) { gateway in
            #expect(try await LocalFixture.get(gateway.baseURL + "/nope").status == 404, "no route, no $default: API Gateway's 404")
            let scheduled = try await gateway.invokeSchedule("api", rule: "nightly")
            #expect(
                String(decoding: scheduled.payload, as: UTF8.self)
                    == #""Scheduled Event arn:aws:events:us-east-1:123456789012:rule/nightly""#)
            let withInput = try await gateway.invokeSchedule("api", input: #"{"kind": "sweep"}"#)
            #expect(String(decoding: withInput.payload, as: UTF8.self) == #"" sweep""#, "the rule's input as written")
        }
    }

    @Test("the proxy event carries path, method, headers, query, path parameters, stage and request context")
    func proxyEvent() async throws {
        let folder = try LocalFixture.folder(["echo.py": LocalFixture.echo])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let function = LocalFixture.function(package: .directory(folder), handler: "echo.handler")
        try await withLocalGateway(
            functions: [function], routes: [LocalRoute(path: "/items/{id}", function: "hello")], logger: LocalFixture.quiet
        ) { gateway in
            let response = try await LocalFixture.get(gateway.url("/items/42") + "?color=red&color=blue&size=L", headers: ["X-Trace": "t1"])
            let event = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(event["path"] as? String == "/items/42")
            #expect(event["resource"] as? String == "/items/{id}")
            #expect(event["httpMethod"] as? String == "GET")
            #expect((event["pathParameters"] as? [String: String])?["id"] == "42")
            #expect((event["queryStringParameters"] as? [String: String])?["size"] == "L")
            #expect((event["multiValueQueryStringParameters"] as? [String: [String]])?["color"] == ["red", "blue"])
            #expect((event["headers"] as? [String: String])?.first { $0.key.lowercased() == "x-trace" }?.value == "t1")
            let context = try #require(event["requestContext"] as? [String: Any])
            #expect(context["stage"] as? String == "production" && context["path"] as? String == "/production/items/42")
            #expect(event["isBase64Encoded"] as? Bool == false)
        }
    }

    @Test("a handler that raises: 502 from the gateway, a typed function error with the traceback on direct invoke")
    func raising() async throws {
        let folder = try LocalFixture.folder(["boom.py": "def handler(event, context):\n    return 1 / 0\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withLocalGateway(
            functions: [LocalFixture.function(package: .directory(folder), handler: "boom.handler")],
            routes: [LocalRoute(path: "/boom", function: "hello")], logger: LocalFixture.quiet
        ) { gateway in
            let response = try await LocalFixture.get(gateway.url("/boom"))
            #expect(response.status == 502 && response.text.contains("Internal server error"))
            let error = try await #require(throws: LocalFunctionError.self) { try await gateway.invoke("hello") }
            #expect(error.kind == .unhandled)
            #expect(error.errorType == "ZeroDivisionError")
            #expect(error.message.contains("division by zero"))
            #expect(error.log.contains("Traceback") || error.log.contains("ZeroDivisionError"), "\(error.log)")
        }
    }

    @Test("a handler that sleeps past its timeout is killed and reported as Lambda does; the next invocation starts fresh")
    func timeout() async throws {
        let folder = try LocalFixture.folder([
            "slow.py":
                "import time\n\ndef handler(event, context):\n    if event.get('sleep'):\n        time.sleep(30)\n    return {'ok': True}\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = LocalFixture.function(package: .directory(folder), handler: "slow.handler")
        configuration.timeout = 1
        try await withLocalFunction(configuration, logger: LocalFixture.quiet) { function in
            _ = try await function.invoke(Array("{}".utf8))
            let started = ContinuousClock.now
            let error = try await #require(throws: LocalFunctionError.self) { try await function.invoke(Array(#"{"sleep": true}"#.utf8)) }
            #expect(error.kind == .timedOut && error.message == "Task timed out after 1.00 seconds")
            // Killed, not waited for: well before the handler's 30 s sleep ends. (No tighter bound: a
            // busy CI machine took 10.6 s to answer once, while other suites ran.)
            #expect(ContinuousClock.now - started < .seconds(25))
            let next = try await function.invoke(Array("{}".utf8))
            #expect(String(decoding: next.payload, as: UTF8.self).contains("true"))
        }
    }

    @Test("a handler that prints: the output is the invocation's log; one warm process serves successive invocations")
    func logsAndWarmReuse() async throws {
        let folder = try LocalFixture.folder([
            "chatty.py":
                "import os\n\ndef handler(event, context):\n    print('hello from', context.aws_request_id)\n    return {'pid': "
                + "os.getpid()}\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withLocalFunction(
            LocalFixture.function(package: .directory(folder), handler: "chatty.handler"), logger: LocalFixture.quiet
        ) { function in
            let first = try await function.invoke()
            let second = try await function.invoke()
            #expect(first.log.contains("hello from \(first.requestID)"), "\(first.log)")
            #expect(second.log.contains("hello from \(second.requestID)") && !second.log.contains(first.requestID))
            #expect(first.payload == second.payload, "a second process served the second invocation")
        }
    }

    @Test("a runtime that exits mid-invocation is reported, and the next invocation gets a fresh one")
    func crash() async throws {
        let folder = try LocalFixture.folder([
            "crash.py":
                "import os\n\ndef handler(event, context):\n    if event.get('crash'):\n        os._exit(3)\n    return {'ok': True}\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withLocalFunction(
            LocalFixture.function(package: .directory(folder), handler: "crash.handler"), logger: LocalFixture.quiet
        ) { function in
            let error = try await #require(throws: LocalFunctionError.self) { try await function.invoke(Array(#"{"crash": true}"#.utf8)) }
            #expect(error.kind == .exited && error.message.contains("exit status 3"), "\(error)")
            #expect(try await function.invoke().payload == Array(#"{"ok": true}"#.utf8))
        }
    }

    @Test("50 concurrent requests against one function complete, each with its own request id")
    func concurrentRequests() async throws {
        let folder = try LocalFixture.folder([
            "ids.py":
                "import json\n\ndef handler(event, context):\n    return {'statusCode': 200, 'headers': {'Content-Type': "
                + "'application/json'}, 'body': json.dumps({'id': context.aws_request_id})}\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withLocalGateway(
            functions: [LocalFixture.function(package: .directory(folder), handler: "ids.handler")],
            routes: [LocalRoute(path: "/id", function: "hello")], logger: LocalFixture.quiet
        ) { gateway in
            let url = gateway.url("/id")
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let response = try await LocalFixture.get(url, timeout: .seconds(120), transport: LocalFixture.widePool)
                        #expect(response.status == 200)
                        return response.text
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 50)
        }
    }

    @Test("bad input: an unknown handler, a package without the module, a response without statusCode")
    func badInput() async throws {
        let folder = try LocalFixture.folder([
            "lambda_function.py": LocalFixture.seed,
            "plain.py": "def handler(event, context):\n    return {'message': 'no statusCode'}\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let functions = [
            LocalFixture.function(name: "nohandler", package: .directory(folder), handler: "lambda_function.nope"),
            LocalFixture.function(name: "nomodule", package: .directory(folder), handler: "missing_module.handler"),
            LocalFixture.function(name: "plain", package: .directory(folder), handler: "plain.handler"),
        ]
        let routes = functions.map { LocalRoute(path: "/\($0.name)", function: $0.name) }
        try await withLocalGateway(functions: functions, routes: routes, logger: LocalFixture.quiet) { gateway in
            let notFound = try await #require(throws: LocalFunctionError.self) { try await gateway.invoke("nohandler") }
            #expect(notFound.errorType == "Runtime.HandlerNotFound", "\(notFound)")
            let noModule = try await #require(throws: LocalFunctionError.self) { try await gateway.invoke("nomodule") }
            #expect(noModule.errorType == "Runtime.ImportModuleError", "\(noModule)")
            for function in functions {
                let response = try await LocalFixture.get(gateway.url("/\(function.name)"))
                #expect(
                    response.status == 502 && response.text == #"{"message": "Internal server error"}"#,
                    "\(function.name): \(response.status) \(response.text)")
            }
        }
    }

    @Test("nothing outlives the scope: the runtime is gone and the port closed, even when the task is cancelled")
    func lifecycle() async throws {
        let folder = try LocalFixture.folder(["lambda_function.py": LocalFixture.seed])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let seen = LocalFixture.Seen()
        let task = Task {
            try await withLocalGateway(
                functions: [LocalFixture.function(package: .directory(folder))], routes: [LocalRoute(path: "/hello", function: "hello")],
                logger: LocalFixture.quiet
            ) { gateway in
                _ = try await LocalFixture.get(gateway.url("/hello"))
                seen.set(url: gateway.url("/hello"), pid: await gateway.functions["hello"]?.processIdentifier)
                try await Task.sleep(for: .seconds(60))
            }
        }
        while seen.pid == nil { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        _ = await task.result
        let pid = try #require(seen.pid)
        #expect(kill(pid, 0) != 0, "runtime \(pid) still running")
        await #expect(throws: (any Error).self) { try await LocalFixture.get(seen.url!, timeout: .seconds(2)) }
    }
}

@Suite("Local gateway routing")
struct LocalRoutingTests {
    @Test("routes from serverless.yml http events; templates with parameters and greedy paths")
    func routes() throws {
        let file = try ServerlessFile(
            yaml: """
                service: s
                provider: {name: aws, runtime: python3.12}
                functions:
                  hello:
                    handler: lambda_function.lambda_handler
                    events:
                      - http: {path: hello, method: get, cors: true}
                      - http: POST items/{id}
                  proxy:
                    handler: p.h
                    events:
                      - http: ANY files/{path+}
                      - schedule: rate(1 hour)
                  api:
                    handler: a.h
                    url: true
                    events:
                      - httpApi: GET /v2/items/{id}
                      - httpApi: {method: POST, path: /v2/items}
                      - httpApi: '*'
                  browser:
                    handler: b.h
                    url: {authorizer: aws_iam, cors: {allowedOrigins: ['https://example.com']}}
                  off:
                    handler: o.h
                    url: false
                """)
        let routes = try LocalRoute.routes(in: file)
        #expect(
            routes == [
                LocalRoute(method: "GET", path: "/hello", cors: true, function: "hello"),
                LocalRoute(method: "POST", path: "/items/{id}", function: "hello"),
                LocalRoute(method: "ANY", path: "/files/{path+}", function: "proxy"),
                LocalRoute(httpAPI: "GET /v2/items/{id}", function: "api"), LocalRoute(httpAPI: "POST /v2/items", function: "api"),
                LocalRoute(httpAPI: "$default", function: "api"), LocalRoute(functionURL: "api"),
                LocalRoute(functionURL: "browser", cors: true),
            ])
        #expect(routes[3..<6].map(\.routeKey) == ["GET /v2/items/{id}", "POST /v2/items", "$default"])
        #expect(routes[3..<6].allSatisfy { $0.api == .http } && routes.prefix(3).allSatisfy { $0.api == .rest })
        #expect(routes.suffix(2).allSatisfy { $0.api == .functionURL })
        // provider.httpApi.payload: '1.0' makes every HTTP API route a 1.0 one.
        let v1 = try ServerlessFile(
            yaml: """
                service: s
                provider: {name: aws, runtime: python3.12, httpApi: {payload: '1.0'}}
                functions:
                  api: {handler: a.h, events: [{httpApi: GET /v1}]}
                """)
        #expect(try LocalRoute.routes(in: v1) == [LocalRoute(httpAPI: "GET /v1", function: "api", payloadFormatVersion: "1.0")])
        #expect(LocalGateway.match("/items/{id}", ["items", "7"]) == ["id": "7"])
        #expect(LocalGateway.match("/files/{path+}", ["files", "a", "b.txt"]) == ["path": "a/b.txt"])
        #expect(LocalGateway.match("/hello", ["hello", "x"]) == nil)
        #expect(LocalGateway.match("/hello", ["hello"]) == [:])
    }

    @Test("a proxy response maps to HTTP; one without statusCode does not")
    func responses() {
        let ok = ProxyEvent.response(
            from: Array(
                (#"{"statusCode": 201, "headers": {"X-A": "1"}, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "aGk=", "#
                    + #""isBase64Encoded": true}"#).utf8))
        #expect(ok?.status == 201 && ok?.body == Array("hi".utf8))
        #expect(ok?.headers.filter { $0.name == "Set-Cookie" }.map(\.value) == ["a=1", "b=2"])
        #expect(ProxyEvent.response(from: Array(#"{"message": "no status"}"#.utf8)) == nil)
        #expect(ProxyEvent.response(from: Array("not json".utf8)) == nil)
    }
}

extension LocalRoutingTests {
    @Test("requestTime in API Gateway's format")
    func requestTime() {
        #expect(ProxyEvent.requestTime(Date(timeIntervalSince1970: 1_795_718_400)) == "26/Nov/2026:18:40:00 +0000")
    }
}

extension LocalGatewayTests {
    @Test("a custom runtime's bootstrap speaks the same Runtime API")
    func customRuntime() async throws {
        let bootstrap = """
            #!/bin/sh
            # A custom runtime in shell: poll next, answer with the request id.
            while true; do
              headers=$(mktemp)
              event=$(curl -sS -D "$headers" "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next") || exit 1
              id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d ' \\r\\n')
              curl -sS -o /dev/null -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$id/response" \\
                -d "{\\"statusCode\\": 200, \\"body\\": \\"handled $id by $_HANDLER\\"}"
              rm -f "$headers"
            done
            """
        let folder = try LocalFixture.folder(["bootstrap": bootstrap])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let zip = folder + "/function.zip"
        _ = try await DeploymentPackage.build(from: folder, to: zip, options: .init(patterns: ["!**", "bootstrap"]))
        let function = LocalFunctionConfiguration(name: "shell", package: .archive(zip), handler: "my.handler", runtime: "provided.al2023")
        try await withLocalGateway(
            functions: [function], routes: [LocalRoute(path: "/shell", function: "shell")], logger: LocalFixture.quiet
        ) { gateway in
            let first = try await LocalFixture.get(gateway.url("/shell"))
            let second = try await LocalFixture.get(gateway.url("/shell"))
            #expect(first.status == 200 && first.text.hasPrefix("handled ") && first.text.hasSuffix(" by my.handler"), "\(first.text)")
            #expect(first.text != second.text)
        }
    }
}

extension LocalGatewayTests {
    @Test("concurrent invocations of a cold function start one runtime, not one each")
    func coldConcurrentStart() async throws {
        let folder = try LocalFixture.folder(["pid.py": "import os\n\ndef handler(event, context):\n    return {'pid': os.getpid()}\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withLocalFunction(LocalFixture.function(package: .directory(folder), handler: "pid.handler"), logger: LocalFixture.quiet)
        { function in
            let payloads = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<20 { group.addTask { try await function.invoke().payload } }
                return try await group.reduce(into: Set<[UInt8]>()) { $0.insert($1) }
            }
            #expect(payloads.count == 1, "\(payloads.count) runtimes served 20 invocations")
        }
    }
}
