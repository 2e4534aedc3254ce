import Benchmark
import DeployAsyncHTTPClient
import DeployCore
import DeployLocal
import Foundation
import HTTPTypes
import Logging

// Warm invocation latency through the local gateway: GET /production/hello over loopback →
// proxy event → Runtime API → the seed's handler under awslambdaric → proxy response → HTTP.
// The gateway and the runtime start once (setup) and are warm; each iteration is one request.
//
//   swift package --disable-sandbox benchmark --target LocalBenchmarks     (needs python3 with awslambdaric==4.2.2)

let seed = """
    import json

    def lambda_handler(event, context):
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps({"message": "Your function executed successfully!"})}
    """

/// The running gateway, kept between setup and teardown.
final class RunningGateway: @unchecked Sendable {
    var url: String?
    var stop: CheckedContinuation<Void, Never>?
    var task: Task<Void, any Error>?
}

let running = RunningGateway()

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], warmupIterations: 50, scalingFactor: .one, maxDuration: .seconds(20),
        maxIterations: 2_000,
        setup: {
            let folder = NSTemporaryDirectory() + "lambdadeploykit-local-bench"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try seed.write(toFile: folder + "/lambda_function.py", atomically: true, encoding: .utf8)
            var logger = Logger(label: "bench")
            logger.logLevel = .critical
            let function = LocalFunctionConfiguration(
                name: "hello", package: .directory(folder), handler: "lambda_function.lambda_handler", runtime: "python3.12")
            running.task = Task {
                try await withLocalGateway(
                    functions: [function], routes: [LocalRoute(path: "/hello", cors: true, function: "hello")], logger: logger
                ) { gateway in
                    running.url = gateway.url("/hello")
                    await withCheckedContinuation { running.stop = $0 }
                }
            }
            while running.url == nil { try await Task.sleep(for: .milliseconds(10)) }
        },
        teardown: {
            while running.stop == nil { try await Task.sleep(for: .milliseconds(10)) }
            running.stop?.resume()
            try await running.task?.value
        }
    )

    Benchmark("warm GET /production/hello through the local gateway", configuration: configuration) { benchmark in
        let request = HTTPRequest(method: .get, url: URL(string: running.url!)!)
        for _ in benchmark.scaledIterations {
            let response = try await AsyncHTTPClientTransport.shared.send(
                request, body: nil, context: TransportContext(timeout: .seconds(10)))
            precondition(response.statusCode == 200)
            blackHole(response)
        }
    }
}
