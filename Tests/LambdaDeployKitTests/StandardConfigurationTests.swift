import DeployTestSupport
import DeployTesting
import Foundation
import LambdaDeployKit
import Testing

/// `import LambdaDeployKit` and `AWSConfiguration.standard()`: one import, one call.
@Suite("One import, one configuration")
struct StandardConfigurationTests {
    static let webIdentityReply = MockReply.queryResult(
        "AssumeRoleWithWebIdentity",
        """
        <Credentials><AccessKeyId>ASIAGITLABJOB</AccessKeyId><SecretAccessKey>job-secret</SecretAccessKey>\
        <SessionToken>job-session</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>\
        <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/gitlab-deployer/job-42</Arn></AssumedRoleUser>
        """)

    @Test(
        "GitLab id_tokens: the role is assumed with the job's token and every call, the exchange included, goes through the one transport")
    func gitLabWebIdentity() async throws {
        let mock = MockTransport()
        mock.on(.action("AssumeRoleWithWebIdentity"), reply: Self.webIdentityReply)
        mock.on(
            .action("GetCallerIdentity"),
            reply: .queryResult(
                "GetCallerIdentity",
                "<Arn>arn:aws:sts::123456789012:assumed-role/gitlab-deployer/job-42</Arn><Account>123456789012</Account>"
            ))
        let environment = [
            "AWS_REGION": "eu-central-1", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/gitlab-deployer",
            "GITLAB_OIDC_TOKEN": "eyJhbGciOi.job.token",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let configuration = try AWSConfiguration.standard(
            webIdentityTokenVariable: "GITLAB_OIDC_TOKEN", transport: mock, environment: environment)
        #expect(configuration.region.name == "eu-central-1")
        let identity = try await STSClient(configuration: configuration).callerIdentity()
        #expect(identity.arn.hasSuffix("assumed-role/gitlab-deployer/job-42"))

        #expect(mock.requests.map(\.action) == ["AssumeRoleWithWebIdentity", "GetCallerIdentity"])
        let exchange = mock.requests[0]
        #expect(exchange.parameter("WebIdentityToken") == "eyJhbGciOi.job.token")
        #expect(exchange.parameter("RoleArn") == "arn:aws:iam::123456789012:role/gitlab-deployer")
        #expect(exchange.request.headerFields[.authorization] == nil)
        let call = mock.requests[1]
        #expect(call.request.authority == "sts.eu-central-1.amazonaws.com")
        #expect(call.request.headerFields[.authorization]?.contains("Credential=ASIAGITLABJOB/") == true)
        #expect(call.request.headerFields[.xAmzSecurityToken] == "job-session")
    }

    @Test("no region anywhere is a RegionError that says where to set one, not a silent default")
    func noRegion() throws {
        let error = #expect(throws: RegionError.self) {
            try AWSConfiguration.standard(
                transport: MockTransport(), environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x"])
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("AWS_REGION"))
    }

    @Test("an endpoint override that is not a URL fails the configuration, not a later call")
    func badEndpoint() throws {
        #expect(throws: EndpointError.self) {
            try AWSConfiguration.standard(
                transport: MockTransport(), environment: ["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "localhost:4566"])
        }
    }

    @Test(
        "README: deploy the seed function from your own Swift program",
        .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
    func readmeDeploy() async throws {
        let admin = try #require(MotoEnvironment.admin)
        // The README reads the process environment; here the same variables are injected.
        var environment = MotoEnvironment.clientEnvironment
        environment["AWS_ACCESS_KEY_ID"] = admin.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = admin.secretAccessKey
        environment["AWS_REGION"] = "us-east-1"
        let name = MotoEnvironment.uniqueName("readme")
        let function = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/HelloPipeline/function").path

        // README.md, "Deploy the seed function from your own Swift program" (names and folder injected)
        let configuration = try AWSConfiguration.standard(environment: environment)
        let hello = FunctionDeployment(
            name: name, source: .directory(function, patterns: ["!**", "lambda_function.py"]),
            handler: "lambda_function.lambda_handler", runtime: "python3.12", role: .managed("\(name)-role"),
            routes: [HTTPRoute(method: "GET", path: "/hello", cors: true)], api: APISettings(name: "\(name)-api", stage: "production")
        )
        let report = await DeploymentPipeline(configuration: configuration).deploy(DeploymentConfiguration(functions: [hello]))
        print(report)

        #expect(report.succeeded, "\(report)")
        #expect(report.endpointLines.count == 1)
        #expect(report.endpointLines.first?.hasSuffix("/production/hello") == true)
        let deployed = try await LambdaClient(configuration: configuration).configuration(name)
        #expect(deployed.handler == "lambda_function.lambda_handler")
    }

    @Test("README: a first call", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
    func readmeFirstCall() async throws {
        let admin = try #require(MotoEnvironment.admin)
        var environment = MotoEnvironment.clientEnvironment
        environment["AWS_ACCESS_KEY_ID"] = admin.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = admin.secretAccessKey
        environment["AWS_REGION"] = "us-east-1"

        // README.md, "A first call" (the environment injected)
        let identity = try await STSClient(configuration: AWSConfiguration.standard(environment: environment)).checkCredentials()
        print(identity.arn)

        #expect(identity.arn.hasSuffix(":user/deploy-admin"))
    }
}
