import DeployFuzzing
import Foundation
import Testing

/// Every input of the fuzz corpora and every crasher the fuzzers found, run through its target
/// without sanitizers: a crasher that comes back crashes this test.
@Suite("Fuzz corpora and crashers replayed")
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func files(_ folder: String, _ target: FuzzTarget) -> [URL] {
        let url = root.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { url.appendingPathComponent($0) }
    }

    @Test("each target's seed corpus runs without a crash", arguments: FuzzTarget.allCases)
    func corpus(_ target: FuzzTarget) throws {
        let files = Self.files("Corpus", target)
        #expect(files.count >= 3, "Tests/Fuzz/Corpus/\(target.rawValue) holds \(files.count) seeds")
        for file in files { target.run(Array(try Data(contentsOf: file))) }
    }

    @Test("each crasher the fuzzers found stays fixed", arguments: FuzzTarget.allCases)
    func crashers(_ target: FuzzTarget) throws {
        for file in Self.files("Crashers", target) { target.run(Array(try Data(contentsOf: file))) }
    }
}
