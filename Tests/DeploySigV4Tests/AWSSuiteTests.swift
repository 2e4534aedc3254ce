// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire (or the vector file) names its members.
import DeploySigV4
import DeployTestSupport
import Foundation
import HTTPTypes
import Testing

/// The AWS SigV4 test suite (aws-c-auth edition and the 2015 edition). SigV4a cases
/// (`aws-c-auth/v4a`) are skipped: this library signs with SigV4 only.
@Suite("AWS SigV4 test suite")
struct AWSSuiteTests {
    struct Context: Decodable {
        struct Keys: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Keys
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    static let v4Cases = SharedTestData.directories(in: "testdata/sigv4-suite/aws-c-auth/v4")

    @Test("the aws-c-auth v4 suite is present")
    func suiteIsPresent() {
        #expect(Self.v4Cases.count >= 38, "expected the 38 aws-c-auth v4 cases under \(SharedTestData.root.path)")
    }

    static func load(_ name: String) throws -> (Context, RawSuiteRequest, URL) {
        let folder = SharedTestData.url("testdata/sigv4-suite/aws-c-auth/v4/\(name)")
        let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
        let raw = RawSuiteRequest(try SharedTestData.text(folder.appendingPathComponent("request.txt")))
        return (context, raw, folder)
    }

    static func signer(_ context: Context, signsBody: Bool) throws -> SigV4Signer {
        let token = context.omit_session_token == true ? nil : context.credentials.token
        return try SigV4Signer(
            credentials: Credentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: token
            ),
            region: context.region,
            service: context.service,
            options: .init(pathEncoding: context.normalize ? .normalized : .s3, signsContentSHA256Header: signsBody)
        )
    }

    static func request(_ raw: RawSuiteRequest) throws -> HTTPRequest {
        let host = raw.header("host") ?? "example.amazonaws.com"
        let others = raw.headers.filter { $0.name.lowercased() != "host" }
        var request = try HTTPRequest(method: raw.method, url: "https://\(host)/", headers: others)
        request.path = raw.target
        return request
    }

    static func date(_ timestamp: String) -> Date {
        ISO8601DateFormatter().date(from: timestamp)!
    }

