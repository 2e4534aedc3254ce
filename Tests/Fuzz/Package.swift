// swift-tools-version: 6.1
// The libFuzzer driver of LambdaDeployKit's fuzz targets (Sources/DeployFuzzing in the root
// package). A package of its own: it is built only with the fuzzer and address sanitizers, by
// Tests/Fuzz/run.sh, which also says how to run it.
import PackageDescription

let package = Package(
    name: "LambdaDeployKitFuzz",
    dependencies: [
        .package(name: "LambdaDeployKit", path: "../..")
    ],
    targets: [
        .target(name: "CFuzzDriver", path: "Sources/CFuzzDriver"),
        .executableTarget(
            name: "deploy-fuzz",
            dependencies: ["CFuzzDriver", .product(name: "DeployFuzzing", package: "LambdaDeployKit")],
            path: "Sources/deploy-fuzz",
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
