// swift-tools-version: 6.1
import Foundation
import PackageDescription

let strictConcurrency: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "LambdaDeployKit",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11)],
    products: [
        // Everything a pipeline program uses, behind one import.
        .library(name: "LambdaDeployKit", targets: ["LambdaDeployKit"]),
        .library(name: "DeployHashing", targets: ["DeployHashing"]),
        .library(name: "DeployBasics", targets: ["DeployBasics"]),
        .library(name: "DeploySigV4", targets: ["DeploySigV4"]),
        .library(name: "DeployCore", targets: ["DeployCore"]),
        .library(name: "DeployZip", targets: ["DeployZip"]),
        .library(name: "DeployManifests", targets: ["DeployManifests"]),
        .library(name: "DeploySTS", targets: ["DeploySTS"]),
        .library(name: "DeploySecrets", targets: ["DeploySecrets"]),
        .library(name: "DeployIAM", targets: ["DeployIAM"]),
        .library(name: "DeployLambda", targets: ["DeployLambda"]),
        .library(name: "DeployAPIGateway", targets: ["DeployAPIGateway"]),
        .library(name: "DeployPipeline", targets: ["DeployPipeline"]),
        .library(name: "DeployLocal", targets: ["DeployLocal"]),
        .library(name: "DeployAsyncHTTPClient", targets: ["DeployAsyncHTTPClient"]),
        .library(name: "DeployTesting", targets: ["DeployTesting"]),
        .library(name: "DeployConformanceServer", targets: ["DeployConformanceServer"]),
        .library(name: "DeployFuzzing", targets: ["DeployFuzzing"]),
        .library(name: "DeployS3", targets: ["DeployS3"]),
        .library(name: "DeployLogs", targets: ["DeployLogs"]),
        .library(name: "DeployCloudWatch", targets: ["DeployCloudWatch"]),
        .library(name: "DeployEventBridge", targets: ["DeployEventBridge"]),
        .library(name: "DeployCloudFormation", targets: ["DeployCloudFormation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // Tests only: a peer reader for the archives DeployZip writes.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(
            name: "CLibcrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // Named CDeployZlib, not CZlib: ZIPFoundation (and others) already ship a module CZlib.
        .systemLibrary(
            name: "CDeployZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),

        // MARK: Libraries
        .target(
            name: "DeployHashing",
            dependencies: [.target(name: "CLibcrypto", condition: .when(platforms: [.linux, .android, .windows, .openbsd]))],
            swiftSettings: strictConcurrency
        ),
        // Spelling, the region and partition table, Lambda's limits and package patterns: what the
        // core, the zip writer and the manifest checks share. Depends on nothing.
        .target(
            name: "DeployBasics",
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeploySigV4",
            dependencies: ["DeployHashing", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployCore",
            dependencies: [
                "DeployBasics",
                "DeploySigV4",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployZip",
            dependencies: ["CDeployZlib", "DeployHashing", "DeployBasics"],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployManifests",
            // CYaml is Yams' bundled libyaml: manifests are composed from its events (see YAMLParser).
            // Nothing heavier: linting a YAML file needs neither libssl, zlib, swift-log nor HTTP types.
            dependencies: ["DeployBasics", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeploySTS",
            dependencies: ["DeployCore"],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployAPIGateway",
            dependencies: ["DeployCore", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployLambda",
            dependencies: ["DeployCore", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployIAM",
            dependencies: ["DeployCore", "DeploySigV4"],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeploySecrets",
            dependencies: ["DeployCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployPipeline",
            dependencies: [
                "DeployCore", "DeploySigV4", "DeployZip", "DeployManifests", "DeployLambda", "DeployIAM", "DeployAPIGateway", "DeploySTS",
                "DeploySecrets", "DeployS3", "DeployLogs", "DeployCloudWatch", "DeployEventBridge", "DeployHashing", "DeployCloudFormation",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployLoopback",
            dependencies: [
                "DeployCore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployLocal",
            dependencies: [
                "DeployZip", "DeployManifests", "DeploySigV4", "DeployLoopback", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployS3",
            dependencies: ["DeployCore", "DeployHashing", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strictConcurrency
        ),
        .target(name: "DeployLogs", dependencies: ["DeployCore"], swiftSettings: strictConcurrency),
        .target(name: "DeployCloudWatch", dependencies: ["DeployCore"], swiftSettings: strictConcurrency),
        .target(name: "DeployEventBridge", dependencies: ["DeployCore"], swiftSettings: strictConcurrency),
        .target(name: "DeployCloudFormation", dependencies: ["DeployCore"], swiftSettings: strictConcurrency),
        .target(
            name: "DeployFuzzing",
            dependencies: [
                "DeployZip", "DeployManifests", "DeployCore", "DeploySigV4", "DeployLoopback",
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployAsyncHTTPClient",
            dependencies: [
                "DeployCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployTesting",
            dependencies: ["DeployCore", "DeploySigV4", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeployConformanceServer",
            dependencies: ["DeployTesting", "DeployLoopback"],
            swiftSettings: strictConcurrency
        ),

        .target(
            name: "LambdaDeployKit",
            dependencies: [
                "DeployAPIGateway", "DeployAsyncHTTPClient", "DeployBasics", "DeployCore", "DeployIAM", "DeployLambda", "DeployLocal",
                "DeployManifests",
                "DeployPipeline", "DeployS3", "DeployLogs", "DeployCloudWatch", "DeployEventBridge", "DeployCloudFormation", "DeploySTS",
                "DeploySecrets", "DeploySigV4", "DeployZip",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictConcurrency
        ),

        // MARK: Tests
        .target(
            name: "DeployTestSupport",
            dependencies: [
                "DeployCore", "DeploySigV4", "DeployTesting", .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DeployTestSupport",
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployFuzzingTests",
            dependencies: ["DeployFuzzing"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployHashingTests",
            dependencies: ["DeployHashing", "DeployTestSupport"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeploySigV4Tests",
            dependencies: ["DeploySigV4", "DeployTestSupport"],
            exclude: ["Vectors"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployZipTests",
            dependencies: ["DeployZip", "DeployTesting", "DeployTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Corpus"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployPipelineTests",
            dependencies: [
                "DeployPipeline", "DeployManifests", "DeployLambda", "DeployAPIGateway", "DeployIAM", "DeploySecrets", "DeploySTS",
                "DeployS3", "DeployCloudWatch", "DeployLogs", "DeployEventBridge", "DeployCloudFormation",
                "DeployZip", "DeployCore",
                "DeploySigV4", "DeployTesting", "DeployAsyncHTTPClient", "DeployTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployLocalTests",
            dependencies: [
                "DeployLocal", "DeployLoopback", "DeployZip", "DeployManifests", "DeployCore", "DeployAsyncHTTPClient", "DeployTestSupport",
                .product(name: "Logging", package: "swift-log"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployManifestsTests",
            dependencies: ["DeployManifests", "DeployTesting", "DeployTestSupport"],
            exclude: ["Cases", "RealWorld"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployAPIGatewayTests",
            dependencies: [
                "DeployAPIGateway", "DeployLambda", "DeployIAM", "DeployZip", "DeployCore", "DeploySigV4", "DeployTesting",
                "DeployAsyncHTTPClient",
                "DeployTestSupport",
            ],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployLogsTests",
            dependencies: ["DeployLogs", "DeployCloudWatch", "DeployEventBridge", "DeployCore", "DeployAsyncHTTPClient", "DeployTestSupport"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployS3Tests",
            dependencies: ["DeployS3", "DeployCore", "DeployHashing", "DeployTesting", "DeployAsyncHTTPClient", "DeployTestSupport"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployLambdaTests",
            dependencies: [
                "DeployLambda", "DeployIAM", "DeployZip", "DeployCore", "DeploySigV4", "DeployTesting", "DeployAsyncHTTPClient",
                "DeployTestSupport",
            ],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployIAMTests",
            dependencies: [
                "DeployIAM", "DeployCore", "DeploySigV4", "DeploySTS", "DeployTesting", "DeployAsyncHTTPClient", "DeployTestSupport",
            ],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeploySecretsTests",
            dependencies: ["DeploySecrets", "DeployCore", "DeploySigV4", "DeployTesting", "DeployAsyncHTTPClient", "DeployTestSupport"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployCoreTests",
            dependencies: ["DeployCore", "DeploySigV4", "DeployTesting", "DeployTestSupport"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeploySTSTests",
            dependencies: ["DeploySTS", "DeployCore", "DeploySigV4", "DeployTesting", "DeployAsyncHTTPClient", "DeployTestSupport"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployTestingTests",
            dependencies: [
                "DeployTesting", "DeployCore", "DeploySigV4", "DeployTestSupport", .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "LambdaDeployKitTests",
            dependencies: ["LambdaDeployKit", "DeployConformanceServer", "DeployTesting", "DeployTestSupport"],
            swiftSettings: strictConcurrency
        ),
        .testTarget(
            name: "DeployAsyncHTTPClientTests",
            dependencies: ["DeployAsyncHTTPClient", "DeployConformanceServer", "DeployCore", "DeployTesting"],
            swiftSettings: strictConcurrency
        ),
    ]
)

// The documentation plugin, only when building the docs (`.ci/docs`), so that users of the library
// never resolve it.
if ProcessInfo.processInfo.environment["LAMBDADEPLOYKIT_DOCS"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
