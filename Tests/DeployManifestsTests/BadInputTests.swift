import DeployTestSupport
import DeployTesting
import Foundation
import Testing

@testable import DeployManifests

@Suite struct BadInputTests {
    @Test func invalidYAMLNamesLineAndColumn() {
        #expect(
            throws: ManifestError.yaml(
                file: "x.yml", line: 3, column: 6, problem: "while parsing a flow sequence: did not find expected ',' or ']'")
        ) {
            try GitLabCIFile(yaml: "build:\n  script: [make, test\nother: 1\n", fileName: "x.yml")
        }
        do {
            _ = try ServerlessFile(yaml: "service: a\n  provider: b\n")
            Issue.record("accepted bad indentation")
        } catch {
            #expect(error.description.contains("2:"), "\(error)")
        }
    }

    @Test func nonMappingDocumentsAreRefused() {
        #expect(throws: ManifestError.self) { try GitLabCIFile(yaml: "- build\n- test\n") }
        #expect(throws: ManifestError.self) { try ServerlessFile(yaml: "just a string\n") }
        #expect(throws: ManifestError.self) { try GitLabCIFile(yaml: "a: 1\n---\nb: 2\n---\nc: 3\n") }
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        #expect {
            try GitLabCIFile(yaml: yaml)
        } throws: { error in
            guard case .tooLarge(_, let what) = error as? ManifestError else { return false }
            return what.contains("alias")
        }
    }

    @Test func absurdNestingIsRefused() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: ManifestError.self) { try ServerlessFile(yaml: "a: " + deep) }
        let deepMap = (0..<2_000).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n")
        #expect(throws: ManifestError.self) { try GitLabCIFile(yaml: deepMap) }
    }

    @Test func undefinedAliasIsAnError() {
        #expect(throws: ManifestError.self) { try GitLabCIFile(yaml: "a: *missing\n") }
    }

    /// Seeded random damage to real files: every outcome is a value or a typed error, never a crash.
    @Test func mutatedCorpusFilesNeverCrash() throws {
        var generator = SeededRandomNumberGenerator(seed: 0x5EED)
        let files = CorpusTests.files("gitlab-ci").prefix(6) + CorpusTests.files("serverless").prefix(6)
        let alphabet = Array(":-[]{}&*!|>'\"#%@`\n\t ?,<".utf8)
        for path in files {
            let original = Array(try String(contentsOfFile: path, encoding: .utf8).utf8)
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[index] = alphabet.randomElement(using: &generator)!
                    case 1: bytes.remove(at: index)
                    default: bytes = Array(bytes[..<index])
                    }
                }
                let text = String(decoding: bytes, as: UTF8.self)
                if let file = try? GitLabCIFile(yaml: text) { _ = file.validate() }
                if let file = try? ServerlessFile(yaml: text) { _ = file.validate() }
            }
        }
    }
}
