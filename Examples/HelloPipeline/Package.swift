// swift-tools-version: 6.1
import PackageDescription

// The seed pipeline as a runnable program: its own package, depending on the library by path
// (the root package has no executable products).
let package = Package(
    name: "HelloPipeline",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "LambdaDeployKit", path: "../.."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .executableTarget(
            name: "hello-pipeline",
            dependencies: [
                .product(name: "DeployPipeline", package: "LambdaDeployKit"),
                .product(name: "DeployAsyncHTTPClient", package: "LambdaDeployKit"),
                .product(name: "DeploySTS", package: "LambdaDeployKit"),
                .product(name: "DeployLambda", package: "LambdaDeployKit"),
                .product(name: "DeployAPIGateway", package: "LambdaDeployKit"),
                .product(name: "DeployLocal", package: "LambdaDeployKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Sources/HelloPipeline",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
