// swift-tools-version: 6.1
// Benchmarks for LambdaDeployKit. A package of its own, so that users of the library never
// resolve the benchmark dependencies. Run with: swift package benchmark
import PackageDescription

let package = Package(
    name: "LambdaDeployKitBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "LambdaDeployKit", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // libcrypto used directly: the floor the signer is measured against.
        .systemLibrary(name: "CBenchLibcrypto", path: "Sources/CBenchLibcrypto", pkgConfig: "libcrypto"),
        .executableTarget(
            name: "SigV4Benchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DeploySigV4", package: "LambdaDeployKit"),
                "CBenchLibcrypto",
            ],
            path: "Benchmarks/SigV4Benchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SecretsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DeploySecrets", package: "LambdaDeployKit"),
            ],
            path: "Benchmarks/SecretsBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DeployBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DeployPipeline", package: "LambdaDeployKit"),
                .product(name: "DeployAsyncHTTPClient", package: "LambdaDeployKit"),
                .product(name: "DeployIAM", package: "LambdaDeployKit"),
                .product(name: "DeployLambda", package: "LambdaDeployKit"),
                .product(name: "DeployZip", package: "LambdaDeployKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/DeployBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LocalBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DeployLocal", package: "LambdaDeployKit"),
                .product(name: "DeployAsyncHTTPClient", package: "LambdaDeployKit"),
                .product(name: "DeployCore", package: "LambdaDeployKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/LocalBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ManifestBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DeployManifests", package: "LambdaDeployKit"),
            ],
            path: "Benchmarks/ManifestBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ZipTool",
            dependencies: [.product(name: "DeployZip", package: "LambdaDeployKit")],
            path: "Sources/ZipTool",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "ZipBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DeployZip", package: "LambdaDeployKit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Benchmarks/ZipBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
