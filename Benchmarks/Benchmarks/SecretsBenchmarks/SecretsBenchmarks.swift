import Benchmark
import DeploySecrets
import Foundation

// A warm SecretCache read, alone and from two tasks at once. The fetcher is in memory: these
// measure the cache, not the network.

let value = SecretValue(
    arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", name: "prod/db", versionID: "v1",
    versionStages: ["AWSCURRENT"], createdDate: nil, value: SecretBytes(#"{"username":"deploy","password":"hunter2"}"#), isBinary: false
)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput], warmupIterations: 1_000, scalingFactor: .kilo, maxDuration: .seconds(3)
    )

    Benchmark("SecretCache warm read", configuration: configuration) { benchmark in
        let cache = SecretCache { _, _ in value }
        _ = try await cache.secret("prod/db")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await cache.secret("prod/db"))
        }
    }

    Benchmark("SecretCache warm read, 2 tasks at once (per read)", configuration: configuration) { benchmark in
        let cache = SecretCache { _, _ in value }
        _ = try await cache.secret("prod/db")
        let reads = benchmark.scaledIterations.count / 2
        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<reads { blackHole(try await cache.secret("prod/db")) }
                }
            }
            try await group.waitForAll()
        }
    }
}
