import DeployZip

/// A zip as a local run or a preflight reads it.
enum ArchiveTarget {
    static func run(_ bytes: [UInt8]) {
        guard let archive = try? DeploymentArchive(bytes: bytes) else { return }
        _ = try? archive.verify()
        for entry in archive.entries {
            _ = try? archive.contents(of: entry)
        }
        _ = try? archive.checkLambdaRules(handler: "lambda_function.lambda_handler", runtime: "python3.12")
    }
}
