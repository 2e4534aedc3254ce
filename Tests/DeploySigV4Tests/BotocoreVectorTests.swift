// swift-format-ignore-file: AlwaysUseLowerCamelCase

import DeployTestSupport
import Foundation
import HTTPTypes
import Testing

// The Codable shapes here name their properties as the wire (or the vector file) names its members.
@testable import DeploySigV4

/// Vectors in the `sigv4-vectors/1` format (signed by botocore): `sample.json`, and the file named
/// by `SIGV4_VECTORS_FILE` when set.
@Suite("botocore SigV4 vectors")
struct BotocoreVectorTests {
    struct VectorFile: Decodable {
        var format: String
        var cases: [Vector]
    }

    struct Vector: Decodable {
        struct Keys: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var session_token: String?
        }
        struct Request: Decodable {
            var method: String
            var url: String
            var headers: [[String]]
            var body_b64: String
        }
        struct Expected: Decodable {
            var canonical_request: String
            var string_to_sign: String
            var signing_key_hex: String
            var signature: String
            var signed_headers: String
            var authorization: String?
            var signed_url: String?
        }
        var id: String
        var signing: String
        var service: String
        var region: String
        var timestamp: String
        var expires: Int?
        var credentials: Keys
        var request: Request
        var expected: Expected
    }

    static func load(_ url: URL) throws -> VectorFile {
        let file = try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url))
        guard file.format == "sigv4-vectors/1" else {
            throw VectorFormatError(message: "\(url.path) has format '\(file.format)', expected sigv4-vectors/1")
        }
        return file
    }

    struct VectorFormatError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs one vector and returns a line for each mismatch (empty when it passes).
    static func mismatches(in vector: Vector) throws -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        guard let date = formatter.date(from: vector.timestamp) else { return ["bad timestamp \(vector.timestamp)"] }
        let signer = try SigV4Signer(
            credentials: Credentials(
                accessKeyID: vector.credentials.access_key_id,
                secretAccessKey: vector.credentials.secret_access_key,
                sessionToken: vector.credentials.session_token
            ),
            region: vector.region, service: vector.service
        )
        let headers = vector.request.headers.map { (name: $0[0], value: $0[1]) }
        let request = try HTTPRequest(method: vector.request.method, url: vector.request.url, headers: headers)
        let body = Data(base64Encoded: vector.request.body_b64) ?? Data()
        let details: SigningDetails
        var problems: [String] = []
        if vector.signing == "query" {
            let presigned = try signer.presignedURL(
                for: request, expiresIn: .seconds(vector.expires ?? 3600), payload: .bytes(body), date: date
            )
            details = presigned.details
            if presigned.url != vector.expected.signed_url {
                problems.append("signed URL:\n  got      \(presigned.url)\n  expected \(vector.expected.signed_url ?? "-")")
            }
        } else {
            let signed = try signer.signingDetails(for: request, payload: .bytes(body), date: date)
            details = signed.details
            if let expected = vector.expected.authorization, signed.details.authorization != expected {
                problems.append("authorization: got \(signed.details.authorization ?? "-")")
            }
        }
        if details.canonicalRequest != detailsCanonical(vector.expected.canonical_request, token: vector.credentials.session_token) {
            problems.append("canonical request:\n--- got\n\(details.canonicalRequest)\n--- expected\n\(vector.expected.canonical_request)")
        }
        if details.stringToSign != vector.expected.string_to_sign { problems.append("string to sign: got \(details.stringToSign)") }
        if details.signedHeaders != vector.expected.signed_headers { problems.append("signed headers: got \(details.signedHeaders)") }
        if details.signature != vector.expected.signature { problems.append("signature: got \(details.signature)") }
        let key = SigningKeyCache.deriveDigest(
            secret: vector.credentials.secret_access_key, day: vector.timestamp.prefix(8), region: vector.region,
            service: vector.service
        )
        if key.hexString != vector.expected.signing_key_hex { problems.append("signing key: got \(key.hexString)") }
        return problems
    }

    static func run(file url: URL) throws {
        let file = try load(url)
        #expect(!file.cases.isEmpty, "\(url.path) holds no cases")
        var failed = 0
        for vector in file.cases {
            let problems = try mismatches(in: vector)
            if !problems.isEmpty {
                failed += 1
                Issue.record("case \(vector.id) (\(vector.signing), \(vector.service)):\n\(problems.joined(separator: "\n"))")
            }
        }
        #expect(failed == 0, "\(failed) of \(file.cases.count) cases in \(url.lastPathComponent) failed")
    }

    @Test("every case of sample.json")
    func sample() throws {
        try Self.run(file: SharedTestData.url("testdata/sigv4-botocore/sample.json"))
    }

    /// Our own cases, signed by botocore (`Tests/Support/sigv4_edge_vectors.py`): names sharing a
    /// 16-byte prefix, folding at every offset of the signer's 32-byte scan, re-signing, ports,
    /// and dates the signer formats itself (leap days, century years, the epoch).
    @Test("every case of Vectors/edge-cases.json")
    func edgeCases() throws {
        try Self.run(file: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/edge-cases.json"))
    }

    @Test(
        "every case of the file named by SIGV4_VECTORS_FILE",
        .enabled(if: ProcessInfo.processInfo.environment["SIGV4_VECTORS_FILE"].map { !$0.isEmpty } ?? false)
    )
    func extraFile() throws {
        let path = ProcessInfo.processInfo.environment["SIGV4_VECTORS_FILE"]!
        try Self.run(file: URL(fileURLWithPath: path))
    }
}
