import Foundation
import HTTPTypes
import Testing

@testable import DeploySigV4

/// The signer's header block against a plain, obviously-correct reading of the SigV4 rules, over
/// thousands of seeded random header sets: names sharing long prefixes (the signer compares on a
/// 16-byte key), repeats, empty values, whitespace runs at every position, tokens with and
/// without whitespace.
@Suite("Header canonicalisation")
struct HeaderCanonicalisationTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let names = [
        "X-Amz-Meta-Project", "x-amz-meta-project-name", "X-Amz-Meta-Project-Id", "x-amz-meta-abcde",
        "x-amz-meta-abcdef", "x-amz-meta-abcdefghijklmnop", "x-amz-meta-abcdefghijklmnoq", "Content-Type",
        "amz-sdk-request", "amz-sdk-invocation-id", "a", "ab", "Accept", "x-z", "User-Agent", "Connection",
    ]
    static let unsigned: Set<String> = ["user-agent", "connection"]

    static func randomValue(_ generator: inout Generator) -> String {
        let pieces = ["abc", "  ", "\t", " ", "x=1;", "\"q  q\"", "🙂", "0123456789abcdef0123456789abcdef", ""]
        let count = Int.random(in: 0...8, using: &generator)
        return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    /// The rules, written plainly: lower-case names, sorted; values trimmed with runs of
    /// whitespace folded to one space; repeats joined with `,` in request order.
    static func expectedBlock(for fields: HTTPFields, adding extra: [(String, String)]) -> (lines: String, signed: String) {
        var values: [String: [String]] = [:]
        for field in fields where !unsigned.contains(field.name.canonicalName) {
            values[field.name.canonicalName, default: []].append(field.value)
        }
        for (name, value) in extra { values[name, default: []].append(value) }
        func fold(_ value: String) -> String {
            value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        }
        let sortedNames = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let lines = sortedNames.map { "\($0):\(values[$0]!.map(fold).joined(separator: ","))\n" }.joined()
        return (lines, sortedNames.joined(separator: ";"))
    }

    @Test("random header sets canonicalise as the rules say")
    func randomHeaderSets() throws {
        var generator = Generator(state: 20_261_126)
        let date = Date(timeIntervalSince1970: 1_764_000_000)
        var failures: [String] = []
        for round in 0..<3_000 {
            let token: String? =
                switch round % 3 {
                case 0: nil
                case 1: "IQoJb3JpZ2luX2Vj" + String(repeating: "EXAMPLE/+", count: Int.random(in: 1...120, using: &generator))
                default: "token  with\tspaces " + Self.randomValue(&generator)
                }
            let signer = try SigV4Signer(
                credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: token),
                region: "us-east-1", service: "lambda"
            )
            var fields = HTTPFields()
            for _ in 0..<Int.random(in: 0...14, using: &generator) {
                fields.append(
                    HTTPField(name: HTTPField.Name(Self.names.randomElement(using: &generator)!)!, value: Self.randomValue(&generator)))
            }
            let request = HTTPRequest(
                method: .get, scheme: "https", authority: "lambda.us-east-1.amazonaws.com", path: "/", headerFields: fields)
            let details = try signer.signingDetails(for: request, date: date).details
            var extra = [("host", "lambda.us-east-1.amazonaws.com"), ("x-amz-date", "20251124T160000Z")]
            if let token { extra.append(("x-amz-security-token", HTTPField(name: .xAmzSecurityToken, value: token).value)) }
            let expected = Self.expectedBlock(for: fields, adding: extra)
            let expectedCanonical = "GET\n/\n\n\(expected.lines)\n\(expected.signed)\n\(SHA256Digest.empty.hexString)"
            let expectedHash = SHA256Hasher.hash(Array(expectedCanonical.utf8)).hexString
            if details.canonicalRequest != detailsCanonical(expectedCanonical, token: token) || details.signedHeaders != expected.signed
                || !details.stringToSign.hasSuffix("\n" + expectedHash)
            {
                failures.append("round \(round):\n--- got\n\(details.canonicalRequest)\n--- expected\n\(expectedCanonical)")
            }
        }
        let failed = failures.count
        #expect(failed == 0, "\(failed) of 3000 differ; first:\n\(failures.first ?? "")")
    }
}
