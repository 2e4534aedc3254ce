// swift-tools-version: 6.1
import PackageDescription

// The seed pipeline as a runnable program: its own package, depending on the library by path
// (the root package has no executable products).
let package = Package(
    name: "HelloPipeline",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "LambdaDeployKit", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "hello-pipeline",
            dependencies: [.product(name: "LambdaDeployKit", package: "LambdaDeployKit")],
            path: "Sources/HelloPipeline",
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
