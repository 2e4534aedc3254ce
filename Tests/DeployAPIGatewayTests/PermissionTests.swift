import DeployAPIGateway
import DeployCore
import DeployLambda
import DeployTesting
import Foundation
import Testing

/// The invoke permission: statement ids Lambda accepts (moto accepts anything; Lambda's
/// `StatementId` is `[a-zA-Z0-9-_]{1,100}`), and statements found by decoding the policy.
@Suite("Invoke permissions")
struct PermissionTests {
    static func gateway() throws -> APIGatewayClient {
        try APIGatewayClient(
            configuration: AWSConfiguration(
                region: "us-east-1",
                credentialProvider: StaticCredentialProvider(.init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "permission-secret")),
                transport: MockTransport(), environment: [:]))
    }

    static func isValidStatementID(_ id: String) -> Bool {
        (1...100).contains(id.utf8.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    @Test(
        "statement ids stay within Lambda's pattern for any path, and differ for different routes",
        arguments: [
            "/hello", "/items/{id}", "/{proxy+}", "/v1.2/files/{name}.json", "/" + String(repeating: "segment/", count: 30) + "end",
        ])
    func statementIDs(_ path: String) throws {
        let permission = try Self.gateway().invokePermission(apiID: "a1b2c3", method: "GET", path: path, account: "123456789012")
        #expect(Self.isValidStatementID(permission.statementID), "\(permission.statementID)")
        let other = try Self.gateway().invokePermission(apiID: "a1b2c3", method: "POST", path: path, account: "123456789012")
        #expect(other.statementID != permission.statementID)
    }

    @Test("/items/{id} and /items/id get different statement ids")
    func noCollision() throws {
        let gateway = try Self.gateway()
        let braces = gateway.invokePermission(apiID: "a1", method: "GET", path: "/items/{id}", account: "1")
        let plain = gateway.invokePermission(apiID: "a1", method: "GET", path: "/items/id", account: "1")
        #expect(braces.statementID != plain.statementID)
        #expect(plain.statementID == "apigateway-a1-get-items-id", "a path that needs no change keeps its readable id")
    }

    @Test("AddPermission refuses a statement id outside Lambda's pattern before sending it")
    func addPermissionChecksID() async throws {
        let mock = MockTransport()
        let lambda = try LambdaClient(
            configuration: AWSConfiguration(
                region: "us-east-1",
                credentialProvider: StaticCredentialProvider(.init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "permission-secret")),
                transport: mock, environment: [:]))
        await #expect(throws: LambdaInputError.self) {
            try await lambda.addPermission("fn", statementID: "apigateway-x-get-items-{id}", principal: "apigateway.amazonaws.com")
        }
        #expect(mock.requests.isEmpty)
    }

    @Test("a permission is found by decoding the policy: a source ARN that only contains the wanted one does not count")
    func decodedPolicy() throws {
        let wanted = "arn:aws:execute-api:us-east-1:123456789012:a1/*/GET/hello"
        let json = """
            {"Version":"2012-10-17","Id":"default","Statement":[
              {"Sid":"other","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction",
               "Resource":"arn:aws:lambda:us-east-1:123456789012:function:fn","Condition":{"ArnLike":{"AWS:SourceArn":"\(wanted)/more"}}},
              {"Sid":"denied","Effect":"Deny","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction",
               "Resource":"arn:aws:lambda:us-east-1:123456789012:function:fn","Condition":{"ArnLike":{"AWS:SourceArn":"\(wanted)"}}}
            ]}
            """
        let policy = try ResourcePolicy(json: json, revisionID: "r1")
        #expect(json.contains(wanted), "a substring search would have said yes")
        #expect(!policy.allows(principal: "apigateway.amazonaws.com", sourceARN: wanted))
        let granted = try ResourcePolicy(json: json.replacingOccurrences(of: "\"Deny\"", with: "\"Allow\""), revisionID: nil)
        #expect(granted.allows(principal: "apigateway.amazonaws.com", sourceARN: wanted))
        #expect(granted.statements.map(\.id) == ["other", "denied"])
    }
}
