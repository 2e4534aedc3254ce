import DeployZip
import Foundation
import Testing

/// The code in Documentation/Packaging.md, run on a small tree.
@Suite("Packaging guide")
struct PackagingGuideTests {
    @Test("build with patterns and a handler, then check the artifact")
    func guide() async throws {
        let work = try TemporaryFolder()
        try work.write("src/lambda_function.py", "def lambda_handler(event, context):\n    return {}\n")
        try work.write("src/tests/test_handler.py", "assert True\n")
        try work.write("src/cache.pyc", "x")
        // The guide's relative paths, made absolute: tests run in parallel in one process.
        let summary = try await DeploymentPackage.build(
            from: "\(work.path)/src",
            to: "\(work.path)/function.zip",
            options: .init(
                patterns: ["!tests/**", "!**/*.pyc"],
                handler: "lambda_function.lambda_handler",
                runtime: "python3.12"
            )
        )
        let archive = try DeploymentArchive(contentsOf: "\(work.path)/function.zip")
        try archive.verify()
        let warnings = try archive.checkLambdaRules(handler: "lambda_function.lambda_handler")
        #expect(warnings.isEmpty)
        #expect(archive.entries.map(\.path) == ["lambda_function.py"])
        #expect(summary.codeSHA256.count == 44)
    }
}