    @Test("header signing", arguments: v4Cases)
    func headerSigning(_ name: String) throws {
        let (context, raw, folder) = try Self.load(name)
        let signer = try Self.signer(context, signsBody: context.sign_body)
        let signed = try signer.signingDetails(
            for: try Self.request(raw), payload: .bytes(raw.body), date: Self.date(context.timestamp)
        )
        let expectedCanonical = try SharedTestData.text(folder.appendingPathComponent("header-canonical-request.txt"))
        let expectedStringToSign = try SharedTestData.text(folder.appendingPathComponent("header-string-to-sign.txt"))
        let expectedSignature = try SharedTestData.text(folder.appendingPathComponent("header-signature.txt"))
        #expect(
            signed.details.canonicalRequest == detailsCanonical(expectedCanonical, token: signer.credentials.sessionToken),
            "\(name): canonical request")
        #expect(signed.details.stringToSign == expectedStringToSign, "\(name): string to sign")
        #expect(signed.details.signature == expectedSignature.trimmingCharacters(in: .whitespacesAndNewlines), "\(name): signature")
        let signedRequest = try SharedTestData.text(folder.appendingPathComponent("header-signed-request.txt"))
        let expectedAuthorization = signedRequest.components(separatedBy: "\n")
            .first { $0.hasPrefix("Authorization:") }.map { String($0.dropFirst("Authorization:".count)) }
        #expect(signed.request.headerFields[.authorization] == expectedAuthorization, "\(name): Authorization header")
    }

    @Test("query signing (presigned URLs)", arguments: v4Cases)
    func querySigning(_ name: String) throws {
        let (context, raw, folder) = try Self.load(name)
        let signer = try Self.signer(context, signsBody: false)
        let presigned = try signer.presignedURL(
            for: try Self.request(raw), expiresIn: .seconds(context.expiration_in_seconds),
            payload: .bytes(raw.body), date: Self.date(context.timestamp)
        )
        let expectedCanonical = try SharedTestData.text(folder.appendingPathComponent("query-canonical-request.txt"))
        let expectedStringToSign = try SharedTestData.text(folder.appendingPathComponent("query-string-to-sign.txt"))
        let expectedSignature = try SharedTestData.text(folder.appendingPathComponent("query-signature.txt"))
        #expect(
            presigned.details.canonicalRequest == detailsCanonical(expectedCanonical, token: signer.credentials.sessionToken),
            "\(name): canonical request")
        #expect(presigned.details.stringToSign == expectedStringToSign, "\(name): string to sign")
        #expect(presigned.details.signature == expectedSignature.trimmingCharacters(in: .whitespacesAndNewlines), "\(name): signature")
        // The suite's parameter order differs from ours; compare the parameters as a set.
        let signedRequest = try SharedTestData.text(folder.appendingPathComponent("query-signed-request.txt"))
        let requestLine = signedRequest.components(separatedBy: "\n")[0]
        let expectedQuery = requestLine.split(separator: "?", maxSplits: 1).last!.split(separator: " ").first!
        let actualQuery = presigned.url.split(separator: "?", maxSplits: 1).last!
        // The suite shows raw (unencoded) parameters; compare decoded. With `omit_session_token`
        // the suite appends the token after signing, which this signer does not do.
        let decoded: (Substring) -> Set<String> = { query in
            Set(query.split(separator: "&").map { String($0).removingPercentEncoding ?? String($0) })
        }
        var expected = decoded(expectedQuery)
        if context.omit_session_token == true { expected = expected.filter { !$0.hasPrefix("X-Amz-Security-Token=") } }
        #expect(decoded(actualQuery) == expected, "\(name): URL parameters")
    }

    // MARK: 2015 edition

    /// Cases whose published data is wrong (see the suite's README, "Known problems"):
    /// the two form-encoded POSTs hash a canonical request other than the one they publish, and
    /// the multiline case folds with commas where AWS, aws-c-auth and botocore fold with spaces.
    static let known2015Errata: Set<String> = [
        "post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters", "get-header-value-multiline",
    ]

    static var cases2015: [String] {
        let base = "testdata/sigv4-suite/aws-2015-original"
        var found: [String] = []
        for name in SharedTestData.directories(in: base) {
            let nested = SharedTestData.directories(in: "\(base)/\(name)")
            if nested.isEmpty { found.append(name) } else { found += nested.map { "\(name)/\($0)" } }
        }
        return found.filter { !known2015Errata.contains($0) }
    }

    @Test("2015 edition: the erratum cases are the only ones left out")
    func errataAreKnown() {
        #expect(Self.cases2015.count >= 26, "found \(Self.cases2015.count) cases in the 2015 edition")
    }

    @Test("2015 edition, header signing", arguments: cases2015)
    func signing2015(_ path: String) throws {
        let name = String(path.split(separator: "/").last!)
        let folder = SharedTestData.url("testdata/sigv4-suite/aws-2015-original/\(path)")
        let raw = RawSuiteRequest(try SharedTestData.text(folder.appendingPathComponent("\(name).req")))
        let amzDate = try #require(raw.header("x-amz-date"))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let signer = try SigV4Signer(
            credentials: Credentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: raw.header("x-amz-security-token")
            ),
            region: "us-east-1", service: "service"
        )
        let signed = try signer.signingDetails(
            for: try Self.request(raw), payload: .bytes(raw.body), date: try #require(formatter.date(from: amzDate))
        )
        #expect(
            signed.details.canonicalRequest
                == detailsCanonical(
                    try SharedTestData.text(folder.appendingPathComponent("\(name).creq")), token: signer.credentials.sessionToken),
            "\(path)")
        #expect(signed.details.stringToSign == (try SharedTestData.text(folder.appendingPathComponent("\(name).sts"))), "\(path)")
        #expect(signed.details.authorization == (try SharedTestData.text(folder.appendingPathComponent("\(name).authz"))), "\(path)")
    }
}
