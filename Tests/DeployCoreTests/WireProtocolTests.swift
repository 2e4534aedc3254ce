// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire (or the vector file) names its members.
import DeployCore
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Testing

@Suite("Wire protocols")
struct WireProtocolTests {
    @Test("query: Action, Version, lists as .member.N, maps as .entry.N, form-encoded")
    func queryEncoding() async throws {
        let mock = MockTransport()
        mock.on(.action("DoThing"), reply: .queryResult("DoThing", "<Value>ok</Value>"))
        let client = try AWSClient(service: Fixtures.iamLike, configuration: Fixtures.configuration(mock))
        var parameters = QueryParameters()
        parameters.set("Name", "a b&c=d/é")
        parameters.setList("Tags", ["x", "y"])
        parameters.setMap("Attributes", ["k2": "v2", "k1": "v1"])
        parameters.set("Count", 3)
        parameters.set("Missing", Optional<String>.none)
        let response = try await client.send(.query(action: "DoThing", version: "2010-05-08", parameters: parameters), operation: "DoThing")
        #expect(try response.queryResult(action: "DoThing").value(at: "Value") == "ok")
        let sent = try #require(mock.requests.first)
        #expect(sent.request.method == .post)
        #expect(sent.request.headerFields[.contentType] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(
            String(decoding: sent.body, as: UTF8.self)
                == "Action=DoThing&Version=2010-05-08&Name=a%20b%26c%3Dd%2F%C3%A9&Tags.member.1=x&Tags.member.2=y"
                + "&Attributes.entry.1.key=k1&Attributes.entry.1.value=v1&Attributes.entry.2.key=k2&Attributes.entry.2.value=v2&Count=3"
        )
        #expect(sent.parameter("Name") == "a b&c=d/é")
        #expect(sent.request.authority == "iam.amazonaws.com", "IAM uses the global endpoint")
        #expect(sent.request.headerFields[.authorization]?.contains("/us-east-1/iam/aws4_request") == true)
    }

    @Test("json 1.1: POST / with X-Amz-Target and the content type")
    func jsonEncoding() async throws {
        struct Input: Encodable {
            var SecretId: String
            var VersionStage: String?
        }
        let mock = MockTransport()
        mock.on(.target("secretsmanager.GetSecretValue"), reply: .json(#"{"Name":"n"}"#))
        let client = try AWSClient(service: Fixtures.secretsLike, configuration: Fixtures.configuration(mock))
        let request = try AWSRequest.json(
            target: "secretsmanager.GetSecretValue", body: Input(SecretId: "gitlab/deploy", VersionStage: nil))
        let response = try await client.send(request, operation: "GetSecretValue")
        struct Output: Decodable { var Name: String }
        #expect(try response.decode(Output.self).Name == "n")
        let sent = try #require(mock.requests.first)
        #expect(sent.request.headerFields[.xAmzTarget] == "secretsmanager.GetSecretValue")
        #expect(sent.request.headerFields[.contentType] == "application/x-amz-json-1.1")
        #expect(String(decoding: sent.body, as: UTF8.self) == #"{"SecretId":"gitlab/deploy"}"#)
        #expect(sent.request.path == "/")
        #expect(sent.request.authority == "secretsmanager.us-east-1.amazonaws.com")
    }

    @Test("rest-json: labels percent-encoded, greedy labels keep /, query and header members")
    func restEncoding() async throws {
        struct Body: Encodable { var Publish: Bool }
        let mock = MockTransport()
        mock.on(.rest(.put, "/2015-03-31/functions/{FunctionName}/code"), reply: .json("{}"))
        let client = try AWSClient(service: Fixtures.lambdaLike, configuration: Fixtures.configuration(mock))
        let request = try AWSRequest.restJSON(
            method: .put, path: "/2015-03-31/functions/{FunctionName}/code",
            labels: ["FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:my fn"],
            query: [("Qualifier", "$LATEST"), ("Absent", nil)], headers: [(HTTPField.Name("X-Amz-Log-Type")!, "Tail")],
            body: Body(Publish: true)
        )
        _ = try await client.send(request, operation: "UpdateFunctionCode")
        let sent = try #require(mock.requests.first)
        #expect(
            sent.request.path
                == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy%20fn/code?Qualifier=%24LATEST")
        #expect(sent.request.headerFields[HTTPField.Name("X-Amz-Log-Type")!] == "Tail")
        #expect(sent.request.headerFields[.contentType] == "application/json")
        #expect(String(decoding: sent.body, as: UTF8.self) == #"{"Publish":true}"#)
        #expect(sent.request.headerFields[.xAmzContentSHA256] != nil, "the payload hash is signed as a header")
        #expect(
            try AWSRequest.restJSON(method: .get, path: "/keys/{Key+}", labels: ["Key": "a b/c"], body: Optional<EmptyBody>.none).path
                == "/keys/a%20b/c")
        #expect(throws: AWSRequestError.self) {
            try AWSRequest.restJSON(method: .get, path: "/functions/{FunctionName}", labels: [:], body: Optional<EmptyBody>.none)
        }
    }

    static let errorCases: [(String, MockReply, String, String, Int)] = [
        (
            "rest-json header with suffix",
            .awsError("ResourceNotFoundException", message: "Function not found", status: 404, protocol: .restJSON),
            "ResourceNotFoundException", "Function not found", 404
        ),
        (
            "json 1.1 __type with prefix",
            .awsError(
                "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret.", status: 400,
                protocol: .json(version: "1.1", targetPrefix: "secretsmanager")), "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret.", 400
        ),
        (
            "query XML", .awsError("NoSuchEntity", message: "Role nope not found", status: 404, protocol: .query), "NoSuchEntity",
            "Role nope not found", 404
        ),
        (
            "moto's XML 403 for a JSON service",
            .status(
                403, headers: [.contentType: "text/html; charset=utf-8"],
                body: Array(
                    (#"<?xml version="1.0" encoding="utf-8"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The "#
                        + #"request signature we calculated does not match</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#)
                        .utf8)), "SignatureDoesNotMatch", "The request signature we calculated does not match", 403
        ),
        (
            "moto's lower-case JSON message",
            .json(#"{"__type": "ResourceConflictException", "message": "Function already exist: hello"}"#, status: 409),
            "ResourceConflictException", "Function already exist: hello", 409
        ),
        ("empty body", .status(404), "NotFound", "no error body", 404),
        (
            "HTML body", .status(502, body: Array("<html><body>Bad Gateway</body></html>".utf8)), "ServiceUnavailable",
            "HTTP 502 with an unrecognised body (37 bytes)", 502
        ),
    ]

    @Test("errors are decoded in every protocol's shape", arguments: 0..<errorCases.count)
    func errorDecoding(_ index: Int) async throws {
        let (name, reply, code, message, status) = Self.errorCases[index]
        let mock = MockTransport()
        mock.on(.any, reply: reply)
        let client = try AWSClient(service: Fixtures.lambdaLike, configuration: Fixtures.configuration(mock, maxAttempts: 1))
        let error = try await #require(throws: AWSServiceError.self, "\(name)") {
            try await client.send(AWSRequest(method: .get, path: "/x"), operation: "GetThing")
        }
        #expect(error.code == code, "\(name)")
        #expect(error.message == message, "\(name)")
        #expect(error.statusCode == status)
        #expect(error.service == "Lambda")
        #expect(error.operation == "GetThing")
        #expect("\(error)".contains("Lambda GetThing failed: \(code)"))
    }

    @Test("the request id is kept from the header or the XML body")
    func requestID() async throws {
        let mock = MockTransport()
        mock.on(.action("A"), reply: .awsError("AccessDenied", message: "no", status: 403, protocol: .query))
        let client = try AWSClient(service: Fixtures.iamLike, configuration: Fixtures.configuration(mock))
        let error = try await #require(throws: AWSServiceError.self) {
            try await client.send(.query(action: "A", version: "1"), operation: "A")
        }
        #expect(error.requestID == "mock-request-id")
    }

    @Test("XML parsing: namespaces dropped, nesting, malformed input is a typed error")
    func xml() throws {
        let root = try AWSXMLElement.parse(Array(#"<R xmlns="urn:x"><A><B>1</B><B>2</B></A></R>"#.utf8))
        #expect(root.name == "R")
        #expect(root.child("A")?.children(named: "B").map(\.text) == ["1", "2"])
        #expect(root.value(at: "A", "B") == "1")
        #expect(throws: AWSDecodingError.self) { try AWSXMLElement.parse(Array("<R><A></R>".utf8)) }
        let deep = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        #expect(throws: AWSDecodingError.self) { try AWSXMLElement.parse(Array(deep.utf8)) }
    }

    @Test("JSON decoding names the missing key; dates in epoch seconds and ISO 8601")
    func json() throws {
        struct Shape: Decodable {
            var Name: String
            var Created: Date
        }
        let epoch = try AWSJSON.decode(Shape.self, from: Array(#"{"Name":"a","Created":1700000000}"#.utf8))
        #expect(epoch.Created == Date(timeIntervalSince1970: 1_700_000_000))
        let lambda = try AWSJSON.decode(Shape.self, from: Array(#"{"Name":"a","Created":"2023-11-14T22:13:20.000+0000"}"#.utf8))
        #expect(lambda.Created == Date(timeIntervalSince1970: 1_700_000_000))
        let error = try #require(throws: AWSDecodingError.self) { try AWSJSON.decode(Shape.self, from: Array(#"{"Created":1}"#.utf8)) }
        #expect(error.message.contains("missing key 'Name'"))
    }
}
