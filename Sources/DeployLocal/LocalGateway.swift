import DeployLoopback
import DeployManifests
import Foundation
import Logging
import Synchronization

/// A route of the local gateway: a method and path (`{id}` and `{proxy+}` parameters allowed) on a function.
public struct LocalRoute: Sendable, Hashable {
    /// `GET`, `POST`, … or `ANY`.
    public var method: String
    /// The resource path (`/hello`, `/items/{id}`, `/files/{path+}`).
    public var path: String
    /// Whether `OPTIONS` is answered with CORS headers, as `cors: true` deploys it.
    public var cors: Bool
    /// The name of the ``LocalFunctionConfiguration`` that answers it.
    public var function: String

    /// A route to `function`.
    public init(method: String = "GET", path: String, cors: Bool = false, function: String) {
        self.method = method.uppercased()
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.cors = cors
        self.function = function
    }

    /// The `http` events of a `serverless.yml` (variables resolved with `options`).
    public static func routes(in file: ServerlessFile, options: [String: String] = [:]) throws -> [LocalRoute] {
        let configuration = try file.configuration(resolver: LocalVariableResolver(options: options))
        return (configuration.functions ?? []).flatMap { entry in
            (entry.value.events ?? []).compactMap { event -> LocalRoute? in
                guard case .http(let http) = event, let path = http.path else { return nil }
                return LocalRoute(method: http.method ?? "GET", path: path, cors: http.cors?.enabled ?? false, function: entry.name)
            }
        }
    }
}

/// An API Gateway stand-in on loopback: `GET http://127.0.0.1:PORT/production/hello` becomes a
/// REST proxy event for the route's function, and the function's `{statusCode, headers, body}`
/// the HTTP response, as the deployed API would answer.
public final class LocalGateway: Sendable {
    private let server: LoopbackHTTPServer
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

    private init(server: LoopbackHTTPServer, functions: [String: LocalFunction], routes: [LocalRoute], stage: String) {
        self.server = server
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
        return LocalGateway(server: server, functions: functions, routes: routes, stage: stage)
    }

    func stop() async { await server.stop() }

    /// Invokes a function directly (no HTTP), as `aws lambda invoke` would.
    public func invoke(_ function: String, event: [UInt8] = Array("{}".utf8)) async throws -> LocalInvocation {
        guard let local = functions[function] else {
            throw LocalFunctionError(
                kind: .badPackage, errorType: "ResourceNotFoundException", message: "Function not found: \(function)", log: "")
        }
        return try await local.invoke(event)
    }

    private static func answer(
        _ request: LoopbackRequest, functions: [String: LocalFunction], routes: [LocalRoute], stage: String, host: String, logger: Logger
    ) async -> LoopbackResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.first == stage else { return ProxyEvent.missingToken }
        let rest = Array(segments.dropFirst())
        let matches = routes.compactMap { route in match(route.path, rest).map { (route, $0) } }
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
        let event = ProxyEvent.event(
            for: request, route: route, stage: stage, resourcePath: route.path, pathParameters: parameters, host: host)
        do {
            let result = try await function.invoke(event)
            guard let response = ProxyEvent.response(from: result.payload) else {
                logger.error("malformed Lambda proxy response", metadata: ["function": "\(route.function)"])
                return ProxyEvent.internalServerError
            }
            return response
        } catch {
            logger.error("invocation failed", metadata: ["function": "\(route.function)", "error": "\(error)"])
            return ProxyEvent.internalServerError
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

/// The port, known only once the server is bound (the handler is made before).
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
