import Foundation

/// A signing time in SigV4's two forms: `20150830T123600Z` and `20150830`.
struct AMZDate: Sendable {
    /// `yyyyMMdd'T'HHmmss'Z'`, UTF-8.
    let timestamp: String
    /// `yyyyMMdd`.
    let day: Substring
    /// Days since 1970-01-01 (UTC): what identifies ``day`` without comparing text.
    let dayNumber: Int

    init(_ date: Date) {
        self.init(second: Self.second(of: date))
    }

    /// Whole seconds since 1970-01-01 (UTC), rounded down.
    static func second(of date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }

    /// The signing time of a whole second since 1970-01-01 (UTC).
    init(second seconds: Int) {
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        dayNumber = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let (year, month, day) = Self.civil(fromDays: dayNumber)
        self.timestamp = String(unsafeUninitializedCapacity: 16) { out in
            func put(_ value: Int, width: Int, at offset: Int) {
                var remaining = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
                    remaining /= 10
                }
            }
            put(year, width: 4, at: 0)
            put(month, width: 2, at: 4)
            put(day, width: 2, at: 6)
            out[8] = UInt8(ascii: "T")
            put(second / 3_600, width: 2, at: 9)
            put(second / 60 % 60, width: 2, at: 11)
            put(second % 60, width: 2, at: 13)
            out[15] = UInt8(ascii: "Z")
            return 16
        }
        self.day = timestamp.prefix(8)
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`), without the C library's locale or time zone machinery.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
