import DeployCore
import DeploySigV4
import DeployTesting
import Foundation
import HTTPTypes

/// botocore, the AWS SDK for Python, as the peer our requests are compared with: for the same
/// operation and input, method, canonical URI and query, the headers that carry members, and the
/// body (JSON compared as values, forms as parameter sets). botocore's side comes from
/// `Tests/Support/botocore_request.py`, which stops each request before it is sent.
public enum Botocore {
    /// botocore's request, as the script prints it.
    public struct Request: Decodable, Sendable {
        public var method: String
        public var host: String?
        public var canonicalURI: String
        public var canonicalQuery: String
        public var headers: [String: String]
        /// Whether botocore sent an integrity header (`Content-MD5` or `x-amz-checksum-*`).
        public var integrity: Bool?
        public var body: String
    }

    /// Whether python3 can import botocore (moto, which `.ci/test` installs, brings it).
    public static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import botocore"]
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Why the comparisons are skipped.
    public static let skipReason = "botocore is not importable by python3 (it comes with moto)"

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/botocore_request.py").path

    /// botocore's requests for `cases`, from one Python process, in order.
    public static func requests(_ cases: [OperationCase]) async throws -> [Request] {
        let input =
            "[" + cases.map { "[\"\($0.service)\", \"\($0.operation)\", \($0.parameters), \"\($0.region)\"]" }.joined(separator: ",") + "]"
        let result = try await ChildProcess.run(["python3", script, "--batch"], input: Data(input.utf8), mergeErrors: false)
        return try JSONDecoder().decode([Request].self, from: Data(result.output.utf8))
    }

    /// Runs `call` against a mock that answers anything with a document every client accepts, and
    /// returns the request it sent.
    public static func record(
        _ call: @Sendable (AWSConfiguration) async throws -> Void, region: String = "us-east-1", replies: [(MockRoute, MockReply)] = [],
        pick: ([RecordedRequest]) -> RecordedRequest? = { $0.last }
    ) async throws -> RecordedRequest? {
        let mock = MockTransport()
        mock.on(
            .any,
            reply: .json(
                #"{"FunctionName":"fn","FunctionArn":"a","AliasArn":"a","Name":"live","FunctionVersion":"2","id":"i","type":"AWS_PROXY","#
                    + #""ARN":"a"}"#
            ))
        // Later routes win over the catch-all.
        for (route, reply) in replies { mock.on(route, reply: reply) }
        let configuration = try AWSConfiguration(
            region: region,
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            transport: mock, retryPolicy: .none, environment: [:]
        )
        try? await call(configuration)
        return pick(mock.requests)
    }

