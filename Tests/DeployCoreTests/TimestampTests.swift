import Foundation
import Testing

@testable import DeployCore

@Suite("AWS timestamps, parsed field by field")
struct TimestampTests {
    @Test(
        "ISO 8601 as AWS writes it: the same instant Foundation's formatter reads",
        arguments: [
            "2024-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2015-08-30T12:36:00.123Z", "2015-08-30T12:36:00.123456789Z",
            "2024-01-01T00:00:00.000+0000", "2024-06-15T10:20:30+02:00", "2024-06-15T10:20:30.5-05:30", "1999-12-31T23:59:59+0100",
        ])
    func iso8601(_ text: String) throws {
        let ours = try #require(AWSTimestamp.iso8601(text))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var normalised = text
        if !normalised.contains(".") { normalised = normalised.replacingOccurrences(of: "Z", with: ".000Z") }
        if normalised.hasSuffix("0000") || normalised.hasSuffix("0100") {
            normalised.insert(":", at: normalised.index(normalised.endIndex, offsetBy: -2))
        }
        if let theirs = formatter.date(from: normalised) {
            #expect(abs(ours.timeIntervalSince(theirs)) < 0.001, "\(text): \(ours) vs \(theirs)")
        }
        #expect(AWSJSON.parseDate(text) == ours)
    }

    @Test(
        "anything else is nil, never a trap (a fuzzer's crasher first)",
        arguments: [
            "2\u{05B0}Z", "", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00",
            "2024-01-01T00:00:00Zjunk", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+25:00",
            "２０２４-01-01T00:00:00Z", "2024-01-01T00:00:00.1234567890Z", "-024-01-01T00:00:00Z",
        ])
    func refused(_ text: String) {
        #expect(AWSTimestamp.iso8601(text) == nil, "\(text)")
        #expect(AWSTimestamp.httpDate(text) == nil, "\(text)")
    }

    @Test("HTTP dates: the IMF-fixdate only")
    func httpDate() throws {
        let date = try #require(AWSTimestamp.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(date.timeIntervalSince1970 == 784_111_777)
        #expect(AWSTimestamp.httpDate("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(AWSTimestamp.httpDate("Sun, 06 Nov 1994 08:49:37 GM\u{05B0}") == nil)
    }

    @Test("XML that is not UTF-8 is refused before FoundationXML (which traps on it)")
    func xmlNotUTF8() {
        let body: [UInt8] = Array("A<ErrorRespon".utf8) + [0xCD, 0x65, 0xBC] + Array("<Error><Code>X</Code></Error>".utf8)
        #expect(throws: AWSDecodingError.self) { try AWSXMLElement.parse(Array(body.dropFirst())) }
    }
}
