import DeployManifests

/// The `.gitlab-ci.yml` that runs a Swift deploy tool built on this library.
public enum PipelineManifests {
    /// Stages test → build → deploy: the tests, a release build of `product` kept as an artifact,
    /// a deploy job on the default branch only that runs it, writes `deploy.env` (the endpoint URL,
    /// `DEPLOYED_VERSION`, `PREVIOUS_VERSION`) for the `production` environment and
    /// `deploy-junit.xml` (uploaded even when the deploy fails, for the merge request's test
    /// widget), and reads the AWS keys from CI/CD variables; and a manual `rollback` job that puts
    /// the alias back on `PREVIOUS_VERSION` (`PRODUCT rollback --to VERSION`).
    public static func gitLabPipeline(
        packagePath: String = ".", product: String, image: String = "swift:6.1", stage: String = "production"
    ) -> GitLabPipeline {
        let binary = binaryPath(packagePath: packagePath, product: product)
        var test = GitLabJob(stage: "test", script: ["swift test"])
        test.image = GitLabImage(name: image)
        let build = buildJob(packagePath: packagePath, product: product, image: image)
        var deploy = GitLabJob(stage: "deploy", script: ["./\(binary) --dotenv deploy.env --junit deploy-junit.xml"])
        deploy.image = GitLabImage(name: image)
        deploy.needs = [GitLabNeed(job: "build", artifacts: true)]
        deploy.rules = [GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")]
        deploy.environment = GitLabEnvironment(name: stage, url: "$ENDPOINT_URL")
        deploy.artifacts = GitLabArtifacts(reports: GitLabArtifactReports(dotenv: ["deploy.env"], junit: ["deploy-junit.xml"]))
        deploy.artifacts?.when = "always"
        deploy.resourceGroup = stage
        // Started by hand after a bad deploy: the dotenv report of `deploy` gives PREVIOUS_VERSION.
        var rollback = GitLabJob(stage: "deploy", script: ["./\(binary) rollback --to \"$PREVIOUS_VERSION\""])
        rollback.image = GitLabImage(name: image)
        rollback.needs = [GitLabNeed(job: "build", artifacts: true), GitLabNeed(job: "deploy", artifacts: true)]
        rollback.rules = [GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "manual")]
        rollback.allowFailure = .allowed(true)
        rollback.environment = GitLabEnvironment(name: stage)
        rollback.resourceGroup = stage
        return GitLabPipeline(
            stages: ["test", "build", "deploy"],
            jobs: [
                Named(name: "test", value: test), Named(name: "build", value: build), Named(name: "deploy", value: deploy),
                Named(name: "rollback", value: rollback),
            ])
    }

    /// Where `product`'s release build is, relative to the repository.
    static func binaryPath(packagePath: String, product: String) -> String {
        (packagePath == "." ? "" : "\(packagePath)/") + ".build/release/\(product)"
    }

    /// The release build of `product`, kept a week as an artifact for the deploy jobs.
    static func buildJob(packagePath: String, product: String, image: String) -> GitLabJob {
        let packageFlag = packagePath == "." ? "" : " --package-path \(packagePath)"
        var build = GitLabJob(stage: "build", script: ["swift build\(packageFlag) -c release --product \(product)"])
        build.image = GitLabImage(name: image)
        build.artifacts = GitLabArtifacts(paths: [binaryPath(packagePath: packagePath, product: product)], expireIn: "1 week")
        return build
    }
}
