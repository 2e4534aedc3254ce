import Testing

@testable import DeployManifests

@Suite struct GenerationTests {
    @Test func seedPipelineIsCleanAndRoundTrips() throws {
        let pipeline = SeedManifests.gitLabPipeline()
        let text = pipeline.yaml
        let file = try GitLabCIFile(yaml: text, fileName: ".gitlab-ci.yml")
        #expect(file.validate(options: GitLabValidationOptions(isFragment: false)).isEmpty, "\(file.validate())")
        #expect(try GitLabPipeline(resolved: try file.resolved()) == pipeline)
        // Stable: the same model always gives the same bytes, keywords before jobs.
        #expect(SeedManifests.gitLabPipeline().yaml == text)
        let keys = file.root.entries.map(\.key)
        #expect(keys == ["stages", "variables", "test", "build", "deploy"])
        #expect(!text.contains("AKIA"))
        #expect(text.contains("fileb://function.zip"))
        #expect(text.contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"))
        #expect(file.root["deploy"]?["artifacts"]?["reports"]?["dotenv"]?.sequence?.first?.string == "deploy.env")
    }

    @Test func generatedPipelineFailsTheRulesWhenBroken() throws {
        // The same model with the two classic mistakes: the check is not vacuous.
        var pipeline = SeedManifests.gitLabPipeline()
        pipeline.jobs[1].value.artifacts = nil
        pipeline.jobs[2].value.rules = nil
        let rules = try GitLabCIFile(yaml: pipeline.yaml).validate().map(\.rule)
        #expect(rules.contains("gitlab.artifact.not-declared"))
        #expect(rules.contains("gitlab.deploy.not-default-branch"))
    }

    @Test func seedServerlessIsCleanAndRoundTrips() throws {
        let configuration = SeedManifests.serverless()
        let text = configuration.text
        let file = try ServerlessFile(yaml: text, fileName: "serverless.yml")
        #expect(file.validate().isEmpty, "\(file.validate())")
        let resolved = try file.configuration()
        #expect(resolved.provider?.region == "us-east-1")
        #expect(resolved.provider?.stage == "production")
        #expect(
            try ServerlessFile(yaml: text).configuration(resolver: LocalVariableResolver(options: ["stage": "dev"])).provider?.stage
                == "dev")
        // The unresolved model reads back equal.
        #expect(try ServerlessConfiguration(yaml: file.root, path: "") == configuration)
        guard case .http(let event)? = resolved[function: "hello"]?.events?.first else {
            Issue.record("no http event")
            return
        }
        #expect(event.method == "get" && event.path == "hello" && event.cors?.enabled == true)
        #expect(SeedManifests.serverless().text == text)
    }
}
