import Foundation

/// Lambda's managed runtimes and their published lifecycle: the day each is deprecated, the day
/// Lambda blocks creating functions on it, and the day it blocks updating them (AWS Lambda
/// Developer Guide, "Lambda runtimes" and "Runtime deprecation"; the same table cfn-lint 1.51.0
/// ships as `LmbdRuntimeLifecycle.json`, which a test compares with this one). AWS moves these
/// dates: the table is data, judged against the day of the run.
public enum LambdaRuntimes {
    /// One runtime's dates (`yyyy-MM-dd`, UTC).
    public struct Lifecycle: Sendable, Hashable {
        /// No more security patches or support from this day.
        public var deprecated: String
        /// `CreateFunction` on the runtime fails from this day.
        public var blocksCreate: String
        /// `UpdateFunctionCode` and `UpdateFunctionConfiguration` fail from this day.
        public var blocksUpdate: String
    }

    /// Where a runtime stands on a given day.
    public enum Status: Sendable, Hashable {
        /// Supported (or not a runtime this table knows).
        case supported
        /// Deprecated: deploys still work, but no security patches.
        case deprecated(since: String)
        /// New functions cannot be created on it; existing ones can still be updated.
        case createBlocked(since: String)
        /// Functions on it can no longer be updated: a deploy fails.
        case updateBlocked(since: String)
    }

    /// Every runtime's lifecycle, retired and current.
    public static let lifecycles: [String: Lifecycle] = [
        "nodejs": .init("2016-08-30", "2016-09-30", "2016-10-31"),
        "nodejs4.3": .init("2020-03-05", "2020-02-03", "2020-03-05"),
        "nodejs4.3-edge": .init("2020-03-05", "2019-03-31", "2019-04-30"),
        "nodejs6.10": .init("2019-08-12", "2019-07-12", "2019-08-12"),
        "nodejs8.10": .init("2020-03-06", "2020-02-04", "2020-03-06"),
        "nodejs10.x": .init("2021-07-30", "2021-07-30", "2022-02-14"),
        "nodejs12.x": .init("2023-03-31", "2023-03-31", "2023-04-30"),
        "nodejs14.x": .init("2023-12-04", "2024-01-09", "2026-07-01"),
        "nodejs16.x": .init("2024-06-12", "2026-06-01", "2026-07-01"),
        "nodejs18.x": .init("2025-09-01", "2026-06-01", "2026-07-01"),
        "nodejs20.x": .init("2026-04-30", "2026-06-01", "2026-07-01"),
        "nodejs22.x": .init("2027-04-30", "2027-06-01", "2027-07-01"),
        "nodejs24.x": .init("2028-04-30", "2028-06-01", "2028-07-01"),
        "python2.7": .init("2021-07-15", "2021-07-15", "2022-05-30"),
        "python3.6": .init("2022-07-18", "2022-07-18", "2022-08-29"),
        "python3.7": .init("2023-12-04", "2024-01-09", "2026-03-09"),
        "python3.8": .init("2024-10-14", "2026-06-01", "2026-07-01"),
        "python3.9": .init("2025-12-15", "2026-06-01", "2026-07-01"),
        "python3.10": .init("2026-06-30", "2026-07-31", "2026-08-31"),
        "python3.11": .init("2026-06-30", "2026-07-31", "2026-08-31"),
        "python3.12": .init("2028-10-31", "2028-11-30", "2029-01-10"),
        "python3.13": .init("2029-06-30", "2029-07-31", "2029-08-31"),
        "python3.14": .init("2029-06-30", "2029-07-31", "2029-08-31"),
        "java8": .init("2024-01-08", "2024-02-08", "2026-07-01"),
        "java8.al2": .init("2026-06-30", "2026-07-31", "2026-08-31"),
        "java11": .init("2026-06-30", "2026-07-31", "2026-08-31"),
        "java17": .init("2026-06-30", "2026-07-31", "2026-08-31"),
        "java21": .init("2029-06-30", "2029-07-31", "2029-08-31"),
        "java25": .init("2029-06-30", "2029-07-31", "2029-08-31"),
        "dotnetcore1.0": .init("2019-06-27", "2019-06-30", "2019-07-30"),
        "dotnetcore2.0": .init("2019-05-30", "2019-04-30", "2019-05-30"),
        "dotnetcore2.1": .init("2022-01-05", "2022-01-05", "2022-04-13"),
        "dotnetcore3.1": .init("2023-04-03", "2023-04-03", "2023-05-03"),
        "dotnet6": .init("2024-12-20", "2026-06-01", "2026-07-01"),
        "dotnet8": .init("2026-11-10", "2026-12-10", "2027-01-11"),
        "go1.x": .init("2024-01-08", "2024-02-08", "2026-07-01"),
        "provided": .init("2024-01-08", "2024-02-08", "2026-07-01"),
        "provided.al2": .init("2026-06-30", "2026-07-31", "2026-08-31"),
        "provided.al2023": .init("2029-06-30", "2029-07-31", "2029-08-31"),
        "ruby2.5": .init("2021-07-30", "2021-07-30", "2022-03-31"),
        "ruby2.7": .init("2023-12-07", "2024-01-09", "2026-07-01"),
        "ruby3.2": .init("2026-03-31", "2026-06-01", "2026-07-01"),
        "ruby3.3": .init("2027-03-31", "2027-04-30", "2027-05-31"),
        "ruby3.4": .init("2028-03-31", "2028-04-30", "2028-05-31"),
    ]

    /// The runtime each family moves to.
    static let successors: [String: String] = [
        "nodejs": "nodejs24.x", "python": "python3.14", "java": "java25", "dotnet": "dotnet8", "ruby": "ruby3.4",
        "go": "provided.al2023", "provided": "provided.al2023",
    ]

    /// Where `runtime` stands on `date`: the latest of its dates that has passed.
    public static func status(of runtime: String, on date: Date = Date()) -> Status {
        guard let lifecycle = lifecycles[runtime] else { return .supported }
        func passed(_ text: String) -> Bool { day(text).map { $0 <= date } ?? false }
        if passed(lifecycle.blocksUpdate) { return .updateBlocked(since: lifecycle.blocksUpdate) }
        if passed(lifecycle.blocksCreate) { return .createBlocked(since: lifecycle.blocksCreate) }
        if passed(lifecycle.deprecated) { return .deprecated(since: lifecycle.deprecated) }
        return .supported
    }

    /// The runtime to move to from `runtime`'s family.
    static func successor(of runtime: String) -> String {
        successors.first { runtime.hasPrefix($0.key) }?.value ?? "provided.al2023"
    }

    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }

    /// Whether the runtime's handler has the `file.export` form (not Java, .NET, Go or custom runtimes).
    static func usesFileHandler(_ runtime: String?) -> Bool {
        guard let runtime else { return true }
        return runtime.hasPrefix("python") || runtime.hasPrefix("nodejs") || runtime.hasPrefix("ruby")
    }
}

extension LambdaRuntimes.Lifecycle {
    init(_ deprecated: String, _ blocksCreate: String, _ blocksUpdate: String) {
        self.init(deprecated: deprecated, blocksCreate: blocksCreate, blocksUpdate: blocksUpdate)
    }
}