    /// How `recorded` differs from botocore's `expected`; empty when they agree. `ClientRequestToken`,
    /// random on both sides, is compared by presence only.
    public static func differences(_ recorded: RecordedRequest, _ expected: Request, signingName: String) throws -> [String] {
        var differences: [String] = []
        let isS3 = signingName == "s3"
        let region = recorded.request.headerFields[.authorization]?.split(separator: "/").dropFirst(2).first.map(String.init) ?? "us-east-1"
        let signer = try SigV4Signer(
            credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"), region: region, service: signingName,
            options: .init(pathEncoding: isS3 ? .s3 : .normalized))
        if isS3, let host = expected.host, recorded.request.authority != host {
            differences.append("host: ours \(recorded.request.authority ?? "none"), botocore \(host)")
        }
        if expected.integrity == true,
            !recorded.request.headerFields.contains(where: {
                $0.name.canonicalName == "content-md5" || $0.name.canonicalName.hasPrefix("x-amz-checksum-")
            })
        {
            differences.append("integrity: botocore sends Content-MD5 or a checksum, ours neither")
        }
        let lines = try signer.signingDetails(for: recorded.request, payload: .bytes(recorded.body)).details.canonicalRequest
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (name, ours, theirs) in [
            ("method", lines[0], expected.method), ("canonical URI", lines[1], expected.canonicalURI),
            ("canonical query", lines[2], expected.canonicalQuery),
        ]
        where ours != theirs {
            differences.append("\(name): ours \(ours), botocore \(theirs)")
        }
        for (name, value) in expected.headers.sorted(by: { $0.key < $1.key }) {
            let ours = recorded.request.headerFields[HTTPField.Name(name)!]
            if ours != value { differences.append("header \(name): ours \(ours ?? "absent"), botocore \(value)") }
        }
        let body = String(decoding: recorded.body, as: UTF8.self)
        let same: Bool
        if expected.headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") == true {
            same = Set(body.split(separator: "&")) == Set(expected.body.split(separator: "&"))
        } else if expected.body.hasPrefix("{") {
            same = try jsonValues(recorded.body) == (try jsonValues(Array(expected.body.utf8)))
        } else if expected.body.hasPrefix("<") {
            same = canonicalXML(body) == canonicalXML(expected.body)
        } else {
            same = body == expected.body
        }
        if !same { differences.append("body: ours \(body), botocore \(expected.body)") }
        return differences
    }

    /// XML without its declaration, empty elements written one way (`<Prefix />`).
    static func canonicalXML(_ text: String) -> String {
        var text = text
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") { text = String(text[end.upperBound...]) }
        return text.replacingOccurrences(of: #"<([A-Za-z]+)></\1>"#, with: "<$1 />", options: .regularExpression)
    }

    private static func jsonValues(_ text: [UInt8]) throws -> NSDictionary? {
        let object = try JSONSerialization.jsonObject(with: Data(text)) as? [String: Any]
        let hadToken = object?["ClientRequestToken"] != nil
        return object.map { NSDictionary(dictionary: $0.filter { $0.key != "ClientRequestToken" }.merging(["hasToken": hadToken]) { $1 }) }
    }

    /// `object` as compact JSON with sorted keys, for a case's parameters.
    public static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

/// One operation called through our client and described to botocore.
public struct OperationCase: Sendable, CustomStringConvertible {
    public var service: String
    public var signingName: String
    public var operation: String
    /// botocore's input, as JSON.
    public var parameters: String
    /// What makes this case worth its own line (an ARN path, a qualifier), if anything.
    public var note: String
    /// Our client's call with the same input.
    public var call: @Sendable (AWSConfiguration) async throws -> Void
    /// The region both clients are configured for.
    public var region: String
    /// Replies the mock gives before its catch-all (a call that reaches the operation only after
    /// a `404` on the way, such as a bucket created when missing).
    public var replies: [(MockRoute, MockReply)]
    /// Which of the call's requests is the operation's (the last by default).
    public var pick: @Sendable ([RecordedRequest]) -> RecordedRequest?

    public init(
        service: String, signingName: String, operation: String, note: String = "", region: String = "us-east-1", parameters: String,
        replies: [(MockRoute, MockReply)] = [], pick: @escaping @Sendable ([RecordedRequest]) -> RecordedRequest? = { $0.last },
        call: @escaping @Sendable (AWSConfiguration) async throws -> Void
    ) {
        self.service = service
        self.signingName = signingName
        self.operation = operation
        self.parameters = parameters
        self.note = note
        self.region = region
        self.replies = replies
        self.pick = pick
        self.call = call
    }

    public var description: String { "\(service) \(operation)" + (note.isEmpty ? "" : " (\(note))") }

    /// How our request for this case differs from botocore's `expected`.
    public func differences(from expected: Botocore.Request) async throws -> [String] {
        guard let recorded = try await Botocore.record(call, region: region, replies: replies, pick: pick) else {
            return ["no request was sent"]
        }
        return try Botocore.differences(recorded, expected, signingName: signingName)
    }
}

/// A test suite's operations and botocore's requests for them, asked of one Python process the
/// first time a case needs them.
public struct OperationSuite: Sendable {
    /// The operations, in order.
    public let cases: [OperationCase]
    private let requests: Task<[Botocore.Request], any Error>

    public init(_ cases: [OperationCase]) {
        self.cases = cases
        requests = Task { try await Botocore.requests(cases) }
    }

    /// How our request for `operation` differs from botocore's; empty when they agree.
    public func differences(_ operation: OperationCase) async throws -> [String] {
        guard let index = cases.firstIndex(where: { $0.description == operation.description }) else {
            return ["\(operation) is not one of the suite's cases"]
        }
        return try await operation.differences(from: try await requests.value[index])
    }
}
