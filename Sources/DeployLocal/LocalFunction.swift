import Foundation
import Logging
import Synchronization

/// What an invocation returned.
public struct LocalInvocation: Sendable, Hashable {
    /// The request id the runtime saw (`context.aws_request_id`).
    public var requestID: String
    /// The handler's result, as the runtime posted it (JSON).
    public var payload: [UInt8]
    /// The function's output during the invocation.
    public var log: String
    /// From the invocation's start to its result.
    public var duration: Duration
}

/// A function running locally behind Lambda's Runtime API, warm between invocations as in Lambda:
/// one runtime process serves one invocation after another; a crash or a timeout ends it, and
/// the next invocation starts a fresh one.
public actor LocalFunction {
    public nonisolated let configuration: LocalFunctionConfiguration
    private let server: RuntimeAPIServer
    /// The unpacked package the runtime runs in.
    public nonisolated let directory: String
    private let ownsDirectory: Bool
    /// The runtime's `HOME`: an empty folder of its own, so that nothing under the caller's home
    /// (`~/.aws/credentials`, `~/.netrc`, tool configuration) reaches the handler.
    private let home: String
    private let command: [String]
    private let logger: Logger
    private var process: HandlerProcess?
    /// A start in progress, which concurrent invocations wait for rather than start a second runtime.
    private var starting: Task<HandlerProcess, any Error>?
    private var generation = 0
    private var closed = false

    private init(
        configuration: LocalFunctionConfiguration, server: RuntimeAPIServer, directory: String, ownsDirectory: Bool, home: String,
        command: [String], logger: Logger
    ) {
        self.configuration = configuration
        self.server = server
        self.directory = directory
        self.ownsDirectory = ownsDirectory
        self.home = home
        self.command = command
        self.logger = logger
    }

    /// Unpacks the package and starts the Runtime API; the runtime itself starts on the first invocation.
    /// Prefer ``withLocalFunction(_:logger:_:)``, which also shuts it down.
    public static func start(
        _ configuration: LocalFunctionConfiguration, logger: Logger = Logger(label: "LambdaDeployKit.local")
    ) async throws -> LocalFunction {
        let directory: String
        let owns: Bool
        switch configuration.package {
        case .archive(let path):
            directory = try PackageFolder.unpack(path)
            owns = true
        case .directory(let path):
            directory = path
            owns = false
        }
        let home = (NSTemporaryDirectory() as NSString).appendingPathComponent("lambdadeploykit-home-\(UUID().uuidString.lowercased())")
        do {
            let command = try configuration.command(in: directory)
            try FileManager.default.createDirectory(
                atPath: home, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let server = try await RuntimeAPIServer.start(functionARN: configuration.arn)
            return LocalFunction(
                configuration: configuration, server: server, directory: directory, ownsDirectory: owns, home: home,
                command: command, logger: logger)
        } catch {
            if owns { try? FileManager.default.removeItem(atPath: directory) }
            try? FileManager.default.removeItem(atPath: home)
            throw error
        }
    }

    /// Invokes the function with `event` (JSON) and waits for its result; throws
    /// ``LocalFunctionError`` for a handler error, a timeout (the runtime is killed) or a crash.
    public func invoke(_ event: [UInt8] = Array("{}".utf8)) async throws -> LocalInvocation {
        guard !closed else { throw LocalFunctionError(kind: .exited, message: "the local function was shut down", log: "") }
        let runtime = try await runningProcess()
        let requestID = UUID().uuidString.lowercased()
        let started = ContinuousClock.now
        let logStart = runtime.logCount
        let timeout = configuration.timeout
        let currentGeneration = generation
        let timer = Mutex<Task<Void, any Error>?>(nil)
        let invocation = PendingInvocation(
            requestID: requestID, event: event, timeout: .seconds(timeout),
            traceID: Self.traceID(requestID: requestID),
            started: { [weak self] in
                // The clock runs from when the runtime takes the invocation, not from when it was queued.
                timer.withLock { timer in
                    timer = Task {
                        try await Task.sleep(for: .seconds(timeout))
                        await self?.timeOut(requestID, generation: currentGeneration)
                    }
                }
            })
        let outcome = await server.queue.submit(invocation)
        timer.withLock { $0?.cancel() }
        let log = runtime.log(from: logStart)
        let duration = ContinuousClock.now - started
        switch outcome {
        case .response(let payload):
            return LocalInvocation(requestID: requestID, payload: payload, log: log, duration: duration)
        case .functionError(let type, let body):
            throw LocalFunctionError(
                kind: Self.isInitialisation(type) ? .initialisation : .unhandled, errorType: type ?? Self.errorType(in: body),
                message: Self.errorMessage(in: body) ?? "the handler failed", payload: body, log: log)
        case .initError(let type, let body):
            throw LocalFunctionError(
                kind: .initialisation, errorType: type ?? Self.errorType(in: body),
                message: Self.errorMessage(in: body) ?? "the runtime could not start the handler", payload: body, log: log)
        case .timedOut:
            let message = "Task timed out after \(timeout).00 seconds"
            throw LocalFunctionError(kind: .timedOut, message: message, payload: Array(#"{"errorMessage":"\#(message)"}"#.utf8), log: log)
        case .processExited(let status):
            throw LocalFunctionError(
                kind: .exited, errorType: "Runtime.ExitError",
                message: "RequestId: \(requestID) Error: Runtime exited with error: exit status \(status)", log: log)
        }
    }

    /// The runtime process, started when none is running (once, however many invocations ask).
    private func runningProcess() async throws -> HandlerProcess {
        if let process, process.isRunning { return process }
        if let starting { return try await starting.value }
        let start = Task { try await self.startProcess() }
        starting = start
        defer { starting = nil }
        return try await start.value
    }

    private func startProcess() async throws -> HandlerProcess {
        // A runtime that died may have left a `next` request behind: drop it first.
        await server.queue.processEnded(status: -1)
        generation += 1
        let mine = generation
        let environment = configuration.processEnvironment(runtimeAPI: server.address, directory: directory, home: home)
        do {
            let started = try HandlerProcess(command: command, directory: directory, environment: environment) { [weak self] status in
                Task { await self?.processExited(generation: mine, status: status) }
            }
            process = started
            logger.debug(
                "runtime started", metadata: ["function": "\(configuration.name)", "command": "\(command.joined(separator: " "))"])
            return started
        } catch {
            throw LocalFunctionError(kind: .badPackage, message: "cannot start \(command.joined(separator: " ")): \(error)", log: "")
        }
    }

    private func processExited(generation exited: Int, status: Int32) async {
        if exited == generation { process = nil }
        logger.debug("runtime exited", metadata: ["function": "\(configuration.name)", "status": "\(status)"])
        await server.queue.processEnded(status: status)
    }

    private func timeOut(_ requestID: String, generation timedOut: Int) async {
        guard await server.queue.finish(requestID, .timedOut) else { return }
        logger.warning(
            "invocation timed out; runtime killed", metadata: ["function": "\(configuration.name)", "timeout": "\(configuration.timeout)"])
        if timedOut == generation, let process {
            self.process = nil
            process.kill()
        }
    }

    /// The runtime process's id, while one runs.
    var processIdentifier: Int32? { process?.processIdentifier }

    /// Stops the runtime and the Runtime API, and removes the unpacked package.
    public func shutdown() async {
        guard !closed else { return }
        closed = true
        await server.stop()
        if let process { await process.terminate() }
        process = nil
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
        try? FileManager.default.removeItem(atPath: home)
    }

    static func isInitialisation(_ type: String?) -> Bool {
        guard let type else { return false }
        return type.hasPrefix("Runtime.")
            && (type.contains("Import") || type.contains("HandlerNotFound") || type.contains("Init") || type.contains("Malformed"))
    }

    static func errorMessage(in body: [UInt8]) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["errorMessage"] as? String
    }

    static func errorType(in body: [UInt8]) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["errorType"] as? String
    }
}

/// Runs `body` with a local function, and shuts it down when `body` ends, throws or is cancelled.
public func withLocalFunction<T: Sendable>(
    _ configuration: LocalFunctionConfiguration, logger: Logger = Logger(label: "LambdaDeployKit.local"),
    _ body: (LocalFunction) async throws -> T
) async throws -> T {
    let function = try await LocalFunction.start(configuration, logger: logger)
    do {
        let result = try await body(function)
        await function.shutdown()
        return result
    } catch {
        await function.shutdown()
        throw error
    }
}

extension LocalFunction {
    /// An X-Ray trace header for one invocation, shaped as Lambda writes `_X_AMZN_TRACE_ID`.
    static func traceID(requestID: String) -> String {
        let epoch = String(Int(Date().timeIntervalSince1970), radix: 16)
        let unique = requestID.replacingOccurrences(of: "-", with: "").prefix(24)
        return "Root=1-\(epoch)-\(unique);Parent=\(requestID.prefix(8))\(requestID.suffix(8));Sampled=0"
    }
}
