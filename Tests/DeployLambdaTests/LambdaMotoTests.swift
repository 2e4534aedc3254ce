import DeployAsyncHTTPClient
import DeployCore
import DeployIAM
import DeployLambda
import DeploySigV4
import DeployTestSupport
import DeployZip
import Foundation
import Testing

/// Lambda over real HTTP against moto, with SigV4 and IAM checking on.
@Suite("Lambda on moto (auth on)", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct LambdaMotoTests {
    static let handler =
        "import json\n\ndef lambda_handler(event, context):\n    return {\"statusCode\": 200, \"body\": json.dumps({\"message\": \"Your "
        + "function executed successfully!\"})}\n"

    func configuration(_ credentials: Credentials? = nil, region: String = "us-east-1") throws -> AWSConfiguration {
        try MotoEnvironment.configuration(
            credentials: credentials ?? MotoEnvironment.admin!, region: region, transport: AsyncHTTPClientTransport.shared)
    }

    /// The seed build job: lambda_function.py zipped by DeploymentPackage.
    func package(_ source: String) async throws -> (bytes: [UInt8], sha: String) {
        let folder = NSTemporaryDirectory() + "lambda-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let summary = try await DeploymentPackage.build(
            entries: [PackageEntry(path: "lambda_function.py", text: source)], to: folder + "/function.zip")
        return (Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/function.zip"))), summary.codeSHA256)
    }

    func executionRole() async throws -> String {
        let iam = try IAMClient(configuration: configuration())
        return try await iam.createRole(name: MotoEnvironment.uniqueName("hello-lambda"), trustPolicy: LeastPrivilege.lambdaTrustPolicy).arn
    }

    @Test("the seed scenario: create, update code, publish, alias, canary, rollback, invoke, permission, clean up")
    func seedScenario() async throws {
        let lambda = try LambdaClient(configuration: configuration())
        let name = MotoEnvironment.uniqueName("myLambdaFunction")
        let first = try await package(Self.handler)
        let created = try await lambda.createFunction(
            FunctionDefinition(
                name: name, role: try await executionRole(), handler: "lambda_function.lambda_handler", runtime: "python3.12",
                code: .zip(first.bytes), memorySize: 256, timeout: 10, environment: ["STAGE": "production", "API_TOKEN": "not-for-logs"]
            ))
        #expect(created.codeSHA256 == first.sha, "Lambda's CodeSha256 is DeploymentPackage's codeSHA256")
        let active = try await lambda.waitUntilActive(name)
        #expect(active.state == .active)
        #expect(!"\(active)".contains("not-for-logs"), "environment values are redacted when printed")

        let second = try await package(Self.handler + "# v2\n")
        let updated = try await lambda.updateFunctionCode(name, code: .zip(second.bytes))
        #expect(updated.codeSHA256 == second.sha)
        let v1 = try await lambda.publishVersion(name, codeSHA256: second.sha, description: "commit abc123")
        #expect(v1.version == "1")
        let alias = try await lambda.createAlias(name, name: "live", version: "1")
        #expect(alias.functionVersion == "1")

        let third = try await package(Self.handler + "# v3\n")
        let v2 = try await lambda.updateFunctionCode(name, code: .zip(third.bytes), publish: true)
        #expect(v2.version == "2")
        let canary = try await lambda.updateAlias(name, name: "live", version: "1", weights: ["2": 0.1])
        #expect(canary.additionalVersionWeights == ["2": 0.1])
        let moved = try await lambda.updateAlias(name, name: "live", version: "2", weights: [:])
        #expect(moved.functionVersion == "2" && moved.additionalVersionWeights.isEmpty)
        let rolledBack = try await lambda.updateAlias(name, name: "live", version: "1")
        #expect(try await lambda.alias(name, name: "live").functionVersion == rolledBack.functionVersion)

        // moto runs no code: Invoke echoes the payload (moto-recipes §3).
        let result = try await lambda.invoke(name, payload: Array(#"{"ping":1}"#.utf8), qualifier: "live")
        #expect(result.statusCode == 200)
        #expect(result.payload == Array(#"{"ping":1}"#.utf8))
        #expect(try await lambda.invoke(name, type: .event).statusCode == 202)
        #expect(try await lambda.invoke(name, type: .dryRun).statusCode == 204)

        let sourceARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/hello"
        let statement = try await lambda.addPermission(
            name, statementID: "apigateway-get-hello", principal: "apigateway.amazonaws.com", sourceARN: sourceARN)
        #expect(statement.contains("apigateway.amazonaws.com"))
        #expect(try await lambda.policy(name).contains(sourceARN))
        try await lambda.removePermission(name, statementID: "apigateway-get-hello")

        let versions = try await lambda.versions(name).collect().compactMap(\.version)
        #expect(versions == ["$LATEST", "1", "2"])
        #expect(try await lambda.functions().collect().contains { $0.name == name })
        let configured = try await lambda.updateFunctionConfiguration(name, FunctionSettings(memorySize: 512, description: "seed"))
        #expect(configured.memorySize == 512)
        #expect(try await lambda.function(name).configuration.description == "seed")

        try await lambda.deleteAlias(name, name: "live")
        try await lambda.deleteFunction(name)
        let gone = try await #require(throws: AWSServiceError.self) { try await lambda.configuration(name) }
        #expect(gone.code == "ResourceNotFoundException")
    }

    @Test("region mismatch: created in us-east-1, looked up from eu-west-1")
    func regionMismatch() async throws {
        let east = try LambdaClient(configuration: configuration(region: "us-east-1"))
        let name = MotoEnvironment.uniqueName("regional")
        let created = try await east.createFunction(
            FunctionDefinition(
                name: name, role: try await executionRole(), handler: "lambda_function.lambda_handler", runtime: "python3.12",
                code: .zip(try await package(Self.handler).bytes)
            ))
        let west = try LambdaClient(configuration: configuration(region: "eu-west-1"))
        let byName = try await #require(throws: AWSServiceError.self) { try await west.configuration(name) }
        #expect(byName.code == "ResourceNotFoundException")
        #expect(byName.message.contains("eu-west-1"))
        let byARN = try await #require(throws: LambdaInputError.self) { try await west.configuration(created.arn) }
        #expect(byARN.message.contains("us-east-1") && byARN.message.contains("eu-west-1"), "the diagnosis names both regions")
        try await east.deleteFunction(name)
    }

    @Test("a user without lambda:UpdateFunctionCode is denied, with the missing action and the granting statement named")
    func accessDenied() async throws {
        // Everything in Lambda but UpdateFunctionCode (moto honours only Resource "*" statements).
        let iam = try IAMClient(configuration: configuration())
        let userName = MotoEnvironment.uniqueName("no-update")
        _ = try await iam.createUser(name: userName)
        try await iam.putUserPolicy(
            userName: userName, policyName: "almost",
            document: PolicyDocument(statements: [
                PolicyStatement(effect: .allow, actions: ["lambda:*", "iam:PassRole"], resources: ["*"]),
                PolicyStatement(effect: .deny, actions: ["lambda:UpdateFunctionCode"], resources: ["*"]),
            ]))
        let key = try await iam.createAccessKey(userName: userName)

        let admin = try LambdaClient(configuration: configuration())
        let name = MotoEnvironment.uniqueName("guarded")
        let code = try await package(Self.handler).bytes
        _ = try await admin.createFunction(
            FunctionDefinition(
                name: name, role: try await executionRole(), handler: "lambda_function.lambda_handler", runtime: "python3.12",
                code: .zip(code)
            ))
        let limited = try LambdaClient(configuration: configuration(key.credentials))
        #expect(try await limited.configuration(name).name == name, "reading is allowed")
        let error = try await #require(throws: AWSServiceError.self) { try await limited.updateFunctionCode(name, code: .zip(code)) }
        #expect(error.code == "AccessDenied")
        let diagnosis = try #require(AuthenticationDiagnosis(error))
        #expect(diagnosis.kind == .accessDenied)
        #expect(diagnosis.missingAction == "lambda:UpdateFunctionCode")
        #expect(diagnosis.fix.contains(#""Action": "lambda:UpdateFunctionCode""#))
        try await admin.deleteFunction(name)
    }
}
