import DeployTestSupport
import Foundation
import Testing

@testable import DeployManifests

/// Our composer against PyYAML (switched to the YAML 1.2 core schema): every document of the
/// 50 real-world files must read as the same values, merge keys and duplicate keys included.
@Suite struct PeerParserTests {
    @Test func everyCorpusDocumentMatchesPyYAML() async throws {
        let files = CorpusTests.files("gitlab-ci") + CorpusTests.files("serverless")
        try #require(files.count == 50)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/yaml_peer.py").path
        let run = try await ChildProcess.run(["python3", script] + files, mergeErrors: false)
        try #require(run.status == 0, "yaml_peer.py failed")
        let peer = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [String]])
        for path in files {
            let stream = try YAMLParser.parse(String(contentsOfFile: path, encoding: .utf8))
            let ours = stream.documents.map { $0.applyingMergeKeys().jsonValue.description }
            #expect(ours == peer[path], "\(path) reads differently from PyYAML")
        }
    }
}
