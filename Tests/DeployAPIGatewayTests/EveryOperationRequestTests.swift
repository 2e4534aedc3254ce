import DeployAPIGateway
import DeployCore
import DeployIAM
import DeployLambda
import DeploySecrets
import DeploySigV4
import DeployTesting
import Foundation
import HTTPTypes
import Testing

/// Every operation of the Lambda, IAM, API Gateway and Secrets Manager clients: our request
/// (method, canonical URI and query, member headers, body) against botocore's for the same input.
@Suite("Every operation's request matches botocore's", .enabled(if: botocoreAvailable, "botocore is not importable by python3 (it comes with moto)"))
struct EveryOperationRequestTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var service: String
        var signingName: String
        var operation: String
        var parameters: String
        var call: @Sendable (AWSConfiguration) async throws -> Void
        var testDescription: String { "\(service) \(operation)" }
    }

    static let role = "arn:aws:iam::123456789012:role/hello-lambda"
    static let policy = PolicyDocument(statements: [.init(effect: .allow, actions: ["lambda:GetFunction"], resources: ["*"])])
    static let policyJSON = try! policy.json()
    static let zip = "PK\u{3}\u{4}lambda"

    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static let cases: [Case] = [
        // Lambda
        Case(service: "lambda", signingName: "lambda", operation: "CreateFunction", parameters: json([
            "FunctionName": "fn", "Role": role, "Handler": "lambda_function.lambda_handler", "Runtime": "python3.12", "Code": ["ZipFile": zip],
            "MemorySize": 256, "Timeout": 10, "Environment": ["Variables": ["STAGE": "production"]], "Architectures": ["arm64"],
            "Description": "seed", "Tags": ["team": "ci"], "Publish": true,
        ])) { _ = try await LambdaClient(configuration: $0).createFunction(FunctionDefinition(
            name: "fn", role: role, handler: "lambda_function.lambda_handler", runtime: "python3.12", code: .zip(Array(zip.utf8)), memorySize: 256,
            timeout: 10, environment: ["STAGE": "production"], architectures: ["arm64"], description: "seed", tags: ["team": "ci"], publish: true
        )) },
        Case(service: "lambda", signingName: "lambda", operation: "GetFunction", parameters: json(["FunctionName": "fn", "Qualifier": "live"])) {
            _ = try await LambdaClient(configuration: $0).function("fn", qualifier: "live")
        },
        Case(service: "lambda", signingName: "lambda", operation: "GetFunctionConfiguration", parameters: json(["FunctionName": "fn"])) {
            _ = try await LambdaClient(configuration: $0).configuration("fn")
        },
        Case(service: "lambda", signingName: "lambda", operation: "UpdateFunctionCode", parameters: json([
            "FunctionName": "fn", "S3Bucket": "artifacts", "S3Key": "builds/function.zip", "Publish": true, "DryRun": false, "RevisionId": "r1",
        ])) { _ = try await LambdaClient(configuration: $0).updateFunctionCode("fn", code: .s3(bucket: "artifacts", key: "builds/function.zip"), publish: true, revisionID: "r1") },
        Case(service: "lambda", signingName: "lambda", operation: "UpdateFunctionConfiguration", parameters: json([
            "FunctionName": "fn", "MemorySize": 512, "Timeout": 30, "Environment": ["Variables": ["A": "1"]], "Description": "d", "Handler": "h.h",
        ])) { _ = try await LambdaClient(configuration: $0).updateFunctionConfiguration("fn", FunctionSettings(memorySize: 512, timeout: 30, environment: ["A": "1"], description: "d", handler: "h.h")) },
        Case(service: "lambda", signingName: "lambda", operation: "PublishVersion", parameters: json(["FunctionName": "fn", "CodeSha256": "abc=", "Description": "commit 1"])) {
            _ = try await LambdaClient(configuration: $0).publishVersion("fn", codeSHA256: "abc=", description: "commit 1")
        },
        Case(service: "lambda", signingName: "lambda", operation: "ListVersionsByFunction", parameters: json(["FunctionName": "fn"])) {
            _ = try await LambdaClient(configuration: $0).versions("fn").collect()
        },
        Case(service: "lambda", signingName: "lambda", operation: "ListFunctions", parameters: json([:])) {
            _ = try await LambdaClient(configuration: $0).functions().collect()
        },
        Case(service: "lambda", signingName: "lambda", operation: "CreateAlias", parameters: json(["FunctionName": "fn", "Name": "live", "FunctionVersion": "1", "Description": "prod"])) {
            _ = try await LambdaClient(configuration: $0).createAlias("fn", name: "live", version: "1", description: "prod")
        },
        Case(service: "lambda", signingName: "lambda", operation: "GetAlias", parameters: json(["FunctionName": "fn", "Name": "live"])) {
            _ = try await LambdaClient(configuration: $0).alias("fn", name: "live")
        },
        Case(service: "lambda", signingName: "lambda", operation: "DeleteAlias", parameters: json(["FunctionName": "fn", "Name": "live"])) {
            try await LambdaClient(configuration: $0).deleteAlias("fn", name: "live")
        },
        Case(service: "lambda", signingName: "lambda", operation: "RemovePermission", parameters: json(["FunctionName": "fn", "StatementId": "s1", "Qualifier": "live"])) {
            try await LambdaClient(configuration: $0).removePermission("fn", statementID: "s1", qualifier: "live")
        },
        Case(service: "lambda", signingName: "lambda", operation: "GetPolicy", parameters: json(["FunctionName": "fn"])) {
            _ = try await LambdaClient(configuration: $0).policy("fn")
        },
        Case(service: "lambda", signingName: "lambda", operation: "Invoke", parameters: json(["FunctionName": "fn", "InvocationType": "Event", "Payload": "{\"a\":1}"])) {
            _ = try await LambdaClient(configuration: $0).invoke("fn", payload: Array("{\"a\":1}".utf8), type: .event)
        },
        Case(service: "lambda", signingName: "lambda", operation: "DeleteFunction", parameters: json(["FunctionName": "fn", "Qualifier": "1"])) {
            try await LambdaClient(configuration: $0).deleteFunction("fn", qualifier: "1")
        },
        // IAM
        Case(service: "iam", signingName: "iam", operation: "CreateUser", parameters: json(["UserName": "ci", "Path": "/ci/"])) { _ = try await IAMClient(configuration: $0).createUser(name: "ci", path: "/ci/") },
        Case(service: "iam", signingName: "iam", operation: "GetUser", parameters: json(["UserName": "ci"])) { _ = try await IAMClient(configuration: $0).user("ci") },
        Case(service: "iam", signingName: "iam", operation: "DeleteUser", parameters: json(["UserName": "ci"])) { try await IAMClient(configuration: $0).deleteUser("ci") },
        Case(service: "iam", signingName: "iam", operation: "CreateAccessKey", parameters: json(["UserName": "ci"])) { _ = try await IAMClient(configuration: $0).createAccessKey(userName: "ci") },
        Case(service: "iam", signingName: "iam", operation: "ListAccessKeys", parameters: json(["UserName": "ci"])) { _ = try await IAMClient(configuration: $0).accessKeys(userName: "ci").collect() },
        Case(service: "iam", signingName: "iam", operation: "UpdateAccessKey", parameters: json(["UserName": "ci", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "Inactive"])) {
            try await IAMClient(configuration: $0).setAccessKey("AKIAIOSFODNN7EXAMPLE", userName: "ci", active: false)
        },
        Case(service: "iam", signingName: "iam", operation: "DeleteAccessKey", parameters: json(["UserName": "ci", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE"])) { try await IAMClient(configuration: $0).deleteAccessKey("AKIAIOSFODNN7EXAMPLE", userName: "ci") },
        Case(service: "iam", signingName: "iam", operation: "AttachUserPolicy", parameters: json(["UserName": "ci", "PolicyArn": "arn:aws:iam::aws:policy/P"])) {
            try await IAMClient(configuration: $0).attachUserPolicy(userName: "ci", policyARN: "arn:aws:iam::aws:policy/P")
        },
        Case(service: "iam", signingName: "iam", operation: "DetachUserPolicy", parameters: json(["UserName": "ci", "PolicyArn": "arn:aws:iam::aws:policy/P"])) {
            try await IAMClient(configuration: $0).detachUserPolicy(userName: "ci", policyARN: "arn:aws:iam::aws:policy/P")
        },
        Case(service: "iam", signingName: "iam", operation: "PutUserPolicy", parameters: json(["UserName": "ci", "PolicyName": "deploy", "PolicyDocument": policyJSON])) {
            try await IAMClient(configuration: $0).putUserPolicy(userName: "ci", policyName: "deploy", document: policy)
        },
        Case(service: "iam", signingName: "iam", operation: "DeleteUserPolicy", parameters: json(["UserName": "ci", "PolicyName": "deploy"])) {
            try await IAMClient(configuration: $0).deleteUserPolicy(userName: "ci", policyName: "deploy")
        },
        Case(service: "iam", signingName: "iam", operation: "GetRole", parameters: json(["RoleName": "r"])) { _ = try await IAMClient(configuration: $0).role("r") },
        Case(service: "iam", signingName: "iam", operation: "DeleteRole", parameters: json(["RoleName": "r"])) { try await IAMClient(configuration: $0).deleteRole("r") },
        Case(service: "iam", signingName: "iam", operation: "AttachRolePolicy", parameters: json(["RoleName": "r", "PolicyArn": "arn:aws:iam::aws:policy/P"])) {
            try await IAMClient(configuration: $0).attachRolePolicy(roleName: "r", policyARN: "arn:aws:iam::aws:policy/P")
        },
        Case(service: "iam", signingName: "iam", operation: "DetachRolePolicy", parameters: json(["RoleName": "r", "PolicyArn": "arn:aws:iam::aws:policy/P"])) {
            try await IAMClient(configuration: $0).detachRolePolicy(roleName: "r", policyARN: "arn:aws:iam::aws:policy/P")
        },
        Case(service: "iam", signingName: "iam", operation: "PutRolePolicy", parameters: json(["RoleName": "r", "PolicyName": "logs", "PolicyDocument": policyJSON])) {
            try await IAMClient(configuration: $0).putRolePolicy(roleName: "r", policyName: "logs", document: policy)
        },
        Case(service: "iam", signingName: "iam", operation: "DeleteRolePolicy", parameters: json(["RoleName": "r", "PolicyName": "logs"])) {
            try await IAMClient(configuration: $0).deleteRolePolicy(roleName: "r", policyName: "logs")
        },
        Case(service: "iam", signingName: "iam", operation: "ListAttachedRolePolicies", parameters: json(["RoleName": "r"])) { _ = try await IAMClient(configuration: $0).attachedRolePolicies(roleName: "r").collect() },
        Case(service: "iam", signingName: "iam", operation: "CreatePolicy", parameters: json(["PolicyName": "deploy", "PolicyDocument": policyJSON, "Description": "CI"])) {
            _ = try await IAMClient(configuration: $0).createPolicy(name: "deploy", document: policy, description: "CI")
        },
        Case(service: "iam", signingName: "iam", operation: "GetPolicy", parameters: json(["PolicyArn": "arn:aws:iam::123456789012:policy/deploy"])) {
            _ = try await IAMClient(configuration: $0).policy(arn: "arn:aws:iam::123456789012:policy/deploy")
        },
        Case(service: "iam", signingName: "iam", operation: "GetPolicyVersion", parameters: json(["PolicyArn": "arn:aws:iam::123456789012:policy/deploy", "VersionId": "v1"])) {
            _ = try await IAMClient(configuration: $0).policyDocument(arn: "arn:aws:iam::123456789012:policy/deploy", versionID: "v1")
        },
        // API Gateway
        Case(service: "apigateway", signingName: "apigateway", operation: "CreateRestApi", parameters: json(["name": "hello-api", "description": "seed"])) {
            _ = try await APIGatewayClient(configuration: $0).createRestAPI(name: "hello-api", description: "seed")
        },
        Case(service: "apigateway", signingName: "apigateway", operation: "GetRestApis", parameters: json([:])) { _ = try await APIGatewayClient(configuration: $0).restAPIs().collect() },
        Case(service: "apigateway", signingName: "apigateway", operation: "GetResources", parameters: json(["restApiId": "abc"])) { _ = try await APIGatewayClient(configuration: $0).resources(apiID: "abc").collect() },
        Case(service: "apigateway", signingName: "apigateway", operation: "CreateResource", parameters: json(["restApiId": "abc", "parentId": "root", "pathPart": "hello"])) {
            _ = try await APIGatewayClient(configuration: $0).createResource(apiID: "abc", parentID: "root", pathPart: "hello")
        },
        Case(service: "apigateway", signingName: "apigateway", operation: "PutMethod", parameters: json(["restApiId": "abc", "resourceId": "r1", "httpMethod": "GET", "authorizationType": "NONE"])) {
            try await APIGatewayClient(configuration: $0).putMethod(apiID: "abc", resourceID: "r1", method: "GET")
        },
        Case(service: "apigateway", signingName: "apigateway", operation: "PutMethodResponse", parameters: json([
            "restApiId": "abc", "resourceId": "r1", "httpMethod": "OPTIONS", "statusCode": "200", "responseParameters": ["method.response.header.Access-Control-Allow-Origin": false],
        ])) { try await APIGatewayClient(configuration: $0).putMethodResponse(apiID: "abc", resourceID: "r1", method: "OPTIONS", headers: ["Access-Control-Allow-Origin"]) },
        Case(service: "apigateway", signingName: "apigateway", operation: "PutIntegrationResponse", parameters: json([
            "restApiId": "abc", "resourceId": "r1", "httpMethod": "OPTIONS", "statusCode": "200", "responseParameters": ["method.response.header.Access-Control-Allow-Origin": "'*'"],
        ])) { try await APIGatewayClient(configuration: $0).putIntegrationResponse(apiID: "abc", resourceID: "r1", method: "OPTIONS", headers: ["Access-Control-Allow-Origin": "'*'"]) },
        Case(service: "apigateway", signingName: "apigateway", operation: "GetIntegration", parameters: json(["restApiId": "abc", "resourceId": "r1", "httpMethod": "GET"])) {
            _ = try await APIGatewayClient(configuration: $0).integration(apiID: "abc", resourceID: "r1", method: "GET")
        },
        Case(service: "apigateway", signingName: "apigateway", operation: "CreateDeployment", parameters: json(["restApiId": "abc", "stageName": "production", "description": "seed"])) {
            _ = try await APIGatewayClient(configuration: $0).createDeployment(apiID: "abc", stageName: "production", description: "seed")
        },
        Case(service: "apigateway", signingName: "apigateway", operation: "GetStage", parameters: json(["restApiId": "abc", "stageName": "production"])) {
            _ = try await APIGatewayClient(configuration: $0).stage(apiID: "abc", name: "production")
        },
        Case(service: "apigateway", signingName: "apigateway", operation: "DeleteRestApi", parameters: json(["restApiId": "abc"])) { try await APIGatewayClient(configuration: $0).deleteRestAPI("abc") },
        // Secrets Manager (ClientRequestToken, random on both sides, is compared by presence only)
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "BatchGetSecretValue", parameters: json(["SecretIdList": ["a", "b"]])) {
            _ = try await SecretsManagerClient(configuration: $0).secretValues(["a", "b"])
        },
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "DescribeSecret", parameters: json(["SecretId": "prod/db"])) { _ = try await SecretsManagerClient(configuration: $0).describeSecret("prod/db") },
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "ListSecrets", parameters: json(["MaxResults": 5])) { _ = try await SecretsManagerClient(configuration: $0).listSecrets(pageSize: 5).collect() },
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "CreateSecret", parameters: json(["Name": "prod/db", "SecretString": "{\"p\":1}", "Description": "d", "Tags": [["Key": "team", "Value": "ci"]]])) {
            try await SecretsManagerClient(configuration: $0).createSecret(name: "prod/db", value: SecretBytes("{\"p\":1}"), description: "d", tags: ["team": "ci"])
        },
        // botocore base64-encodes a blob given as text; the same bytes go to ours.
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "PutSecretValue", parameters: json(["SecretId": "prod/db", "SecretBinary": "bin"])) {
            try await SecretsManagerClient(configuration: $0).putSecretValue("prod/db", value: SecretBytes(Array("bin".utf8)), encoding: .binary)
        },
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "UpdateSecret", parameters: json(["SecretId": "prod/db", "SecretString": "x", "Description": "d"])) {
            try await SecretsManagerClient(configuration: $0).updateSecret("prod/db", value: SecretBytes("x"), description: "d")
        },
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "DeleteSecret", parameters: json(["SecretId": "prod/db", "RecoveryWindowInDays": 7])) {
            try await SecretsManagerClient(configuration: $0).deleteSecret("prod/db", .recoverable(days: 7))
        },
        Case(service: "secretsmanager", signingName: "secretsmanager", operation: "RestoreSecret", parameters: json(["SecretId": "prod/db"])) { try await SecretsManagerClient(configuration: $0).restoreSecret("prod/db") },
    ]

    /// botocore's requests for every case, from one Python process shared by all the cases.
    static let botocoreRequests = Task {
        let results = try await BotocoreRequestTests.botocore(cases.map { ($0.service, $0.operation, $0.parameters) })
        return Dictionary(uniqueKeysWithValues: Swift.zip(cases.map(\.testDescription), results))
    }

    static func expected() async throws -> [String: BotocoreRequestTests.Botocore] {
        try await botocoreRequests.value
    }

    @Test("request", arguments: cases)
    func request(_ testCase: Case) async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .json(#"{"FunctionName":"fn","FunctionArn":"a","AliasArn":"a","Name":"live","FunctionVersion":"2","id":"i","type":"AWS_PROXY","ARN":"a"}"#))
        let configuration = try AWSConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            transport: mock, retryPolicy: .none, environment: [:]
        )
        try? await testCase.call(configuration)
        let recorded = try #require(mock.requests.last)
        let expected = try await Self.expected()[testCase.testDescription]!
        try expectSameRequest(recorded, expected, signingName: testCase.signingName)
    }
}
