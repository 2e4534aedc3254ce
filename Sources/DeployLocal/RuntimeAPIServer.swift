import DeployLoopback

/// Lambda's Runtime API (`/2018-06-01/runtime/…`) on loopback, for one function: what
/// `awslambdaric` or a custom runtime's `bootstrap` polls for events and posts results to.
final class RuntimeAPIServer: Sendable {
    private let server: LoopbackHTTPServer
    let queue: InvocationQueue

    /// `127.0.0.1:PORT`, the value of `AWS_LAMBDA_RUNTIME_API`.
    var address: String { "127.0.0.1:\(server.port)" }

    private init(server: LoopbackHTTPServer, queue: InvocationQueue) {
        self.server = server
        self.queue = queue
    }

    static func start(functionARN: String) async throws -> RuntimeAPIServer {
        let queue = InvocationQueue()
        let server = try await LoopbackHTTPServer.start { request in
            await route(request, queue: queue, functionARN: functionARN)
        }
        return RuntimeAPIServer(server: server, queue: queue)
    }

    func stop() async {
        await queue.close()
        await server.stop()
    }

    static let prefix = "/2018-06-01/runtime/"

    private static func route(_ request: LoopbackRequest, queue: InvocationQueue, functionARN: String) async -> LoopbackResponse {
        let path = request.path
        guard path.hasPrefix(prefix) else { return .json(404, #"{"errorMessage":"unknown path","errorType":"NotFound"}"#) }
        let parts = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        switch (request.method, parts.count > 0 ? parts[0] : "", parts.count) {
        case ("GET", "invocation", 2) where parts[1] == "next":
            guard let invocation = await queue.next() else {
                return .json(500, #"{"errorMessage":"the function is shutting down","errorType":"Runtime.Shutdown"}"#)
            }
            return LoopbackResponse(
                status: 200,
                headers: [
                    ("Content-Type", "application/json"),
                    ("Lambda-Runtime-Aws-Request-Id", invocation.requestID),
                    ("Lambda-Runtime-Deadline-Ms", String(invocation.deadline)),
                    ("Lambda-Runtime-Invoked-Function-Arn", functionARN),
                    ("Lambda-Runtime-Trace-Id", invocation.traceID),
                ], body: invocation.event)
        case ("POST", "invocation", 3) where parts[2] == "response":
            let accepted = await queue.finish(parts[1], .response(request.body))
            return accepted
                ? .json(202, #"{"status":"OK"}"#)
                : .json(400, #"{"errorMessage":"unknown or finished request id","errorType":"InvalidRequestID"}"#)
        case ("POST", "invocation", 3) where parts[2] == "error":
            let accepted = await queue.finish(
                parts[1], .functionError(type: request.header("Lambda-Runtime-Function-Error-Type"), body: request.body))
            return accepted
                ? .json(202, #"{"status":"OK"}"#)
                : .json(400, #"{"errorMessage":"unknown or finished request id","errorType":"InvalidRequestID"}"#)
        case ("POST", "init", 2) where parts[1] == "error":
            await queue.failInitialisation(type: request.header("Lambda-Runtime-Function-Error-Type"), body: request.body)
            return .json(202, #"{"status":"OK"}"#)
        default:
            return .json(404, #"{"errorMessage":"unknown Runtime API call","errorType":"NotFound"}"#)
        }
    }
}
