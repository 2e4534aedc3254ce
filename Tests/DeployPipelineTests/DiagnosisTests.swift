import DeployAsyncHTTPClient
import DeployCore
import DeployManifests
import DeployPipeline
import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// The seed's troubleshooting table, reproduced against moto (auth on) and on a mock.
@Suite("Deploy diagnoses on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct DiagnosisMotoTests {
    func pipeline(_ credentials: Credentials) throws -> DeploymentPipeline {
        DeploymentPipeline(
            configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared, credentials: credentials),
            logger: PipelineFixture.quiet)
    }

    @Test("a wrong secret: refused at preflight, regenerate the key and update the GitLab variable")
    func wrongSecret() async throws {
        let admin = try #require(MotoEnvironment.admin)
        let wrong = Credentials(accessKeyID: admin.accessKeyID, secretAccessKey: String(admin.secretAccessKey.reversed()))
        let (report, _) = await PipelineFixture.run([PipelineFixture.hello()], pipeline: try pipeline(wrong))
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.kind == .authentication)
        #expect(diagnosis.fix.contains("AWS_SECRET_ACCESS_KEY"))
        #expect(report.functions.isEmpty)
        #expect(!"\(report)".contains(admin.secretAccessKey) && !"\(report)".contains(wrong.secretAccessKey))
    }

    @Test("an unknown key id: regenerate it in IAM")
    func unknownKey() async throws {
        let (report, _) = await PipelineFixture.run(
            [PipelineFixture.hello()], pipeline: try pipeline(Credentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: "x")))
        #expect(report.diagnosis?.kind == .authentication)
        #expect(report.diagnosis?.fix.contains("regenerate") == true)
    }

    @Test("a missing permission: the action, and a statement that grants it on the function")
    func permissionDenied() async throws {
        let limited = try #require(MotoEnvironment.limited)
        var function = PipelineFixture.hello()
        function.role = .arn("arn:aws:iam::123456789012:role/existing")
        let (report, _) = await PipelineFixture.run([function], pipeline: try pipeline(limited))
        let result = try #require(report[function: function.name])
        #expect(result.outcome == .failed(step: .function))
        let diagnosis = try #require(result.diagnosis)
        #expect(diagnosis.kind == .permissionDenied)
        #expect(
            diagnosis.missingAction == "lambda:GetFunctionConfiguration" || diagnosis.missingAction == "lambda:GetFunction", "\(diagnosis)")
        #expect(diagnosis.policyStatement?.contains("function:\(function.name)") == true)
    }

    @Test("the function named by an ARN in another region: both regions named")
    func regionMismatch() async throws {
        var function = PipelineFixture.hello()
        function.name = "arn:aws:lambda:eu-west-1:123456789012:function:myLambdaFunction"
        function.role = .arn("arn:aws:iam::123456789012:role/existing")
        function.routes = []
        let (report, _) = await PipelineFixture.run([function], pipeline: try pipeline(MotoEnvironment.admin!))
        let diagnosis = try #require(report.functions.first?.diagnosis)
        #expect(diagnosis.kind == .resourceNotFound)
        #expect(diagnosis.configuredRegion == "us-east-1" && diagnosis.resourceRegion == "eu-west-1", "\(diagnosis)")
    }

    @Test("the build job's artifact is missing: declare it in artifacts: paths")
    func artifactMissing() async throws {
        var function = PipelineFixture.hello()
        function.source = .archive("/nonexistent/function.zip")
        let (report, _) = await PipelineFixture.run([function], pipeline: try pipeline(MotoEnvironment.admin!))
        let diagnosis = try #require(report.functions.first?.diagnosis)
        #expect(diagnosis.kind == .artifactMissing)
        #expect(diagnosis.fix.contains("artifacts: paths"))
        #expect(report.functions.first?.outcome == .failed(step: .package))
    }

    @Test("a dependency from requirements.txt missing from the zip: a build error that names it")
    func missingDependency() async throws {
        let folder = NSTemporaryDirectory() + "deps-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/requests", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try PipelineFixture.handler.write(toFile: folder + "/lambda_function.py", atomically: true, encoding: .utf8)
        try "requests==2.32.3\nPyYAML>=6  # config\n".write(toFile: folder + "/requirements.txt", atomically: true, encoding: .utf8)
        try "".write(toFile: folder + "/requests/__init__.py", atomically: true, encoding: .utf8)
        var function = PipelineFixture.hello()
        function.source = .directory(folder)
        let (report, _) = await PipelineFixture.run([function], pipeline: try pipeline(MotoEnvironment.admin!))
        let diagnosis = try #require(report.functions.first?.diagnosis)
        #expect(diagnosis.kind == .buildError)
        #expect(diagnosis.missingFiles == ["PyYAML"], "\(diagnosis)")
    }
}

