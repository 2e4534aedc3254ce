import DeployManifests

/// The `.gitlab-ci.yml` that runs a Swift deploy tool built on this library.
public enum PipelineManifests {
    /// Stages test → build → deploy: the tests, a release build of `product` kept as an artifact,
    /// and a deploy job on the default branch only that runs it, writes `deploy.env` (the
    /// endpoint URL) for the `production` environment, and reads the AWS keys from CI/CD variables.
    public static func gitLabPipeline(
        packagePath: String = ".", product: String, image: String = "swift:6.1", stage: String = "production"
    ) -> GitLabPipeline {
        let packageFlag = packagePath == "." ? "" : " --package-path \(packagePath)"
        let binary = (packagePath == "." ? "" : "\(packagePath)/") + ".build/release/\(product)"
        var test = GitLabJob(stage: "test", script: ["swift test"])
        test.image = GitLabImage(name: image)
        var build = GitLabJob(stage: "build", script: ["swift build\(packageFlag) -c release --product \(product)"])
        build.image = GitLabImage(name: image)
        build.artifacts = GitLabArtifacts(paths: [binary], expireIn: "1 week")
        var deploy = GitLabJob(stage: "deploy", script: ["./\(binary) --dotenv deploy.env"])
        deploy.image = GitLabImage(name: image)
        deploy.needs = [GitLabNeed(job: "build", artifacts: true)]
        deploy.rules = [GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")]
        deploy.environment = GitLabEnvironment(name: stage, url: "$ENDPOINT_URL")
        deploy.artifacts = GitLabArtifacts(reports: GitLabArtifactReports(dotenv: ["deploy.env"]))
        deploy.resourceGroup = stage
        return GitLabPipeline(
            stages: ["test", "build", "deploy"],
            jobs: [
                Named(name: "test", value: test), Named(name: "build", value: build), Named(name: "deploy", value: deploy),
            ])
    }
}
