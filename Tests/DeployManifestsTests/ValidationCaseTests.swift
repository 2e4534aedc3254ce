import DeployTestSupport
import Foundation
import Testing

@testable import DeployManifests

/// Runs validation cases in the `CASES.md` format: ours under `Tests/DeployManifestsTests/Cases`,
/// and every case in `$MANIFEST_CASES_DIR/{gitlab-ci,serverless}` when that variable is set.
@Suite struct ValidationCaseTests {
    static var ownCases: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases").path
    }

    static func caseFiles(in root: String) -> [String] {
        ["gitlab-ci", "serverless"].flatMap { kind -> [String] in
            let folder = (root as NSString).appendingPathComponent(kind)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasSuffix(".expect.json") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
        }
    }

    static var externalCases: [String] {
        guard let folder = ProcessInfo.processInfo.environment["MANIFEST_CASES_DIR"], !folder.isEmpty else { return [] }
        return caseFiles(in: folder)
    }

    @Test func ownCasesCoverEveryRule() throws {
        let cases = try Self.caseFiles(in: Self.ownCases).map { try ValidationCase(contentsOf: $0) }
        let rules = Set(cases.flatMap { $0.expected.map(\.rule) })
        let missing = ManifestRules.all.subtracting(rules)
        #expect(missing.isEmpty, "no case expects \(missing.sorted())")
        #expect(cases.contains { $0.valid } && cases.contains { !$0.valid })
    }

    @Test(arguments: caseFiles(in: ownCases))
    func ownCase(_ path: String) throws {
        let failures = try ValidationCase(contentsOf: path).run()
        #expect(failures.isEmpty, "\((path as NSString).lastPathComponent):\n\(failures.joined(separator: "\n"))")
    }

    @Test(.enabled(if: !externalCases.isEmpty, "MANIFEST_CASES_DIR not set"), arguments: externalCases)
    func externalCase(_ path: String) throws {
        let failures = try ValidationCase(contentsOf: path).run()
        #expect(failures.isEmpty, "\(path):\n\(failures.joined(separator: "\n"))")
    }
}

/// The rule names `CASES.md` fixes.
enum ManifestRules {
    static let all: Set<String> = [
        "gitlab.stage.undefined", "gitlab.job.script-missing", "gitlab.job.only-rules-conflict", "gitlab.artifact.not-declared",
        "gitlab.artifact.not-downloaded", "gitlab.deploy.not-default-branch", "gitlab.variables.secret-literal",
        "gitlab.needs.unknown-job", "gitlab.needs.later-stage", "gitlab.needs.filtered-by-rules", "gitlab.extends.unknown",
        "gitlab.job.unknown-key", "gitlab.job.invalid-when", "gitlab.reference.not-found", "yaml.duplicate-key",
        "sls.handler.not-packaged", "sls.http.invalid-method", "sls.function.duplicate", "sls.runtime.deprecated",
        "sls.provider.invalid-region", "sls.memory.out-of-range", "sls.timeout.exceeds-lambda-max",
        "sls.timeout.exceeds-api-gateway", "sls.environment.secret-literal", "sls.environment.reserved-key",
        "sls.handler.invalid-format", "sls.http.missing-path", "sls.deprecated-property",
    ]
}
