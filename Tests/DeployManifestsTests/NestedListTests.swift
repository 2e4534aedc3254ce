import Testing

@testable import DeployManifests

/// Lists built from YAML anchors nest (`rules: [*common_rules, …]`); GitLab flattens them.
@Suite("Nested lists")
struct NestedListTests {
    static let pipeline = """
        stages: [build, deploy]
        .rules: &default_only
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
        .setup: &setup
          - echo one
          - echo two
        build:
          stage: build
          script: [*setup, make]
          rules: [*default_only]
        deploy:
          stage: deploy
          script:
            - *setup
            - [make deploy, [echo done]]
          rules:
            - *default_only
            - when: never
          needs: [build]
          environment: production
        """

    @Test("scripts and rules are flattened, so the typed model reads them and rules are evaluated one by one")
    func flattened() throws {
        let file = try GitLabCIFile(yaml: Self.pipeline, fileName: ".gitlab-ci.yml")
        let resolved = try file.resolved()
        #expect(
            resolved.root["deploy"]?["script"]?.sequence?.compactMap(\.scalarText) == ["echo one", "echo two", "make deploy", "echo done"])
        #expect(resolved.root["build"]?["rules"]?.sequence?.count == 1)
        let pipeline = try GitLabPipeline(resolved: resolved)
        #expect(pipeline[job: "build"]?.script == ["echo one", "echo two", "make"])
        let findings = file.validate()
        // The deploy runs only on the default branch: no "any branch can deploy to production" alarm.
        #expect(!findings.contains { $0.rule == "gitlab.deploy.not-default-branch" }, "\(findings)")
        #expect(!findings.contains { $0.severity == .error }, "\(findings)")
    }
}
