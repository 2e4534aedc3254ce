import Testing

@testable import DeployManifests

@Suite("Predefined variables")
struct PredefinedVariableTests {
    static let pipeline = """
        stages: [build, deploy]
        build:
          stage: build
          script: [make]
          rules:
            - if: $CI_SERVER_HOST == "gitlab.com"
        deploy:
          stage: deploy
          script: [make deploy]
          needs: [build]
        """

    @Test("`$CI_SERVER_HOST == gitlab.com` is unknowable offline, so needing a job with that rule is not a false alarm")
    func serverHostIsUnknown() throws {
        let findings = try GitLabCIFile(yaml: Self.pipeline, fileName: ".gitlab-ci.yml").validate()
        #expect(!findings.contains { $0.rule == "gitlab.needs.filtered-by-rules" }, "\(findings)")
    }

    @Test("variables the scenarios model stay decisive: a tag-only job needed by every pipeline is still reported")
    func modelledVariablesDecide() throws {
        let yaml = Self.pipeline.replacingOccurrences(of: #"$CI_SERVER_HOST == "gitlab.com""#, with: "$CI_COMMIT_TAG")
        let findings = try GitLabCIFile(yaml: yaml, fileName: ".gitlab-ci.yml").validate()
        #expect(findings.contains { $0.rule == "gitlab.needs.filtered-by-rules" }, "\(findings)")
    }

    @Test("unknown and unset differ per pipeline kind")
    func perScenario() {
        let scenarios = PipelineScenario.all(defaultBranch: "main")
        let push = scenarios[0]
        let mergeRequest = scenarios[2]
        #expect(push.isUnknown("CI_SERVER_HOST", fileVariables: [:]))
        #expect(push.isUnknown("CI_PROJECT_PATH", fileVariables: [:]))
        #expect(!push.isUnknown("CI_COMMIT_TAG", fileVariables: [:]))
        #expect(!push.isUnknown("CI_MERGE_REQUEST_LABELS", fileVariables: [:]))
        #expect(mergeRequest.isUnknown("CI_MERGE_REQUEST_LABELS", fileVariables: [:]))
        #expect(!push.isUnknown("DEPLOY_TARGET", fileVariables: ["DEPLOY_TARGET": "prod"]))
        #expect(push.isUnknown("DEPLOY_TARGET", fileVariables: [:]))
    }
}
