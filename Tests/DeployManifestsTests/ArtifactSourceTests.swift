import Testing

@testable import DeployManifests

@Suite("Where a file a job reads comes from")
struct ArtifactSourceTests {
    @Test("a file the job writes earlier in the same command (envsubst … > policy.json) is not an artifact from another job")
    func createdInTheSameCommand() throws {
        let yaml = """
            stages: [deploy]
            deploy:
              stage: deploy
              script:
                - |
                  envsubst < policy.tpl.json > policy.json
                  aws iam put-role-policy --role-name r --policy-name p --policy-document file://policy.json
                - envsubst < trust.tpl > trust.json && aws iam create-role --role-name r --assume-role-policy-document file://trust.json
              rules:
                - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
            """
        let findings = try GitLabCIFile(yaml: yaml, fileName: ".gitlab-ci.yml").validate()
        #expect(!findings.contains { $0.rule.hasPrefix("gitlab.artifact") }, "\(findings)")
    }

    @Test("a file read before anything writes it still needs an artifact")
    func readBeforeWritten() throws {
        let yaml = """
            stages: [deploy]
            deploy:
              stage: deploy
              script:
                - aws lambda update-function-code --function-name f --zip-file fileb://function.zip && cp function.zip backup.zip
            """
        let findings = try GitLabCIFile(yaml: yaml, fileName: ".gitlab-ci.yml").validate()
        #expect(findings.contains { $0.rule == "gitlab.artifact.not-declared" }, "\(findings)")
    }
}
