import DeployLoopback
import DeployManifests
import Foundation
import Logging
import Synchronization

/// An API Gateway stand-in on loopback: `GET http://127.0.0.1:PORT/production/hello` becomes a
/// REST proxy event for the route's function, and the function's `{statusCode, headers, body}`
/// the HTTP response, as the deployed API would answer. HTTP API routes are served from the root
/// (their `$default` stage), and each function URL on a port of its own.
public final class LocalGateway: Sendable {
    private let server: LoopbackHTTPServer
    private let urlServers: [String: LoopbackHTTPServer]
    /// The running functions, by name.
    public let functions: [String: LocalFunction]
    /// The routes it answers.
    public let routes: [LocalRoute]
    /// The stage, the first segment of every path (`production`).
    public let stage: String

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// The URL of `path` on the stage: `http://127.0.0.1:PORT/production/hello`.
    public func url(_ path: String) -> String { "\(baseURL)/\(stage)\(path.hasPrefix("/") ? path : "/" + path)" }

    /// The local URL of `function`'s function URL (`http://127.0.0.1:PORT/`); `nil` when no
    /// ``LocalRoute/init(functionURL:cors:)`` names it.
    public func functionURL(_ function: String) -> String? { urlServers[function].map { "http://127.0.0.1:\($0.port)/" } }

    private init(
        server: LoopbackHTTPServer, urlServers: [String: LoopbackHTTPServer], functions: [String: LocalFunction], routes: [LocalRoute],
        stage: String
    ) {
        self.server = server
        self.urlServers = urlServers
        self.functions = functions
        self.routes = routes
        self.stage = stage
    }

    static func start(functions: [String: LocalFunction], routes: [LocalRoute], stage: String, logger: Logger) async throws -> LocalGateway
    {
        let box = PortBox()
        let server = try await LoopbackHTTPServer.start { request in
            await Self.answer(
                request, functions: functions, routes: routes, stage: stage, host: "127.0.0.1:\(box.port.load(ordering: .acquiring))",
                logger: logger)
        }
        box.port.store(server.port, ordering: .releasing)
        var urlServers: [String: LoopbackHTTPServer] = [:]
        do {
            for route in routes where route.api == .functionURL {
                guard urlServers[route.function] == nil, let function = functions[route.function] else { continue }
                let box = PortBox()
                let urlServer = try await LoopbackHTTPServer.start { request in
                    await Self.answerFunctionURL(
                        request, function: function, route: route, host: "127.0.0.1:\(box.port.load(ordering: .acquiring))", logger: logger)
                }
                box.port.store(urlServer.port, ordering: .releasing)
                urlServers[route.function] = urlServer
            }
        } catch {
            await server.stop()
            for started in urlServers.values { await started.stop() }
            throw error
        }
        return LocalGateway(server: server, urlServers: urlServers, functions: functions, routes: routes, stage: stage)
    }

    func stop() async {
        await server.stop()
        for urlServer in urlServers.values { await urlServer.stop() }
    }

    /// Invokes a function directly (no HTTP), as `aws lambda invoke` would.
    public func invoke(_ function: String, event: [UInt8] = Array("{}".utf8)) async throws -> LocalInvocation {
        guard let local = functions[function] else {
            throw LocalFunctionError(
                kind: .badPackage, errorType: "ResourceNotFoundException", message: "Function not found: \(function)", log: "")
        }
        return try await local.invoke(event)
    }

    /// Invokes `function` as a `schedule` event's rule does: with the rule's `input` as written when
    /// it has one, otherwise with the event EventBridge sends (`detail-type: Scheduled Event`,
    /// `source: aws.events`, the rule's ARN in `resources`).
    public func invokeSchedule(_ function: String, rule: String = "local-schedule", input: String? = nil) async throws -> LocalInvocation {
        guard let input else { return try await invoke(function, event: Self.scheduledEvent(rule: rule)) }
        return try await invoke(function, event: Array(input.utf8))
    }

