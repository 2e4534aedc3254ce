import Foundation
import HTTPTypes
import Testing

@testable import DeploySigV4

@Suite("Signer behaviour")
struct SignerBehaviourTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampletoken+/="
    static let credentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token)
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    func signer(_ options: SigV4Signer.Options = .init()) throws -> SigV4Signer {
        try SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "lambda", options: options)
    }

    @Test("credentials never show the secret or the token")
    func credentialsAreRedacted() {
        let credentials = Self.credentials
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials), dumped,
        ]
        for text in renderings {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
            #expect(!text.contains("EXAMPLEKEY"))
            #expect(text.contains("AKIDEXAMPLE"))
        }
        #expect(dumped.contains(Credentials.redactionMarker))
    }

    @Test("signed request carries X-Amz-Date, the token and an Authorization with spaces after commas")
    func signedHeaders() throws {
        let request = try HTTPRequest(
            method: "PUT", url: "https://lambda.us-east-1.amazonaws.com:443/2015-03-31/functions/fn/code",
            headers: [("Content-Type", "application/json"), ("User-Agent", "test/1.0"), ("X-Amzn-Trace-Id", "Root=1")]
        )
        let signed = try signer().signingDetails(for: request, payload: .bytes(Array("{}".utf8)), date: Self.date)
        #expect(signed.request.headerFields[.xAmzDate] == "20150830T123600Z")
        #expect(signed.request.headerFields[.xAmzSecurityToken] == Self.token)
        #expect(signed.details.signedHeaders == "content-type;host;x-amz-date;x-amz-security-token")
        #expect(signed.details.canonicalRequest.contains("\nhost:lambda.us-east-1.amazonaws.com\n"), "default port dropped")
        let authorization = try #require(signed.request.headerFields[.authorization])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/lambda/aws4_request, SignedHeaders="))
        #expect(authorization.contains(", Signature=\(signed.details.signature)"))
        #expect(signed.details.signature.count == 64)
    }

    @Test("a non-default port stays in the host")
    func nonDefaultPort() throws {
        let request = try HTTPRequest(method: "GET", url: "http://127.0.0.1:5000/")
        let signed = try signer().signingDetails(for: request, date: Self.date)
        #expect(signed.details.canonicalRequest.contains("\nhost:127.0.0.1:5000\n"))
    }

    @Test("re-signing replaces the previous signature headers instead of adding more")
    func resigning() throws {
        let request = try HTTPRequest(method: "GET", url: "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15")
        let first = try signer().sign(request, date: Self.date)
        let second = try signer().sign(first, date: Self.date.addingTimeInterval(60))
        #expect(second.headerFields[values: .authorization].count == 1)
        #expect(second.headerFields[values: .xAmzDate] == ["20150830T123700Z"])
        #expect(second.headerFields[values: .xAmzSecurityToken].count == 1)
    }

    @Test("repeated headers are listed once in SignedHeaders and joined in order")
    func repeatedHeaders() throws {
        let request = try HTTPRequest(
            method: "GET", url: "https://example.amazonaws.com/", headers: [("X-Thing", "b"), ("X-Thing", " a  z "), ("X-Other", "1")]
        )
        let details = try signer().signingDetails(for: request, date: Self.date).details
        #expect(details.signedHeaders == "host;x-amz-date;x-amz-security-token;x-other;x-thing")
        #expect(details.canonicalRequest.contains("\nx-thing:b,a z\n"))
    }

    @Test("an empty path is signed as /, and dot segments and // are normalised")
    func paths() throws {
        var request = try HTTPRequest(method: "GET", url: "https://example.amazonaws.com")
        #expect(try signer().signingDetails(for: request, date: Self.date).details.canonicalRequest.hasPrefix("GET\n/\n"))
        request.path = "/a/./b/../c//d/"
        #expect(try signer().signingDetails(for: request, date: Self.date).details.canonicalRequest.hasPrefix("GET\n/a/c/d/\n"))
        let s3 = try signer(.init(pathEncoding: .s3)).signingDetails(for: request, date: Self.date)
        #expect(s3.details.canonicalRequest.hasPrefix("GET\n/a/./b/../c//d/\n"))
    }

    @Test("an encoded path is encoded again for non-S3 services, once for S3")
    func doubleEncoding() throws {
        let request = try HTTPRequest(method: "GET", url: "https://lambda.us-east-1.amazonaws.com/functions/arn%3Aaws%3Alambda/x%20y")
        let normal = try signer().signingDetails(for: request, date: Self.date).details.canonicalRequest
        #expect(normal.hasPrefix("GET\n/functions/arn%253Aaws%253Alambda/x%2520y\n"))
        let s3 = try signer(.init(pathEncoding: .s3)).signingDetails(for: request, date: Self.date).details.canonicalRequest
        #expect(s3.hasPrefix("GET\n/functions/arn%3Aaws%3Alambda/x%20y\n"))
    }

    @Test("query keys that need encoding (space, unicode) sign and presign without crashing")
    func queryEncoding() throws {
        var request = try HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        request.path = "/?b key=v 1&é=ü&Param-3=x&Param=y"
        let details = try signer().signingDetails(for: request, date: Self.date).details
        // Sorted by the encoded key: `%` (0x25) comes before letters.
        #expect(details.canonicalRequest.contains("\n%C3%A9=%C3%BC&Param=y&Param-3=x&b%20key=v%201\n"))
        let url = try signer().presignedURL(for: request, expiresIn: .seconds(60), date: Self.date).url
        #expect(url.contains("b%20key=v%201"))
        #expect(
            url.hasSuffix(
                "X-Amz-Signature=\(try signer().presignedURL(for: request, expiresIn: .seconds(60), date: Self.date).details.signature)"))
    }

    @Test("payload forms: bytes, precomputed SHA-256 and UNSIGNED-PAYLOAD")
    func payloads() throws {
        let body = Array(repeating: UInt8(ascii: "x"), count: 100_000)
        let request = try HTTPRequest(method: "PUT", url: "https://example.amazonaws.com/upload")
        let fromBytes = try signer().signingDetails(for: request, payload: .bytes(body), date: Self.date).details
        var hasher = SHA256Hasher()
        for chunk in stride(from: 0, to: body.count, by: 7_777) { hasher.update(body[chunk..<min(chunk + 7_777, body.count)]) }
        let digest = hasher.finalize()
        let fromDigest = try signer().signingDetails(for: request, payload: .sha256(digest), date: Self.date).details
        let fromHex = try signer().signingDetails(for: request, payload: try .sha256(hex: digest.hexString.uppercased()), date: Self.date)
            .details
        #expect(fromBytes == fromDigest)
        #expect(fromBytes == fromHex)
        let unsigned = try signer().signingDetails(for: request, payload: .unsigned, date: Self.date).details
        #expect(unsigned.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(unsigned.signature != fromBytes.signature)
    }

    @Test("X-Amz-Content-SHA256 is added and signed when asked")
    func contentSHA256Header() throws {
        let request = try HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        let signed = try signer(.init(signsContentSHA256Header: true)).signingDetails(for: request, date: Self.date)
        #expect(signed.request.headerFields[.xAmzContentSHA256] == SHA256Digest.empty.hexString)
        #expect(signed.details.signedHeaders.contains("x-amz-content-sha256"))
        let plain = try signer().signingDetails(for: request, date: Self.date)
        #expect(plain.request.headerFields[.xAmzContentSHA256] == nil)
    }

    @Test("bad input is a typed error naming what was wrong", arguments: [0, 604_801, -5])
    func expiryOutOfRange(_ seconds: Int) throws {
        let request = try HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        #expect {
            try signer().presignedURL(for: request, expiresIn: .seconds(seconds))
        } throws: { error in
            (error as? SigV4Error)?.code == .expiryOutOfRange && "\(error)".contains("7 days")
        }
    }

    @Test("expiry bounds are inclusive")
    func expiryBounds() throws {
        let request = try HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        #expect(try signer().presignedURL(for: request, expiresIn: .seconds(1), date: Self.date).url.contains("X-Amz-Expires=1&"))
        #expect(
            try signer().presignedURL(for: request, expiresIn: .seconds(604_800), date: Self.date).url.contains("X-Amz-Expires=604800&"))
    }

    @Test("empty region, service or credentials are refused")
    func emptyScope() {
        #expect { try SigV4Signer(credentials: Self.credentials, region: "", service: "lambda") } throws: {
            ($0 as? SigV4Error)?.code == .emptyRegion
        }
        #expect { try SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "") } throws: {
            ($0 as? SigV4Error)?.code == .emptyService
        }
        #expect {
            try SigV4Signer(credentials: .init(accessKeyID: "", secretAccessKey: "x"), region: "us-east-1", service: "sts")
        } throws: { ($0 as? SigV4Error)?.code == .emptyCredentials }
    }

    @Test("a non-ASCII or malformed header name is a typed error", arguments: ["Hé-Header", "bad name", "colon:name", ""])
    func badHeaderName(_ name: String) {
        #expect {
            try HTTPRequest(method: "GET", url: "https://example.amazonaws.com/", headers: [(name, "v")])
        } throws: { error in
            (error as? SigV4Error)?.code == .invalidHeaderName && (error as? SigV4Error)?.message.contains("'\(name)'") == true
        }
    }

    @Test("a URL without scheme or host, and a request without authority, are typed errors")
    func badURL() throws {
        #expect { try HTTPRequest(method: "GET", url: "example.amazonaws.com/") } throws: { ($0 as? SigV4Error)?.code == .invalidURL }
        #expect { try HTTPRequest(method: "GET", url: "https:///path") } throws: { ($0 as? SigV4Error)?.code == .invalidURL }
        let request = HTTPRequest(method: .get, scheme: "https", authority: nil, path: "/")
        #expect { try signer().sign(request) } throws: { ($0 as? SigV4Error)?.code == .missingAuthority }
        #expect { try Payload.sha256(hex: "abc") } throws: { ($0 as? SigV4Error)?.code == .invalidPayloadHash }
    }

    @Test("the signing-key cache is bounded and safe to share across tasks")
    func keyCache() async throws {
        let cache = SigningKeyCache(capacity: 8)
        let base = try signer(.init(keyCache: cache))
        let reference = try signer(.init(keyCache: SigningKeyCache(capacity: 1)))
        let request = try HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<400 {
                group.addTask {
                    let date = Self.date.addingTimeInterval(Double(index % 20) * 86_400)
                    let a = try base.signingDetails(for: request, date: date).details.signature
                    let b = try reference.signingDetails(for: request, date: date).details.signature
                    return a == b
                }
            }
            for try await same in group { #expect(same) }
        }
        #expect(cache.count <= 8)
        #expect(cache.count > 0)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test("signing details, presigned URL details and the signer's description hold no session token or secret")
    func noTokenInDetails() throws {
        let token = "IQoJb3JpZ2luX2VjEXAMPLE//SESSION+TOKEN" + String(repeating: "Zm9v", count: 50)
        let signer = try SigV4Signer(
            credentials: .init(accessKeyID: "ASIAEXAMPLE", secretAccessKey: Self.secret, sessionToken: token),
            region: "us-east-1", service: "lambda"
        )
        let request = try HTTPRequest(method: "GET", url: "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions")
        let details = try signer.signingDetails(for: request, date: Self.date).details
        let presigned = try signer.presignedURL(for: request, expiresIn: .seconds(60), date: Self.date).details
        var dumped = ""
        dump(signer, to: &dumped)
        let outputs = [
            details.canonicalRequest, details.stringToSign, details.authorization ?? "", presigned.canonicalRequest,
            "\(signer)", String(reflecting: signer), dumped, "\(details)", "\(presigned)",
        ]
        for text in outputs {
            #expect(!text.contains("Zm9vZm9v"), "the token leaked: \(text.prefix(300))")
            #expect(!text.contains(Self.secret))
        }
        #expect(details.canonicalRequest.contains("\nx-amz-security-token:<redacted, \(token.utf8.count) bytes>\n"))
        #expect(presigned.canonicalRequest.contains("X-Amz-Security-Token=<redacted, \(token.utf8.count) bytes>"))
        #expect("\(signer)".contains("ASIAEXAMPLE"), "the access key id stays, to tell credentials apart")
    }

    @Test("the signing key cache is keyed by a keyed hash of the secret, not the secret")
    func keyCacheHoldsNoSecret() throws {
        let first = SigningKeyCache(capacity: 4)
        let second = SigningKeyCache(capacity: 4)
        for cache in [first, second] {
            let signer = try SigV4Signer(
                credentials: .init(accessKeyID: "AKID", secretAccessKey: Self.secret), region: "us-east-1",
                service: "lambda", options: .init(keyCache: cache))
            _ = try signer.sign(try HTTPRequest(method: "GET", url: "https://lambda.us-east-1.amazonaws.com/"), date: Self.date)
        }
        let fingerprints = [first, second].map { cache in cache.state.withLock { Array($0.keys.keys).map(\.secret) } }
        #expect(fingerprints.map(\.count) == [1, 1])
        #expect(fingerprints[0] != fingerprints[1], "each cache draws its own fingerprint key")
        var dumped = ""
        dump(first.state.withLock { $0.keys.keys.first }, to: &dumped)
        #expect(!dumped.contains(Self.secret))
    }

    @Test("a long session token is folded in one pass and signed unchanged")
    func longToken() throws {
        let longToken = String(repeating: "A", count: 100_000)
        let signer = try SigV4Signer(
            credentials: .init(accessKeyID: "ASIAEXAMPLE", secretAccessKey: Self.secret, sessionToken: longToken),
            region: "us-east-1", service: "lambda"
        )
        let request = try HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        let details = try signer.signingDetails(for: request, date: Self.date).details
        let marker = "<redacted, 100000 bytes>"
        #expect(details.canonicalRequest.contains("x-amz-security-token:\(marker)\n"))
        #expect(!details.canonicalRequest.contains(String(repeating: "A", count: 40)))
        let real = details.canonicalRequest.replacingOccurrences(of: marker, with: longToken)
        #expect(details.stringToSign.hasSuffix("\n" + SHA256Hasher.hash(Array(real.utf8)).hexString), "signed over the token itself")
    }
}

@Suite("HMAC")
struct HMACTests {
    @Test("HMAC-SHA256 known answers (RFC 4231 cases 1, 2 and 6)")
    func hmac() {
        let case1 = HMACKey(key: [UInt8](repeating: 0x0b, count: 20)).authenticate("Hi There")
        #expect(case1.hexString == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let case2 = HMACKey(key: Array("Jefe".utf8)).authenticate("what do ya want for nothing?")
        #expect(case2.hexString == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let case6 = HMACKey(key: [UInt8](repeating: 0xaa, count: 131))
            .authenticate("Test Using Larger Than Block-Size Key - Hash Key First")
        #expect(case6.hexString == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}
