import Foundation
import Testing

@testable import DeployManifests

/// Files written by others (`RealWorld/`, see its README for sources): every one parses, resolves
/// and validates, and every error finding is one a reviewer judged (`RealWorld/expected-errors.txt`):
/// a new error finding — a false alarm until someone judges it — fails the test, and so does a
/// judged one that is no longer reported.
@Suite("Real-world corpus")
struct RealWorldCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("RealWorld")

    /// The pipeline and Serverless files of the corpus (included files are read through them).
    static func files() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if [".gitlab-ci.yml", ".gitlab-ci.yaml", "serverless.yml", "serverless.yaml"].contains(name) { files.append(path) }
        }
        return files.sorted()
    }

    /// The judged error findings: `path:line rule`, then ` # verdict`.
    static func judged() throws -> [String: String] {
        let text = try String(contentsOf: root.appendingPathComponent("expected-errors.txt"), encoding: .utf8)
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(separator: "#", maxSplits: 1)
            entries[parts[0].trimmingCharacters(in: .whitespaces)] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        return entries
    }

    /// Every error finding of the corpus as `path:line rule`, and the files that could not be read.
    static func errorFindings() -> (findings: [String], unreadable: [String]) {
        var findings: [String] = []
        var unreadable: [String] = []
        let today = LambdaRuntimes.day("2026-12-02")!  // the day the verdicts were given: runtime rules depend on the date
        for path in files() {
            let full = root.appendingPathComponent(path).path
            do {
                let found: [Finding]
                if path.hasSuffix("serverless.yml") || path.hasSuffix("serverless.yaml") {
                    let file = try ServerlessFile(contentsOf: full)
                    _ = try file.resolved()
                    found = file.validate(options: ServerlessValidationOptions(date: today))
                } else {
                    let file = try GitLabCIFile(contentsOf: full)
                    _ = try file.resolved()
                    found = file.validate()
                }
                findings += found.filter { $0.severity == .error }.map { "\(path):\($0.line) \($0.rule)" }
            } catch {
                unreadable.append("\(path): \(error)")
            }
        }
        return (findings, unreadable)
    }

    @Test("the corpus holds at least 300 files written by others")
    func size() {
        #expect(Self.files().count >= 300, "\(Self.files().count) files")
    }

    @Test("every error finding on the corpus was judged, and every judged one is still found")
    func judgedFindings() throws {
        let (findings, unreadable) = Self.errorFindings()
        let judged = try Self.judged()
        let new = findings.filter { judged[$0] == nil }
        let gone = judged.keys.filter { !findings.contains($0) }.sorted()
        #expect(new.isEmpty, "error findings nobody judged (false alarms until reviewed):\n\(new.joined(separator: "\n"))")
        #expect(gone.isEmpty, "judged findings no longer reported:\n\(gone.joined(separator: "\n"))")
        // Files that cannot be read are judged too: they must be invalid YAML, not a gap in the model.
        let unjudged = unreadable.filter { line in judged[String(line.prefix { $0 != ":" }) + ":unreadable"] == nil }
        #expect(unjudged.isEmpty, "files that could not be read:\n\(unjudged.joined(separator: "\n"))")
    }
}
