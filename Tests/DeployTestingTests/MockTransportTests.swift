import DeployCore
import DeploySigV4
import DeployTestSupport
import DeployTesting
import HTTPTypes
import Testing

@Suite("MockTransport")
struct MockTransportTests {
    @Test("MockTransport keeps the HTTPTransport contract")
    func mock() async throws {
        try await TransportConformance(transport: MockTransport.conformanceMock(), baseURL: "http://mock.invalid").run()
    }

    @Test("a transport that breaks the contract is caught")
    func violationsAreReported() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .json(#"{"method":"GET","path":"/","headers":[],"bodyLength":0,"bodySHA256":""}"#))
        let violation = try await #require(throws: TransportConformance.Violation.self) {
            try await TransportConformance(transport: mock, baseURL: "http://mock.invalid").run()
        }
        #expect(violation.failures.contains { $0.hasPrefix("headers are sent as given") })
        #expect(violation.failures.contains { $0.hasPrefix("redirects are not followed") })
        #expect(violation.failures.contains { $0.hasPrefix("the timeout is honoured") })
    }

    func client(_ mock: MockTransport, _ service: AWSService = Fixtures.lambdaLike) throws -> AWSClient {
        AWSClient(service: service, configuration: try Fixtures.configuration(mock, maxAttempts: 1))
    }

    @Test("a REST template matches one segment per {Name} and the rest of the path for {Name+}")
    func restTemplates() throws {
        func request(_ method: HTTPRequest.Method, _ path: String) -> RecordedRequest {
            RecordedRequest(
                request: HTTPRequest(method: method, scheme: "https", authority: "lambda.us-east-1.amazonaws.com", path: path), body: [])
        }
        let function = MockRoute.rest(.get, "/2015-03-31/functions/{FunctionName}")
        #expect(function.matches(request(.get, "/2015-03-31/functions/hello")))
        #expect(function.matches(request(.get, "/2015-03-31/functions/hello?Qualifier=live")))
        #expect(!function.matches(request(.get, "/2015-03-31/functions/hello/aliases")))
        #expect(!function.matches(request(.post, "/2015-03-31/functions/hello")))
        let greedy = MockRoute.rest(.get, "/objects/{Key+}")
        #expect(greedy.matches(request(.get, "/objects/a/b/c.zip")))
        #expect(!greedy.matches(request(.get, "/objects")))
        let literal = MockRoute.rest(.get, "/2015-03-31/functions/a b")
        #expect(literal.matches(request(.get, "/2015-03-31/functions/a%20b")))
    }

    @Test("replies are used in order and the last repeats; the latest matching route wins")
    func replyOrder() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .json(#"{"from":"any"}"#))
        mock.on(.rest(.get, "/items"), replies: [.json(#"{"n":1}"#), .json(#"{"n":2}"#)])
        let client = try client(mock)
        var bodies: [String] = []
        for path in ["/items", "/items", "/items", "/other"] {
            let response = try await client.send(AWSRequest(method: .get, path: path), operation: "Get")
            bodies.append(String(decoding: response.body, as: UTF8.self))
        }
        #expect(bodies == [#"{"n":1}"#, #"{"n":2}"#, #"{"n":2}"#, #"{"from":"any"}"#])
        #expect(mock.requests(matching: .rest(.get, "/items")).count == 3)
        mock.clearRecordedRequests()
        #expect(mock.requests.isEmpty)
    }

    @Test("query actions are matched from the form body, JSON targets from X-Amz-Target")
    func actionsAndTargets() async throws {
        let mock = MockTransport()
        mock.on(.action("GetUser"), reply: .queryResult("GetUser", "<User><UserName>ci</UserName></User>"))
        mock.on(.target("secretsmanager.DescribeSecret"), reply: .json(#"{"Name":"prod/db"}"#))
        var parameters = QueryParameters()
        parameters.set("UserName", "ci")
        _ = try await client(mock, Fixtures.iamLike).send(
            .query(action: "GetUser", version: "2010-05-08", parameters: parameters), operation: "GetUser")
        _ = try await client(mock, Fixtures.secretsLike).send(
            try .json(target: "secretsmanager.DescribeSecret", version: "1.1", body: ["SecretId": "prod/db"]), operation: "DescribeSecret"
        )
        #expect(mock.requests.map(\.action) == ["GetUser", nil])
        #expect(mock.requests.map(\.target) == [nil, "secretsmanager.DescribeSecret"])
        #expect(mock.requests[0].parameter("UserName") == "ci")
    }

    @Test("an unmatched request fails with an error naming it")
    func unmatched() async throws {
        let mock = MockTransport()
        mock.on(.rest(.get, "/items"), reply: .json("{}"))
        let error = await #expect(throws: MockTransportError.self) {
            _ = try await client(mock).send(AWSRequest(method: .delete, path: "/items/7"), operation: "DeleteItem")
        }
        #expect(error?.message.contains("DELETE /items/7") == true)
    }

    @Test(
        "AWS-shaped errors decode as the client sees real ones, for every wire protocol",
        arguments: [
            (Fixtures.lambdaLike, AWSService.WireProtocol.restJSON),
            (Fixtures.secretsLike, .json(version: "1.1", targetPrefix: "secretsmanager")),
            (Fixtures.iamLike, .query),
        ])
    func awsErrors(service: AWSService, wireProtocol: AWSService.WireProtocol) async throws {
        let mock = MockTransport()
        mock.on(
            .any, reply: .awsError("ResourceNotFoundException", message: "Function not found: hello", status: 404, protocol: wireProtocol))
        let error = await #expect(throws: AWSServiceError.self) {
            _ = try await client(mock, service).send(AWSRequest(method: .post, path: "/"), operation: "Op")
        }
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.message == "Function not found: hello")
        #expect(error?.statusCode == 404)
    }

    @Test("InMemoryFileSystem serves its files and nothing else")
    func inMemoryFiles() throws {
        let files = InMemoryFileSystem(home: "/home/ci", files: ["/home/ci/.aws/config": "[default]\nregion = eu-west-1\n"])
        #expect(try files.contents(atPath: "/home/ci/.aws/config") == Array("[default]\nregion = eu-west-1\n".utf8))
        #expect(try files.contents(atPath: "/home/ci/.aws/credentials") == nil)
        #expect(files.homeDirectory == "/home/ci")
    }
}
