import DeployTestSupport
import Foundation
import Testing

@testable import DeployManifests

/// The 50 real-world files in `../shared/testdata/manifests`: each parses, resolves and round-trips.
@Suite struct CorpusTests {
    static func files(_ kind: String) -> [String] {
        let folder = SharedTestData.url("testdata/manifests/\(kind)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test func corpusIsPresent() {
        #expect(Self.files("gitlab-ci").count == 28)
        #expect(Self.files("serverless").count == 22)
    }

    @Test(arguments: files("gitlab-ci"))
    func gitlabFileParsesResolvesAndRoundTrips(path: String) throws {
        let file = try GitLabCIFile(contentsOf: path)
        let resolved = try file.resolved()
        let pipeline = try GitLabPipeline(resolved: resolved)
        #expect(!pipeline.jobs.isEmpty || file.root["include"] != nil, "\(path): no jobs")

        // Document level: emit → parse gives the same nodes, tags included.
        let again = try GitLabCIFile(yaml: file.yaml, fileName: "again.yml")
        #expect(again.root == file.root, "\(path): document changed in a round trip")
        #expect(again.header == file.header)

        // Model level: the typed pipeline emitted and read back is equal.
        let emitted = pipeline.yaml
        let reparsed = try GitLabPipeline(resolved: try GitLabCIFile(yaml: emitted).resolved())
        let same = reparsed == pipeline
        #expect(same, "\(path): typed model changed in a round trip: \(firstDifference(pipeline, reparsed))")
    }
}

/// The first job (or top-level part) that differs, both sides written as YAML.
func firstDifference(_ a: GitLabPipeline, _ b: GitLabPipeline) -> String {
    for (left, right) in zip(a.jobs, b.jobs) where left != right {
        return "job \(left.name):\n\(left.value.yaml)\n--- became ---\n\(right.name):\n\(right.value.yaml)"
    }
    if a.jobs.count != b.jobs.count { return "\(a.jobs.count) jobs became \(b.jobs.count)" }
    var left = a
    var right = b
    left.jobs = []
    right.jobs = []
    return "\(left.yaml)\n--- became ---\n\(right.yaml)"
}

extension CorpusTests {
    @Test(arguments: files("serverless"))
    func serverlessFileParsesResolvesAndRoundTrips(path: String) throws {
        let file = try ServerlessFile(contentsOf: path)
        let configuration = try file.configuration()
        #expect(configuration.provider?.name == "aws", "\(path): provider")
        #expect((configuration.functions ?? []).count == (file.root["functions"]?.entries.count ?? 0), "\(path): functions")

        // Document level: tags (short CloudFormation ones included) survive emit → parse.
        let again = try ServerlessFile(yaml: file.yaml)
        #expect(again.root == file.root, "\(path): document changed in a round trip")

        // Model level: typed → YAML → typed is equal; short tags come back in long form.
        let reparsed = try ServerlessFile(yaml: configuration.text).configuration()
        let same = reparsed == configuration
        #expect(same, "\(path): typed model changed in a round trip:\n\(configuration.text)\n--- became ---\n\(reparsed.text)")
    }
}

extension CorpusTests {
    /// The validator runs over every real-world file, and names only rules from the table.
    @Test func validatorRunsOverTheCorpus() throws {
        var report: [String] = []
        for path in Self.files("gitlab-ci") {
            let findings = try GitLabCIFile(contentsOf: path).validate()
            report += findings.map { "\((path as NSString).lastPathComponent): \($0)" }
        }
        for path in Self.files("serverless") {
            let findings = try ServerlessFile(contentsOf: path).validate()
            report += findings.map { "\((path as NSString).lastPathComponent): \($0)" }
        }
        let rules = Set(report.compactMap { $0.split(separator: "[").dropFirst().first?.split(separator: "]").first.map(String.init) })
        #expect(rules.isSubset(of: ManifestRules.all), "\(rules.subtracting(ManifestRules.all))")
        if ProcessInfo.processInfo.environment["PRINT_FINDINGS"] != nil { print(report.joined(separator: "\n")) }
    }
}
