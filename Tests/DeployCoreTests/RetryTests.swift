import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Synchronization
import Testing

@testable import DeployCore

@Suite("Retries")
struct RetryTests {
    func client(_ mock: MockTransport, sleeps: RecordedSleeps, maxAttempts: Int = 3, random: Double = 0.5) throws -> AWSClient {
        try AWSClient(
            service: Fixtures.lambdaLike,
            configuration: Fixtures.configuration(mock, sleeps: sleeps, maxAttempts: maxAttempts, random: random))
    }

    static let transient: [(String, MockReply)] = [
        ("429", .status(429)),
        ("500", .awsError("ServiceException", message: "internal", status: 500, protocol: .restJSON)),
        ("502", .status(502)),
        ("503", .status(503)),
        ("504", .status(504)),
        ("ThrottlingException", .throttling(protocol: .restJSON)),
        ("Throttling (query)", .throttling(protocol: .query)),
        ("TooManyRequestsException", .awsError("TooManyRequestsException", message: "Rate exceeded", status: 429, protocol: .restJSON)),
        ("connection reset", .connectionReset),
        ("connect failed", .connectFailed),
        ("timeout", .timeout),
    ]

    @Test("a transient failure on each attempt but the last is retried, then succeeds", arguments: 0..<transient.count)
    func retriedThenSucceeds(_ index: Int) async throws {
        let (name, failure) = Self.transient[index]
        let mock = MockTransport()
        mock.on(.any, replies: [failure, failure, .json(#"{"ok":true}"#)])
        let sleeps = RecordedSleeps()
        let response = try await client(mock, sleeps: sleeps).send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(response.status.code == 200, "\(name)")
        #expect(mock.requests.count == 3, "\(name)")
        #expect(sleeps.delays == [.milliseconds(500), .seconds(1)], "full jitter with random 0.5: 0.5 × 1 s, 0.5 × 2 s")
    }

    @Test("after the last attempt the typed error is thrown", arguments: 0..<transient.count)
    func exhausted(_ index: Int) async throws {
        let (name, failure) = Self.transient[index]
        let mock = MockTransport()
        mock.on(.any, reply: failure)
        let sleeps = RecordedSleeps()
        do {
            _ = try await client(mock, sleeps: sleeps).send(AWSRequest(method: .get, path: "/x"), operation: "Get")
            Issue.record("\(name): the call succeeded")
        } catch let error as AWSServiceError {
            #expect(RetryPolicy().isRetryable(error), "\(name)")
        } catch let error as TransportError {
            #expect(error.isTransient, "\(name)")
        }
        #expect(mock.requests.count == 3, "\(name): 3 attempts by default")
        #expect(sleeps.delays.count == 2, "\(name): a wait between attempts, none after the last")
    }

    static let outcomeUnknown: [(String, MockReply)] = [("connection reset", .connectionReset), ("timeout", .timeout)]

    @Test(
        "a write that is not idempotent is not sent again when its outcome is unknown (reset, timeout); a refused connection is",
        arguments: ["CreateFunction", "AddPermission", "CreateRole", "Invoke", "PublishLayerVersion", "CreateDeployment"])
    func notIdempotentNotResent(_ operation: String) async throws {
        for (name, failure) in Self.outcomeUnknown {
            let mock = MockTransport()
            mock.on(.any, replies: [failure, .json(#"{"ok":true}"#)])
            let error = try await #require(throws: TransportError.self) {
                _ = try await client(mock, sleeps: RecordedSleeps()).send(AWSRequest(method: .post, path: "/x"), operation: operation)
            }
            #expect(mock.requests.count == 1, "\(operation) after a \(name): sent once")
            #expect(error.mayHaveTakenEffect, "\(name)")
            #expect(error.message.contains("\(operation) may have taken effect"), "\(error)")
        }
        let refused = MockTransport()
        refused.on(.any, replies: [.connectFailed, .json(#"{"ok":true}"#)])
        let response = try await client(refused, sleeps: RecordedSleeps()).send(AWSRequest(method: .post, path: "/x"), operation: operation)
        #expect(response.status.code == 200 && refused.requests.count == 2, "a connection never made: the request never left")
    }

    @Test(
        "reads, puts, updates, deletes and writes carrying an idempotency token are sent again after a reset or a timeout",
        arguments: [
            "GetFunction", "ListVersionsByFunction", "PutRolePolicy", "UpdateFunctionCode", "UpdateAlias", "DeleteFunction",
            "PublishVersion", "TagResource", "CreateSecret+token",
        ])
    func idempotentResent(_ operation: String) async throws {
        for (name, failure) in Self.outcomeUnknown {
            let mock = MockTransport()
            mock.on(.any, replies: [failure, .json(#"{"ok":true}"#)])
            var request = AWSRequest(method: .post, path: "/x")
            if operation.hasSuffix("+token") { request.isIdempotent = true }
            let response = try await client(mock, sleeps: RecordedSleeps()).send(
                request, operation: String(operation.prefix { $0 != "+" }))
            #expect(response.status.code == 200 && mock.requests.count == 2, "\(operation) after a \(name)")
        }
    }

    static let permanent: [(String, MockReply)] = [
        (
            "409 ResourceConflictException",
            .awsError(
                "ResourceConflictException", message: "The operation cannot be performed at this time. An update is in progress",
                status: 409, protocol: .restJSON)
        ),
        ("409 ConflictException", .awsError("ConflictException", message: "Alias already exists", status: 409, protocol: .restJSON)),
        ("400 validation", .awsError("InvalidParameterValueException", message: "bad", status: 400, protocol: .restJSON)),
        ("403 signature", .awsError("SignatureDoesNotMatch", message: "sig", status: 403, protocol: .query)),
        ("404", .awsError("ResourceNotFoundException", message: "nope", status: 404, protocol: .restJSON)),
    ]

    @Test("conflicts and client errors are never retried", arguments: 0..<permanent.count)
    func notRetried(_ index: Int) async throws {
        let (name, failure) = Self.permanent[index]
        let mock = MockTransport()
        mock.on(.any, replies: [failure, .json("{}")])
        let sleeps = RecordedSleeps()
        await #expect(throws: AWSServiceError.self, "\(name)") {
            try await client(mock, sleeps: sleeps).send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        }
        #expect(mock.requests.count == 1, "\(name)")
        #expect(sleeps.delays.isEmpty)
    }

    @Test("Retry-After is honoured and capped at 20 s")
    func retryAfter() async throws {
        let mock = MockTransport()
        mock.on(
            .any,
            replies: [
                .status(429, headers: [HTTPField.Name("Retry-After")!: "7"]),
                .status(503, headers: [HTTPField.Name("Retry-After")!: "120"]), .json("{}"),
            ])
        let sleeps = RecordedSleeps()
        _ = try await client(mock, sleeps: sleeps).send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(sleeps.delays == [.seconds(7), .seconds(20)])
    }

    @Test(
        "a Retry-After that is not delay-seconds or an HTTP-date is ignored, never a crash",
        arguments: ["inf", "1e30", "-1", "NaN", "3.5", "", "  ", "0x10", "+5", "5 s", "Infinity"])
    func nonsenseRetryAfter(_ value: String) async throws {
        let mock = MockTransport()
        mock.on(.any, replies: [.status(503, headers: [HTTPField.Name("Retry-After")!: value]), .json("{}")])
        let sleeps = RecordedSleeps()
        _ = try await client(mock, sleeps: sleeps, random: 0.5).send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(sleeps.delays == [.milliseconds(500)], "the policy's own backoff (1 s × 0.5) applies for \(value)")
    }

    @Test("Retry-After: delay-seconds of any length are capped at 20 s without overflow; HTTP-dates count from now")
    func retryAfterForms() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.parse("0") == .zero)
        #expect(RetryAfter.parse("0007") == .seconds(7))
        #expect(RetryAfter.parse("99999999999999999999999999") == .seconds(20))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:42 GMT", now: now) == .seconds(5))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:40:00 GMT", now: now) == .zero, "a date in the past: retry now")
        #expect(RetryAfter.parse("Mon, 07 Nov 1994 08:49:37 GMT", now: now) == .seconds(20))
        #expect(RetryAfter.parse("Sun, 31 Feb 1994 08:49:37 GMT", now: now) == nil, "no 31 February")
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == nil, "the obsolete RFC 850 form is not accepted")
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 25:49:37 GMT", now: now) == nil)
    }

    @Test("the retry quota: a flood of 500s cannot multiply the load beyond the bucket; successes refill it")
    func retryQuota() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .status(500))
        let configuration = try Fixtures.configuration(mock, sleeps: RecordedSleeps(), maxAttempts: 3)
        let client = AWSClient(service: Fixtures.lambdaLike, configuration: configuration)
        for _ in 0..<1_000 {
            _ = try? await client.send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        }
        // Without a quota: 3,000 requests. With it: 1,000 first attempts and 500 / 5 = 100 retries.
        #expect(mock.requests.count == 1_100, "\(mock.requests.count) requests")
        #expect(configuration.retryPolicy.quota.available < RetryQuota.retryCost)
        mock.on(.any, reply: .json("{}"))
        for _ in 0..<10 { _ = try await client.send(AWSRequest(method: .get, path: "/x"), operation: "Get") }
        #expect(configuration.retryPolicy.quota.available == 10, "each success without a retry gives back one token")
    }

    @Test("a skewed clock: the offset is learnt from the refusal's Date header, the request signed again at the server's time, once")
    func clockSkew() async throws {
        let serverAhead: TimeInterval = 3600
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let amz = DateFormatter()
        amz.locale = Locale(identifier: "en_US_POSIX")
        amz.timeZone = TimeZone(identifier: "GMT")
        amz.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let mock = MockTransport()
        mock.on(
            .any,
            reply: .handler { request in
                let signedAt = amz.date(from: request.request.headerFields[.xAmzDate] ?? "") ?? .distantPast
                let server = Date().addingTimeInterval(serverAhead)
                if abs(signedAt.timeIntervalSince(server)) > 300 {
                    var response = AWSErrorResponses.make(
                        code: "InvalidSignatureException", message: "Signature expired: is now earlier than the server time",
                        status: 403, protocol: .restJSON)
                    response.response.headerFields[.date] = formatter.string(from: server)
                    return response
                }
                return TransportResponse(
                    response: HTTPResponse(status: .ok, headerFields: [.contentType: "application/json"]), body: Array("{}".utf8))
            })
        let client = try client(mock, sleeps: RecordedSleeps())
        _ = try await client.send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(mock.requests.count == 2, "refused once, then signed at the server's time")
        _ = try await client.send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(mock.requests.count == 3, "the offset is kept for the next calls")
        let diagnosis = try #require(
            AuthenticationDiagnosis(
                AWSServiceError(
                    code: "InvalidSignatureException", message: "Signature expired: 20261202T100000Z is now earlier than 20261202T110000Z",
                    statusCode: 403, requestID: nil, service: "Lambda", operation: "GetFunction")))
        #expect(diagnosis.kind == .clockSkew, "skew is diagnosed as skew, not as a wrong secret")
    }

    @Test("ExpiredTokenException: the cached credentials are dropped, fetched anew, and the call sent again once")
    func expiredTokenRefreshes() async throws {
        let mock = MockTransport()
        mock.on(
            .any,
            replies: [
                .awsError("ExpiredTokenException", message: "The security token included in the request is expired", protocol: .restJSON),
                .json("{}"),
            ])
        let provider = CountingProvider(expiresIn: 3600)
        let configuration = try AWSConfiguration(
            region: "us-east-1", credentialProvider: provider, transport: mock, retryPolicy: .none, environment: [:])
        _ = try await AWSClient(service: Fixtures.lambdaLike, configuration: configuration).send(
            AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(mock.requests.count == 2)
        #expect(provider.count == 2, "fetched again after the refusal")
        let again = MockTransport()
        again.on(.any, reply: .awsError("ExpiredTokenException", message: "expired", protocol: .restJSON))
        var stale = configuration
        stale.transport = again
        await #expect(throws: AWSServiceError.self) {
            _ = try await AWSClient(service: Fixtures.lambdaLike, configuration: stale).send(
                AWSRequest(method: .get, path: "/x"), operation: "Get")
        }
        #expect(again.requests.count == 2, "once, not in a loop")
    }

    @Test("the backoff ceiling doubles per attempt and is capped at 20 s")
    func backoffSchedule() {
        let policy = RetryPolicy(maxAttempts: 10, random: { 0.999_999 })
        let ceilings = (1...8).map { policy.delay(afterAttempt: $0) }
        #expect(ceilings[0] <= .seconds(1) && ceilings[0] > .milliseconds(999))
        #expect(ceilings[3] <= .seconds(8) && ceilings[3] > .milliseconds(7_999))
        #expect(ceilings[5] <= .seconds(20) && ceilings[5] > .milliseconds(19_999), "2^5 s = 32 s is capped at 20 s")
        #expect(RetryPolicy(random: { 0 }).delay(afterAttempt: 3) == .zero, "full jitter may wait nothing")
    }

    @Test("a stream made anew for each attempt is sent again, whole, each time")
    func replayableStreamRetried() async throws {
        let mock = MockTransport()
        mock.on(.any, replies: [.status(503), .json("{}")])
        let made = Mutex(0)
        let body = HTTPBody(length: 6) {
            made.withLock { $0 += 1 }
            return AsyncThrowingStream { continuation in
                continuation.yield([1, 2, 3])
                continuation.yield([4, 5, 6])
                continuation.finish()
            }
        }
        var request = AWSRequest(method: .put, path: "/upload", body: body)
        request.bodyDigest = SHA256Hasher.hash([1, 2, 3, 4, 5, 6] as [UInt8])
        _ = try await client(mock, sleeps: RecordedSleeps()).send(request, operation: "UploadPart")
        #expect(mock.requests.map(\.body) == [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]])
        #expect(made.withLock { $0 } == 2)
    }

    @Test("a streamed body is never sent twice")
    func streamedBodyNotRetried() async throws {
        let mock = MockTransport()
        mock.on(.any, replies: [.status(503), .json("{}")])
        let stream = AsyncStream<[UInt8]> { continuation in
            continuation.yield([1, 2, 3])
            continuation.finish()
        }
        var request = AWSRequest(method: .put, path: "/upload", body: HTTPBody(stream: stream, length: 3))
        request.bodyDigest = SHA256Hasher.hash([1, 2, 3] as [UInt8])
        await #expect(throws: AWSServiceError.self) {
            try await client(mock, sleeps: RecordedSleeps()).send(request, operation: "Upload")
        }
        #expect(mock.requests.count == 1)
        #expect(mock.requests[0].body == [1, 2, 3])
    }

    @Test("every attempt is signed again")
    func resignedEachAttempt() async throws {
        let mock = MockTransport()
        mock.on(.any, replies: [.status(500), .json("{}")])
        _ = try await client(mock, sleeps: RecordedSleeps()).send(AWSRequest(method: .get, path: "/x"), operation: "Get")
        #expect(mock.requests.count == 2)
        for recorded in mock.requests {
            #expect(recorded.request.headerFields[values: .authorization].count == 1)
            #expect(recorded.request.headerFields[.xAmzDate] != nil)
        }
    }

    @Test("one debug line per attempt with service, operation, status, attempt, duration and request id; no secrets")
    func logging() async throws {
        let capture = LogCapture()
        let mock = MockTransport()
        mock.on(.any, replies: [.throttling(protocol: .restJSON), .json("{}")])
        let client = try AWSClient(
            service: Fixtures.lambdaLike, configuration: Fixtures.configuration(mock, sleeps: RecordedSleeps(), logger: capture)
        )
        _ = try await client.send(AWSRequest(method: .get, path: "/x"), operation: "GetFunction")
        let lines = capture.entries.filter { $0.message == "aws call" }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.level == .debug })
        #expect(lines.map { $0.metadata["status"] } == ["400", "200"])
        #expect(lines.map { $0.metadata["attempt"] } == ["1", "2"])
        #expect(lines.allSatisfy { $0.metadata["service"] == "Lambda" && $0.metadata["operation"] == "GetFunction" })
        #expect(lines.allSatisfy { $0.metadata["duration_ms"] != nil && $0.metadata["request_id"] == "mock-request-id" })
        for entry in capture.entries {
            #expect(!entry.rendered.contains(Fixtures.keys.secretAccessKey))
            #expect(!entry.rendered.contains("Signature="))
        }
    }
}

extension MockTransport {
    static func failing(_ reply: MockReply) -> MockTransport {
        let mock = MockTransport()
        mock.on(.any, reply: reply)
        return mock
    }
}
