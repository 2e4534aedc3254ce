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

/// What the emitter writes plain, a YAML 1.1 reader (PyYAML's default schema, as CloudFormation's
/// and GitLab's readers) must read back as the same string: dates and `on`/`off`/`yes`/`no` quoted.
@Suite struct EmitterYAML11Tests {
    @Test("strings a YAML 1.1 reader would take for dates or booleans are quoted; PyYAML reads every one back as written")
    func readsBackInPyYAML() async throws {
        let texts = [
            "2010-09-09", "2012-10-17", "1999-1-2", "on", "Off", "YES", "no", "y", "N", "true", "12", "1.5", "null", "~", "hello",
            "2010-09-09T10:00:00Z", "2010-09-09 10:00:00", "v2010-09-09", "ENABLED", "rate(5 minutes)", "1_000", "0b101", "1:20",
            "190:20:30", "0777", "+12", ".inf", "0x1F", "1e3", "12:30 lunch", "a-b-c", "1.2.3",
        ]
        let text = YAMLEmitter.emit(.mapping(texts.enumerated().map { ("k\($0.offset)", .string($0.element)) }))
        #expect(text.contains(#"k0: "2010-09-09""#) && text.contains(#"k3: "on""#) && text.contains("k14: hello"))
        let script = "import json, sys, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read()), default=str))"
        let path = NSTemporaryDirectory() + "emitted-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try await ChildProcess.run(["sh", "-c", "python3 -c '\(script)' < \(path)"], mergeErrors: false)
        let read = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
        for (index, expected) in texts.enumerated() {
            #expect(read["k\(index)"] as? String == expected, "\(expected) read as \(String(describing: read["k\(index)"]))")
        }
    }
}
