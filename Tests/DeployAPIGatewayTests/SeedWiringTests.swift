import DeployAPIGateway
import DeployAsyncHTTPClient
import DeployCore
import DeployIAM
import DeployLambda
import DeploySigV4
import DeployTestSupport
import DeployTesting
import DeployZip
import Foundation
import Testing

/// The seed pipeline over real HTTP against moto (auth on): the execution role, myLambdaFunction
/// from a zip, an update, a version, alias `live`, a REST API with `/hello` GET proxied to the
/// alias and CORS, stage `production`, the invoke permission, and the endpoint line.
@Suite("API Gateway on moto (auth on)", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct SeedWiringTests {
    func configuration() throws -> AWSConfiguration {
        try MotoEnvironment.configuration(credentials: MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared)
    }

    @Test("the seed scenario, ending in GET - https://ID.execute-api.us-east-1.amazonaws.com/production/hello")
    func seed() async throws {
        let configuration = try configuration()
        let iam = IAMClient(configuration: configuration)
        let lambda = LambdaClient(configuration: configuration)
        let gateway = APIGatewayClient(configuration: configuration)

        let role = try await iam.createRole(name: MotoEnvironment.uniqueName("hello-lambda"), trustPolicy: LeastPrivilege.lambdaTrustPolicy)
        let name = MotoEnvironment.uniqueName("myLambdaFunction")
        let folder = NSTemporaryDirectory() + "seed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let handler =
            "import json\n\ndef lambda_handler(event, context):\n    return {\"statusCode\": 200, \"body\": json.dumps({\"message\": "
            + "\"Your function executed successfully!\"})}\n"
        _ = try await DeploymentPackage.build(
            entries: [PackageEntry(path: "lambda_function.py", text: handler)], to: folder + "/function.zip")
        let zip = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/function.zip")))
        _ = try await lambda.createFunction(
            FunctionDefinition(
                name: name, role: role.arn, handler: "lambda_function.lambda_handler", runtime: "python3.12", code: .zip(zip)))
        try await lambda.waitUntilActive(name)
        _ = try await lambda.updateFunctionCode(name, code: .zip(zip))
        let version = try await lambda.publishVersion(name)
        let alias = try await lambda.createAlias(name, name: "live", version: try #require(version.version))

        let api = try await gateway.createRestAPI(name: MotoEnvironment.uniqueName("hello-api"))
        #expect(try await gateway.restAPI(named: api.name)?.id == api.id)
        let hello = try await gateway.ensureResource(apiID: api.id, path: "/hello")
        #expect(hello.path == "/hello")
        #expect(try await gateway.ensureResource(apiID: api.id, path: "/hello").id == hello.id, "ensure, not create")
        try await gateway.wireLambdaProxy(apiID: api.id, resourceID: hello.id, method: "GET", functionARN: alias.arn)
        try await gateway.enableCORS(apiID: api.id, resourceID: hello.id, methods: ["GET"])
        let deployment = try await gateway.createDeployment(apiID: api.id, stageName: "production", description: "seed")
        #expect(try await gateway.stage(apiID: api.id, name: "production").deploymentID == deployment.id)

        let integration = try await gateway.integration(apiID: api.id, resourceID: hello.id, method: "GET")
        #expect(integration.type == "AWS_PROXY")
        #expect(integration.uri == "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/\(alias.arn)/invocations")
        #expect(try await gateway.integration(apiID: api.id, resourceID: hello.id, method: "OPTIONS").type == "MOCK")

        let permission = gateway.invokePermission(apiID: api.id, method: "GET", path: "/hello", account: "123456789012")
        try await lambda.addPermission(
            name, statementID: permission.statementID, principal: permission.principal, sourceARN: permission.sourceARN)
        #expect(try await lambda.policy(name).contains(permission.sourceARN))

        let endpoint = InvokeURL(apiID: api.id, region: configuration.region, stage: "production", path: "/hello")
        #expect(endpoint.description == "GET - https://\(api.id).execute-api.us-east-1.amazonaws.com/production/hello")

        try await gateway.deleteRestAPI(api.id)
        let gone = try await #require(throws: AWSServiceError.self) { try await gateway.stage(apiID: api.id, name: "production") }
        #expect(gone.code == "NotFoundException")
        try await lambda.deleteAlias(name, name: "live")
        try await lambda.deleteFunction(name)
    }
}

@Suite("API Gateway on MockTransport")
struct APIGatewayMockTests {
    @Test("invoke URLs and permissions per partition")
    func partitions() throws {
        #expect(
            InvokeURL(apiID: "abc", region: try Region("cn-north-1"), stage: "production", path: "hello").url
                == "https://abc.execute-api.cn-north-1.amazonaws.com.cn/production/hello")
        #expect(
            InvokeURL(apiID: "abc", region: try Region("eu-west-1"), stage: "dev", path: "/a/b", method: "POST").description
                == "POST - https://abc.execute-api.eu-west-1.amazonaws.com/dev/a/b")
        let mock = MockTransport()
        let gateway = try APIGatewayClient(
            configuration: AWSConfiguration(
                region: "cn-north-1",
                credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "x")),
                transport: mock, environment: [:]
            ))
        let permission = gateway.invokePermission(apiID: "abc", method: "get", path: "/hello", account: "1")
        #expect(permission.sourceARN == "arn:aws-cn:execute-api:cn-north-1:1:abc/*/GET/hello")
        #expect(permission.principal == "apigateway.amazonaws.com")
    }

    @Test("ensureResource creates only the missing parts of a nested path, and reads the wire's `item` lists")
    func nestedResources() async throws {
        let mock = MockTransport()
        mock.on(
            .rest(.get, "/restapis/{restapi_id}/resources"),
            reply: .json(#"{"item":[{"id":"root","path":"/"},{"id":"a1","parentId":"root","pathPart":"a","path":"/a"}]}"#))
        mock.on(
            .rest(.post, "/restapis/{restapi_id}/resources/{parent_id}"),
            reply: .handler { request in
                let part = String(decoding: request.body, as: UTF8.self).contains("\"b\"") ? "b" : "c"
                let parent = request.path.split(separator: "/").last!
                return TransportResponse(
                    response: .init(status: .created),
                    body: Array(
                        #"{"id":"\#(part)1","parentId":"\#(parent)","pathPart":"\#(part)","path":"/a/\#(part == "b" ? "b" : "b/c")"}"#.utf8)
                )
            })
        let gateway = try APIGatewayClient(
            configuration: AWSConfiguration(
                region: "us-east-1",
                credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "x")),
                transport: mock, environment: [:]
            ))
        let resource = try await gateway.ensureResource(apiID: "api", path: "/a/b/c")
        #expect(resource.path == "/a/b/c")
        let created = mock.requests(matching: .rest(.post, "/restapis/{restapi_id}/resources/{parent_id}")).map { $0.path }
        #expect(created == ["/restapis/api/resources/a1", "/restapis/api/resources/b1"])
    }
}
