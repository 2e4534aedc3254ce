import Foundation
import Testing

@testable import DeployManifests

@Suite("${file(…)} references")
struct FileVariableTests {
    func parsed(_ source: String, _ address: String) -> [String]? {
        FileVariable(source: source, address: address).map { [$0.path, $0.key] }
    }

    @Test("the forms the parser hands over: a key after the path, the whole file, a path that held a variable; not a file() otherwise")
    func forms() {
        #expect(parsed("file(./config.yml)", "db.host") == ["./config.yml", "db.host"])
        #expect(parsed("", "file(./config.yml)") == ["./config.yml", ""])
        #expect(parsed("", "file(./config.dev.yml):db") == ["./config.dev.yml", "db"])
        #expect(parsed("file( ../shared/env.json )", "") == ["../shared/env.json", ""])
        #expect(FileVariable(source: "file()", address: "x") == nil)
        #expect(FileVariable(source: "self", address: "custom.file") == nil)
        #expect(FileVariable(source: "", address: "file(./a.yml)b") == nil)
    }

    @Test("validation reads them relative to the file: a runtime written in another file is judged like one written inline")
    func validationReadsFiles() throws {
        let folder = NSTemporaryDirectory() + "file-variable-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "service: s\nprovider:\n  name: aws\n  runtime: ${file(./settings.yml):runtime}\n".write(
            toFile: folder + "/serverless.yml", atomically: true, encoding: .utf8)
        try "runtime: python2.7\n".write(toFile: folder + "/settings.yml", atomically: true, encoding: .utf8)
        let options = ServerlessValidationOptions(date: LambdaRuntimes.day("2026-12-02")!)
        let read = try ServerlessFile(contentsOf: folder + "/serverless.yml")
        #expect(read.validate(options: options).contains { $0.rule == "sls.runtime.deprecated" && $0.severity == .error })
        // Given as text, with no folder, the reference stays unknown: no finding either way.
        let text = try ServerlessFile(yaml: String(contentsOfFile: folder + "/serverless.yml", encoding: .utf8))
        #expect(!text.validate(options: options).contains { $0.rule == "sls.runtime.deprecated" })
    }
}
