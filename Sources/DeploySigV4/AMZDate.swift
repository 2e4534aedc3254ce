import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A signing time in SigV4's two forms: `20150830T123600Z` and `20150830`.
struct AMZDate: Sendable {
    /// `yyyyMMdd'T'HHmmss'Z'`, UTF-8.
    let timestamp: String
    /// `yyyyMMdd`.
    let day: Substring

    init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        let fields = [
            (year, 4), (Int(parts.tm_mon) + 1, 2), (Int(parts.tm_mday), 2),
            (Int(parts.tm_hour), 2), (Int(parts.tm_min), 2), (Int(parts.tm_sec), 2),
        ]
        self.timestamp = String(unsafeUninitializedCapacity: 16) { out in
            var offset = 0
            for (index, (value, width)) in fields.enumerated() {
                var remaining = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                    remaining /= 10
                }
                offset += width
                if index == 2 {
                    out[offset] = UInt8(ascii: "T")
                    offset += 1
                }
            }
            out[offset] = UInt8(ascii: "Z")
            return offset + 1
        }
        self.day = timestamp.prefix(8)
    }
}