@Suite("GitLab integration")
struct GitLabIntegrationTests {
    @Test("reads the CI variables")
    func context() {
        let context = GitLabContext(environment: [
            "CI_COMMIT_SHA": "abc", "CI_COMMIT_REF_NAME": "feature/x", "CI_DEFAULT_BRANCH": "main",
            "CI_ENVIRONMENT_NAME": "production", "CI_PIPELINE_URL": "https://gitlab.example/p/1",
        ])
        #expect(context.isCI && !context.isDefaultBranch)
        #expect(
            context.commitSHA == "abc" && context.environmentName == "production" && context.pipelineURL == "https://gitlab.example/p/1")
        #expect(GitLabContext(environment: [:]).isDefaultBranch)
    }

    @Test("a production stage from another branch is refused before any request")
    func branchPolicy() async throws {
        let mock = MockTransport()  // no routes: any request would fail the run differently
        let configuration = try AWSConfiguration(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "x")),
            transport: mock, environment: [:])
        let pipeline = DeploymentPipeline(configuration: configuration, logger: PipelineFixture.quiet)
        let feature = GitLabContext(refName: "feature/x", defaultBranch: "main")
        let (report, _) = await PipelineFixture.run([PipelineFixture.hello("fn")], pipeline: pipeline, gitLab: feature)
        #expect(report.diagnosis?.kind == .branchNotAllowed)
        #expect(report.diagnosis?.summary.contains("feature/x") == true)
        #expect(mock.requests.isEmpty)

        var allowed = DeploymentConfiguration(
            functions: [PipelineFixture.hello("fn")], gitLab: feature, allowsProductionFromAnyBranch: true)
        allowed.workDirectory = NSTemporaryDirectory() + "pipeline-tests"
        let second = await pipeline.deploy(allowed)
        #expect(second.diagnosis?.kind != .branchNotAllowed)
        #expect(!mock.requests.isEmpty)
    }

    @Test("the dotenv report, written atomically")
    func dotenv() throws {
        let path = NSTemporaryDirectory() + "deploy-\(UUID().uuidString).env"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "OLD=1\n".write(toFile: path, atomically: true, encoding: .utf8)
        try DotenvFile.write([("ENDPOINT_URL", "https://a.execute-api.us-east-1.amazonaws.com/production/hello")], to: path)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == "ENDPOINT_URL=https://a.execute-api.us-east-1.amazonaws.com/production/hello\n")
    }

    @Test("the generated .gitlab-ci.yml runs the deploy and passes every manifest rule")
    func generatedPipeline() throws {
        let pipeline = PipelineManifests.gitLabPipeline(packagePath: "Examples/HelloPipeline", product: "hello-pipeline")
        let file = try GitLabCIFile(yaml: pipeline.yaml, fileName: ".gitlab-ci.yml")
        #expect(file.validate(options: GitLabValidationOptions(isFragment: false)).isEmpty, "\(file.validate())")
        let deploy = try #require(pipeline[job: "deploy"])
        #expect(deploy.rules?.first?.if == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")
        #expect(deploy.environment?.url == "$ENDPOINT_URL")
        #expect(deploy.artifacts?.reports?.dotenv == ["deploy.env"])
        #expect(deploy.script?.contains { $0.contains("hello-pipeline") } == true)
    }
}
