import DeployCore
import DeployLambda
import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Testing

@Suite("Lambda on MockTransport")
struct LambdaMockTests {
    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 26)

    /// A client on `mock` that polls every millisecond and gives up after `waitTimeout`.
    func lambda(_ mock: MockTransport, region: String = "us-east-1", waitTimeout: Duration = .seconds(30)) throws -> LambdaClient {
        var client = try LambdaClient(
            configuration: AWSConfiguration(
                region: region, credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "x")),
                transport: mock, retryPolicy: RetryPolicy(sleep: { _ in }), environment: [:]
            ))
        client.waitTimeout = waitTimeout
        client.pollInterval = .milliseconds(1)
        return client
    }

    static func configuration(_ status: String, reason: String? = nil) -> MockReply {
        .json(
            #"{"FunctionName":"fn","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:fn","State":"Active","#
                + #""LastUpdateStatus":"\#(status)"\#(reason.map { #","LastUpdateStatusReason":"\#($0)""# } ?? "")}"#
        )
    }

    @Test("states Lambda adds later decode and compare, rather than failing the read")
    func openStates() async throws {
        let mock = MockTransport()
        mock.on(
            .any,
            reply: .json(
                #"{"FunctionName":"fn","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:fn","State":"Hibernating","#
                    + #""LastUpdateStatus":"Successful"}"#
            ))
        let configuration = try await lambda(mock).configuration("fn")
        #expect(configuration.state == FunctionState(rawValue: "Hibernating"))
        #expect(configuration.state != .active && configuration.state != .failed)
        #expect(configuration.lastUpdateStatus == .successful)
        #expect(try JSONEncoder().encode(configuration.state) == Data(#""Hibernating""#.utf8))
    }

    @Test(
        "inputs are checked before sending",
        arguments: [
            ("bad name!", nil, nil), ("fn", 64, nil), ("fn", 20_000, nil), ("fn", nil, 0), ("fn", nil, 901),
            ("arn:aws:lambda:eu-west-1:123456789012:function:fn", nil, nil),
        ] as [(String, Int?, Int?)])
    func inputChecks(_ name: String, _ memory: Int?, _ timeout: Int?) async throws {
        let mock = MockTransport()
        await #expect(throws: LambdaInputError.self) {
            try await lambda(mock).createFunction(
                FunctionDefinition(
                    name: name, role: "arn:aws:iam::1:role/r", handler: "h.h", runtime: "python3.12", code: .zip(Self.zip),
                    memorySize: memory, timeout: timeout
                ))
        }
        #expect(mock.requests.isEmpty)
    }

    @Test("a zip over 50 MB, or bytes that are not a zip, are refused before sending")
    func zipChecks() async throws {
        let mock = MockTransport()
        let big = Self.zip + [UInt8](repeating: 0, count: 52_428_800)
        for code in [big, Array("not a zip".utf8)] {
            await #expect(throws: LambdaInputError.self) { try await lambda(mock).updateFunctionCode("fn", code: .zip(code)) }
        }
        #expect(mock.requests.isEmpty)
    }

    @Test("a function error is a typed failure with the error payload and the decoded log tail")
    func functionError() async throws {
        let mock = MockTransport()
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Amz-Function-Error")!] = "Unhandled"
        headers[HTTPField.Name("X-Amz-Log-Result")!] = Data("Traceback: boom".utf8).base64EncodedString()
        mock.on(
            .rest(.post, "/2015-03-31/functions/{FunctionName}/invocations"),
            reply: .status(200, headers: headers, body: Array(#"{"errorMessage":"boom","errorType":"Exception"}"#.utf8)))
        let error = try await #require(throws: FunctionError.self) { try await lambda(mock).invoke("fn", logTail: true) }
        #expect(error.kind == "Unhandled")
        #expect(String(decoding: error.payload, as: UTF8.self).contains("boom"))
        #expect(error.logTail == "Traceback: boom")
        let sent = try #require(mock.requests.first)
        #expect(sent.request.headerFields[HTTPField.Name("X-Amz-Log-Type")!] == "Tail")
        #expect(sent.request.headerFields[HTTPField.Name("X-Amz-Invocation-Type")!] == "RequestResponse")
    }

    @Test("a mutation is sent at once; a conflict (an update in progress) is answered by waiting for the update, not a blind retry")
    func conflicts() async throws {
        let mock = MockTransport()
        mock.on(
            .rest(.get, "/2015-03-31/functions/{FunctionName}/configuration"),
            replies: [Self.configuration("InProgress"), Self.configuration("Successful")])
        mock.on(
            .rest(.put, "/2015-03-31/functions/{FunctionName}/code"),
            replies: [
                .awsError("ResourceConflictException", message: "An update is in progress", status: 409, protocol: .restJSON),
                .json(#"{"FunctionName":"fn","FunctionArn":"arn","CodeSha256":"x"}"#),
            ])
        let updated = try await lambda(mock).updateFunctionCode("fn", code: .zip(Self.zip))
        #expect(updated.codeSHA256 == "x")
        let operations = mock.requests.map { "\($0.request.method) \($0.path.split(separator: "/").last ?? "")" }
        #expect(operations == ["PUT code", "GET configuration", "GET configuration", "PUT code"])
    }

    @Test("waiters: a failed update says why; a timeout says what, how long, and the last state")
    func waiters() async throws {
        let failed = MockTransport()
        failed.on(.any, reply: Self.configuration("Failed", reason: "Unzipped size must be smaller than 262144000 bytes"))
        let error = try await #require(throws: FunctionUpdateFailed.self) { try await lambda(failed).waitUntilUpdated("fn") }
        #expect(error.reason.contains("262144000"))
        let stuck = MockTransport()
        stuck.on(.any, reply: Self.configuration("InProgress"))
        let timeout = try await #require(throws: WaiterTimeout.self) {
            try await lambda(stuck, waitTimeout: .milliseconds(200)).waitUntilUpdated("fn")
        }
        #expect(timeout.condition == "FunctionUpdatedV2 for fn")
        #expect(timeout.lastState.contains("LastUpdateStatus=InProgress"))
    }

    @Test("a role that cannot be assumed yet (IAM propagation) is retried, then the function is created")
    func rolePropagation() async throws {
        let mock = MockTransport()
        mock.on(
            .rest(.post, "/2015-03-31/functions"),
            replies: [
                .awsError(
                    "InvalidParameterValueException", message: "The role defined for the function cannot be assumed by Lambda.",
                    status: 400, protocol: .restJSON),
                .json(#"{"FunctionName":"fn","FunctionArn":"arn:aws:lambda:us-east-1:1:function:fn"}"#, status: 201),
            ])
        let created = try await lambda(mock).createFunction(
            FunctionDefinition(name: "fn", role: "arn:aws:iam::1:role/new", handler: "h.h", runtime: "python3.12", code: .zip(Self.zip)))
        #expect(created.name == "fn")
        #expect(mock.requests.count == 2)
    }
}
