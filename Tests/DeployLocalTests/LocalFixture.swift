import AsyncHTTPClient
import DeployAsyncHTTPClient
import DeployCore
import DeployTestSupport
import Foundation
import HTTPTypes
import Logging
import Synchronization

@testable import DeployLocal

enum LocalFixture {
    /// Whether `python3 -m awslambdaric` can run (CI installs it; must not be skipped there).
    static let isAvailable: Bool = {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import awslambdaric"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static let seed = """
        import json

        def lambda_handler(event, context):
            return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                    "body": json.dumps({"message": "Your function executed successfully!"})}
        """

    static let echo =
        "import json\n\ndef handler(event, context):\n    return {'statusCode': 200, 'headers': {'Content-Type': 'application/json'}, "
        + "'body': json.dumps(event)}\n"

    static func folder(_ files: [String: String]) throws -> String {
        let folder = NSTemporaryDirectory() + "local-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        return folder
    }

    static func function(
        name: String = "hello", package: LocalFunctionConfiguration.Package, handler: String = "lambda_function.lambda_handler"
    ) -> LocalFunctionConfiguration {
        LocalFunctionConfiguration(name: name, package: package, handler: handler, runtime: "python3.12", timeout: 10)
    }

    struct Response {
        var status: Int
        var headers: HTTPFields
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var contentType: String? { headers[.contentType] }
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
    }

    /// A client whose pool holds 64 connections to a host and waits up to a minute for one: the
    /// concurrency test's 50 requests queue in the local gateway (one runtime answers them in
    /// turn), not in the client's pool of 8, whose wait for a connection ends after 10 s.
    static let widePool: AsyncHTTPClientTransport = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .seconds(60), read: .seconds(120))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return AsyncHTTPClientTransport(client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration))
    }()

    static func send(
        _ method: HTTPRequest.Method, _ url: String, headers: [String: String] = [:], body: [UInt8]? = nil,
        timeout: Duration = .seconds(30), transport: AsyncHTTPClientTransport = .shared
    ) async throws -> Response {
        var request = HTTPRequest(method: method, url: URL(string: url)!)
        for (name, value) in headers { request.headerFields[HTTPField.Name(name)!] = value }
        let response = try await transport.send(
            request, body: body.map { HTTPBody(bytes: $0) }, context: TransportContext(timeout: timeout))
        return Response(status: response.statusCode, headers: response.response.headerFields, body: response.body)
    }

    static func get(
        _ url: String, headers: [String: String] = [:], timeout: Duration = .seconds(30), transport: AsyncHTTPClientTransport = .shared
    ) async throws -> Response {
        try await send(.get, url, headers: headers, timeout: timeout, transport: transport)
    }

    final class Seen: Sendable {
        private let state = Mutex<(url: String?, pid: Int32?)>((nil, nil))
        func set(url: String, pid: Int32?) { state.withLock { $0 = (url, pid) } }
        var url: String? { state.withLock { $0.url } }
        var pid: Int32? { state.withLock { $0.pid } }
    }
}