    /// The event EventBridge sends for a scheduled rule.
    static func scheduledEvent(rule: String, now: Date = Date()) -> [UInt8] {
        let event: [String: Any] = [
            "version": "0", "id": UUID().uuidString.lowercased(), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": ISO8601DateFormatter().string(from: now), "region": "us-east-1",
            "resources": ["arn:aws:events:us-east-1:123456789012:rule/\(rule)"], "detail": [String: Any](),
        ]
        return Array((try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    private static func answer(
        _ request: LoopbackRequest, functions: [String: LocalFunction], routes: [LocalRoute], stage: String, host: String, logger: Logger
    ) async -> LoopbackResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // Under the stage, the REST routes that match; none (or another first segment): the HTTP APIs' `$default` stage.
        let rest = Array(segments.dropFirst())
        let matches =
            segments.first == stage
            ? routes.filter { $0.api == .rest }.compactMap { route in match(route.path, rest).map { (route, $0) } } : []
        guard !matches.isEmpty else {
            return await answerHTTPAPI(
                request, segments: segments, functions: functions, routes: routes.filter { $0.api == .http }, host: host, logger: logger)
        }
        if request.method == "OPTIONS", let (route, _) = matches.first(where: { $0.0.cors }) {
            let methods = (matches.map(\.0.method) + ["OPTIONS"]).joined(separator: ",")
            _ = route
            return LoopbackResponse(
                status: 200,
                headers: [
                    ("Content-Type", "application/json"), ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Headers", "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"),
                    ("Access-Control-Allow-Methods", methods),
                ], body: [])
        }
        guard let (route, parameters) = matches.first(where: { $0.0.method == request.method || $0.0.method == "ANY" }),
            let function = functions[route.function]
        else {
            return ProxyEvent.missingToken
        }
        let path = String(request.path.dropFirst(stage.count + 1))
        let event = ProxyEvent.event(
            for: request, path: path.isEmpty ? "/" : path, stage: stage, resourcePath: route.path, pathParameters: parameters,
            host: host)
        return await proxy(function, event, route: route, logger: logger, failure: ProxyEvent.internalServerError) {
            ProxyEvent.response(from: $0)
        }
    }

    /// Invokes `function` with `event` and makes its result the response; `failure` (logged) when
    /// the invocation fails or its result is no response.
    private static func proxy(
        _ function: LocalFunction, _ event: [UInt8], route: LocalRoute, logger: Logger, failure: LoopbackResponse,
        response: ([UInt8]) -> LoopbackResponse?
    ) async -> LoopbackResponse {
        do {
            let result = try await function.invoke(event)
            guard let answer = response(result.payload) else {
                logger.error("malformed Lambda proxy response", metadata: ["function": "\(route.function)"])
                return failure
            }
            return answer
        } catch {
            logger.error("invocation failed", metadata: ["function": "\(route.function)", "error": "\(error)"])
            return failure
        }
    }

    /// A request on the HTTP APIs' `$default` stage: the most specific matching route (a path over
    /// `$default`, a method over `ANY`) gets a payload 2.0 event; none: API Gateway's 404.
    private static func answerHTTPAPI(
        _ request: LoopbackRequest, segments: [String], functions: [String: LocalFunction], routes: [LocalRoute], host: String,
        logger: Logger
    ) async -> LoopbackResponse {
        var matches: [(route: LocalRoute, parameters: [String: String], rank: Int)] = []
        for route in routes where route.method == request.method || route.method == "ANY" {
            let parameters: [String: String]? = route.path == "/*" ? [:] : match(route.path, segments)
            guard let parameters else { continue }
            matches.append((route, parameters, (route.path == "/*" ? 2 : 0) + (route.method == "ANY" ? 1 : 0)))
        }
        guard let (route, parameters, _) = matches.min(by: { $0.rank < $1.rank }), let function = functions[route.function] else {
            return routes.isEmpty ? ProxyEvent.missingToken : HTTPAPIEvent.notFound
        }
        guard route.payloadFormatVersion == "1.0" else {
            let event = HTTPAPIEvent.event(for: request, routeKey: route.routeKey, pathParameters: parameters, host: host)
            return await proxy(function, event, route: route, logger: logger, failure: HTTPAPIEvent.internalServerError) {
                HTTPAPIEvent.response(from: $0)
            }
        }
        let event = ProxyEvent.event(
            for: request, path: request.path, stage: "$default", resourcePath: route.path == "/*" ? "$default" : route.path,
            pathParameters: parameters, host: host, version: "1.0")
        return await proxy(function, event, route: route, logger: logger, failure: HTTPAPIEvent.internalServerError) {
            ProxyEvent.response(from: $0)
        }
    }

    /// A request to a function URL: a 2.0 event with `$default` as its route and `anonymous` as
    /// the caller's account, 2.0's response rules, 502 when the function fails; with CORS, Lambda
    /// answers the preflight itself.
    private static func answerFunctionURL(
        _ request: LoopbackRequest, function: LocalFunction, route: LocalRoute, host: String, logger: Logger
    ) async -> LoopbackResponse {
        if route.cors, request.method == "OPTIONS", request.header("Access-Control-Request-Method") != nil {
            return LoopbackResponse(
                status: 200,
                headers: [
                    ("Access-Control-Allow-Origin", request.header("Origin") ?? "*"),
                    ("Access-Control-Allow-Methods", request.header("Access-Control-Request-Method") ?? "*"),
                    ("Access-Control-Allow-Headers", request.header("Access-Control-Request-Headers") ?? "*"),
                ], body: [])
        }
        let event = HTTPAPIEvent.event(for: request, routeKey: "$default", pathParameters: [:], host: host, accountID: "anonymous")
        return await proxy(function, event, route: route, logger: logger, failure: HTTPAPIEvent.badGateway) {
            HTTPAPIEvent.response(from: $0)
        }
    }

    /// Matches a route template against the path's segments; returns the path parameters.
    static func match(_ template: String, _ segments: [String]) -> [String: String]? {
        let parts = template.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var parameters: [String: String] = [:]
        for (index, part) in parts.enumerated() {
            if part.hasPrefix("{"), part.hasSuffix("+}") {
                guard index < segments.count else { return nil }
                parameters[String(part.dropFirst().dropLast(2))] = segments[index...].joined(separator: "/")
                return parameters
            }
            guard index < segments.count else { return nil }
            if part.hasPrefix("{"), part.hasSuffix("}") {
                parameters[String(part.dropFirst().dropLast())] = segments[index]
            } else if part != segments[index] {
                return nil
            }
        }
        return parts.count == segments.count ? parameters : nil
    }
}

/// The port, known only once the server that needs it in its answers has started: written once
/// after the start, read by every request, atomically.
private final class PortBox: Sendable {
    let port = Atomic<Int>(0)
}

/// Runs `body` with every function started behind one local gateway, and stops them all when
/// `body` ends, throws or is cancelled: no runtime process or socket outlives the call.
public func withLocalGateway<T: Sendable>(
    functions: [LocalFunctionConfiguration], routes: [LocalRoute], stage: String = "production",
    logger: Logger = Logger(label: "LambdaDeployKit.local"), _ body: (LocalGateway) async throws -> T
) async throws -> T {
    var started: [String: LocalFunction] = [:]
    var gateway: LocalGateway?
    func stopAll() async {
        await gateway?.stop()
        for function in started.values { await function.shutdown() }
    }
    do {
        for configuration in functions {
            started[configuration.name] = try await LocalFunction.start(configuration, logger: logger)
        }
        gateway = try await LocalGateway.start(functions: started, routes: routes, stage: stage, logger: logger)
        let result = try await body(gateway!)
        await stopAll()
        return result
    } catch {
        await stopAll()
        throw error
    }
}
