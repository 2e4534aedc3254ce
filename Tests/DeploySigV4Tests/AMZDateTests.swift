import Foundation
import Testing

@testable import DeploySigV4

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Signing dates")
struct AMZDateTests {
    /// What the C library makes of the same instant: the peer for our own calendar arithmetic.
    static func gmtimeStamp(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }

    @Test("timestamps and days match gmtime_r from 1970 to 9999, leap days and century years included")
    func matchesGmtime() {
        var generator = SystemRandomNumberGenerator()
        let edges = [
            0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 951_868_800, 1_709_164_800, 1_709_251_199,
            4_107_542_400, 4_107_628_799, 4_107_628_800, 253_402_300_799,
        ]
        let samples = edges + (0..<20_000).map { _ in Int.random(in: 0...253_402_300_799, using: &generator) }
        var mismatches: [String] = []
        for seconds in samples {
            let date = AMZDate(Date(timeIntervalSince1970: Double(seconds) + 0.75))
            let expected = Self.gmtimeStamp(seconds)
            if date.timestamp != expected || date.day != expected.prefix(8) || date.dayNumber != seconds / 86_400 {
                mismatches.append("\(seconds): \(date.timestamp) (day \(date.dayNumber)), gmtime_r says \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test("an instant before 1970 rounds down to the second before, as gmtime_r does")
    func beforeEpoch() {
        let date = AMZDate(Date(timeIntervalSince1970: -0.5))
        #expect(date.timestamp == "19691231T235959Z")
        #expect(date.dayNumber == -1)
        #expect(AMZDate(Date(timeIntervalSince1970: -86_400 * 365)).timestamp == Self.gmtimeStamp(-86_400 * 365))
    }
}
