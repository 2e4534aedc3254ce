import Foundation

/// Lambda's managed runtimes and the dates Lambda deprecated the retired ones
/// (AWS Lambda Developer Guide, "Runtime deprecation policy").
public enum LambdaRuntimes {
    /// Runtimes Lambda supports.
    public static let supported: Set<String> = [
        "nodejs24.x", "nodejs22.x", "nodejs20.x",
        "python3.14", "python3.13", "python3.12", "python3.11", "python3.10",
        "java25", "java21", "java17", "java11", "java8.al2",
        "dotnet10", "dotnet8",
        "ruby3.4", "ruby3.3",
        "provided.al2023", "provided.al2",
    ]

    /// Deprecated runtimes and the day Lambda deprecated each (`yyyy-MM-dd`).
    public static let deprecated: [String: String] = [
        "nodejs": "2016-10-31", "nodejs4.3": "2020-03-05", "nodejs4.3-edge": "2020-04-30", "nodejs6.10": "2019-08-12",
        "nodejs8.10": "2020-03-06", "nodejs10.x": "2021-07-30", "nodejs12.x": "2023-03-31", "nodejs14.x": "2023-12-04",
        "nodejs16.x": "2024-06-12", "nodejs18.x": "2025-09-01",
        "python2.7": "2021-07-15", "python3.6": "2022-07-18", "python3.7": "2023-12-04", "python3.8": "2024-10-14",
        "python3.9": "2025-12-15",
        "java8": "2024-01-08", "go1.x": "2024-01-08", "provided": "2024-01-08",
        "ruby2.5": "2021-07-30", "ruby2.7": "2023-12-07", "ruby3.2": "2026-03-31",
        "dotnetcore1.0": "2019-07-30", "dotnetcore2.0": "2019-05-30", "dotnetcore2.1": "2022-01-05",
        "dotnetcore3.1": "2023-04-03", "dotnet5.0": "2022-05-10", "dotnet6": "2024-12-20", "dotnet7": "2024-05-14",
    ]

    /// The day `runtime` was deprecated, if it is deprecated as of `date`.
    public static func deprecation(of runtime: String, asOf date: Date = Date()) -> Date? {
        guard let text = deprecated[runtime], let day = day(text), day <= date else { return nil }
        return day
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
