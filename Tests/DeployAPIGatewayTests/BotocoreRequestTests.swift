import DeployAPIGateway
import DeployCore
import DeployIAM
import DeployLambda
import DeploySecrets
import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Testing

/// Checks our recorded request against botocore's: method, canonical URI and query (from our own
/// signer), the member headers botocore sent, and the body (forms as parameter sets, JSON as
/// values; `ClientRequestToken`, random on both sides, by presence only).
func expectSameRequest(_ recorded: RecordedRequest, _ expected: BotocoreRequestTests.Botocore, signingName: String) throws {
    let signer = try SigV4Signer(credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"), region: "us-east-1", service: signingName)
    let lines = try signer.signingDetails(for: recorded.request, payload: .bytes(recorded.body)).details.canonicalRequest
        .split(separator: "\n", omittingEmptySubsequences: false)
    #expect(String(lines[0]) == expected.method)
    #expect(String(lines[1]) == expected.canonicalURI)
    #expect(String(lines[2]) == expected.canonicalQuery)
    for (name, value) in expected.headers {
        #expect(recorded.request.headerFields[HTTPField.Name(name)!] == value, "header \(name)")
    }
    let body = String(decoding: recorded.body, as: UTF8.self)
    if expected.headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") == true {
        #expect(Set(body.split(separator: "&")) == Set(expected.body.split(separator: "&")))
    } else if expected.body.hasPrefix("{") {
        func values(_ text: [UInt8]) throws -> NSDictionary? {
            let object = try JSONSerialization.jsonObject(with: Data(text)) as? [String: Any]
            let hadToken = object?["ClientRequestToken"] != nil
            return object.map { NSDictionary(dictionary: $0.filter { $0.key != "ClientRequestToken" }.merging(["hasToken": hadToken]) { $1 }) }
        }
        #expect(try values(recorded.body) == (try values(Array(expected.body.utf8))), "body: ours \(body), botocore \(expected.body)")
    } else {
        #expect(body == expected.body)
    }
}

/// Whether python3 can import botocore (moto, which `.ci/test` installs, brings it).
let botocoreAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import botocore"]
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

/// Our requests against botocore's for the same input: method, canonical URI and query, the
/// headers that carry members, and the body (JSON compared as values, forms as parameter sets).
/// botocore's side comes from `Tests/Support/botocore_request.py`, which stops the request before
/// it is sent.
@Suite("Requests match botocore's", .enabled(if: botocoreAvailable, "botocore is not importable by python3 (it comes with moto)"))
struct BotocoreRequestTests {
    struct Botocore: Decodable {
        var method: String
        var canonicalURI: String
        var canonicalQuery: String
        var headers: [String: String]
        var body: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/botocore_request.py").path

    /// botocore's request for one operation.
    static func botocore(_ service: String, _ operation: String, _ parameters: String) async throws -> Botocore {
        try await botocore([(service, operation, parameters)])[0]
    }

    /// botocore's requests for many operations, from one Python process.
    static func botocore(_ cases: [(service: String, operation: String, parameters: String)]) async throws -> [Botocore] {
        let input = "[" + cases.map { "[\"\($0.service)\", \"\($0.operation)\", \($0.parameters)]" }.joined(separator: ",") + "]"
        let result = try await ChildProcess.run(["python3", script, "--batch"], input: Data(input.utf8), mergeErrors: false)
        return try JSONDecoder().decode([Botocore].self, from: Data(result.output.utf8))
    }

    func configuration(_ mock: MockTransport) throws -> AWSConfiguration {
        try AWSConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            transport: mock, retryPolicy: .none, environment: [:]
        )
    }

    /// Runs `call` on a mock that answers anything with `{}`, and returns the recorded request.
    func ours(_ call: (AWSConfiguration) async throws -> Void) async throws -> RecordedRequest {
        let mock = MockTransport()
        mock.on(.any, reply: .json(#"{"FunctionName":"fn","FunctionArn":"a","AliasArn":"a","Name":"live","FunctionVersion":"2","id":"i","type":"AWS_PROXY"}"#))
        try? await call(try configuration(mock))
        return try #require(mock.requests.last)
    }

    func compare(_ recorded: RecordedRequest, _ expected: Botocore, signingName: String) throws {
        try expectSameRequest(recorded, expected, signingName: signingName)
    }

    @Test("Lambda UpdateAlias addressed by ARN (the path encoded twice in the canonical URI)")
    func updateAlias() async throws {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:fn"
        let recorded = try await ours { _ = try await LambdaClient(configuration: $0).updateAlias(arn, name: "live", version: "2", weights: ["1": 0.1]) }
        try compare(recorded, try await Self.botocore("lambda", "UpdateAlias", #"{"FunctionName":"\#(arn)","Name":"live","FunctionVersion":"2","RoutingConfig":{"AdditionalVersionWeights":{"1":0.1}}}"#), signingName: "lambda")
    }

    @Test("Lambda Invoke with a qualifier and a log tail")
    func invoke() async throws {
        let recorded = try await ours { _ = try await LambdaClient(configuration: $0).invoke("fn", payload: Array("{}".utf8), qualifier: "live", logTail: true) }
        try compare(recorded, try await Self.botocore("lambda", "Invoke", #"{"FunctionName":"fn","Qualifier":"live","LogType":"Tail","Payload":"{}"}"#), signingName: "lambda")
    }

    @Test("Lambda AddPermission with a source ARN")
    func addPermission() async throws {
        let source = "arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/hello"
        let recorded = try await ours { try await LambdaClient(configuration: $0).addPermission("fn", statementID: "s1", principal: "apigateway.amazonaws.com", sourceARN: source) }
        try compare(recorded, try await Self.botocore("lambda", "AddPermission", #"{"FunctionName":"fn","StatementId":"s1","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com","SourceArn":"\#(source)"}"#), signingName: "lambda")
    }

    @Test("IAM CreateRole (query protocol, form body)")
    func createRole() async throws {
        let trust = try LeastPrivilege.lambdaTrustPolicy.json()
        let recorded = try await ours { _ = try await IAMClient(configuration: $0).createRole(name: "hello-lambda", trustPolicy: LeastPrivilege.lambdaTrustPolicy) }
        let parameters = try JSONSerialization.data(withJSONObject: ["RoleName": "hello-lambda", "AssumeRolePolicyDocument": trust])
        try compare(recorded, try await Self.botocore("iam", "CreateRole", String(decoding: parameters, as: UTF8.self)), signingName: "iam")
    }

    @Test("API Gateway PutIntegration (a member whose wire name differs: httpMethod)")
    func putIntegration() async throws {
        let uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn:live/invocations"
        let recorded = try await ours { try await APIGatewayClient(configuration: $0).putIntegration(apiID: "abc", resourceID: "r1", method: "GET", type: "AWS_PROXY", uri: uri, integrationHTTPMethod: "POST") }
        try compare(recorded, try await Self.botocore("apigateway", "PutIntegration", #"{"restApiId":"abc","resourceId":"r1","httpMethod":"GET","type":"AWS_PROXY","integrationHttpMethod":"POST","uri":"\#(uri)"}"#), signingName: "apigateway")
    }

    @Test("Secrets Manager GetSecretValue (JSON 1.1, X-Amz-Target)")
    func getSecretValue() async throws {
        let recorded = try await ours { _ = try await SecretsManagerClient(configuration: $0).secretValue("prod/db", version: .previous) }
        try compare(recorded, try await Self.botocore("secretsmanager", "GetSecretValue", #"{"SecretId":"prod/db","VersionStage":"AWSPREVIOUS"}"#), signingName: "secretsmanager")
    }
}
