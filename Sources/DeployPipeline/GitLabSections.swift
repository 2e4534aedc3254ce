import Foundation

/// A run's events as GitLab job-log sections: one collapsible section per function and step,
/// collapsed when the step succeeded and open when it failed, with GitLab's own duration display
/// (the section starts when the step started).
///
/// The marker lines are GitLab's documented format, byte for byte:
/// `ESC[0Ksection_start:UNIX_SECONDS:NAME[collapsed=true]\rESC[0KHEADER` and
/// `ESC[0Ksection_end:UNIX_SECONDS:NAME\rESC[0K`. A step's lines are held until it ends, when
/// whether to collapse it is known.
///
/// ```swift
/// var sections = GitLabSections()
/// for await event in pipeline.run(deployment).events {
///     for line in sections.lines(for: event) { print(line) }
/// }
/// ```
public struct GitLabSections: Sendable {
    /// GitLab's escape: erase to the end of the line, so the marker itself is not shown.
    static let erase = "\u{1B}[0K"

    private struct Open: Sendable {
        var started: Date
        var lines: [String]
    }

    private var open: [String: [Open]] = [:]
    private var count = 0
    private let clock: @Sendable () -> Date

    /// A formatter stamping sections with `now` (the system clock by default).
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        clock = now
    }

    /// Whether the job runs in GitLab CI (`GITLAB_CI` is set).
    public static func isGitLabCI(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["GITLAB_CI"].map { !$0.isEmpty } ?? false
    }

    /// The job-log lines for `event`: none while a step runs, its whole section when it ends, and
    /// plain lines for what is not a step.
    public mutating func lines(for event: DeploymentEvent) -> [String] {
        let now = clock()
        switch event {
        case .stepStarted(let function, let step):
            open["\(function)\u{0}\(step)", default: []].append(Open(started: now, lines: []))
            return []
        case .artifactProgress(let function, _):
            let key = "\(function)\u{0}\(DeploymentStep.artifact)"
            guard var steps = open[key], !steps.isEmpty else { return ["\(event)"] }
            steps[0].lines.append("\(event)")
            open[key] = steps
            return []
        case .stepFinished(let function, let step, _, _):
            return close(function, step, header: "\(event)", collapsed: true, at: now)
        case .stepFailed(let function, let step, let diagnosis):
            var body = ["fix: \(diagnosis.fix)"]
            if let tail = diagnosis.logTail, !tail.isEmpty {
                body.append("log (end):")
                body += tail.split(separator: "\n", omittingEmptySubsequences: false).map { "  | \($0)" }
            }
            return close(function, step, header: "\(event)", collapsed: false, at: now, body: body)
        default:
            return ["\(event)"]
        }
    }

    private mutating func close(
        _ function: String, _ step: DeploymentStep, header: String, collapsed: Bool, at now: Date, body: [String] = []
    ) -> [String] {
        let key = "\(function)\u{0}\(step)"
        var started = now
        var held: [String] = []
        if var steps = open[key], !steps.isEmpty {
            let first = steps.removeFirst()
            (started, held) = (first.started, first.lines)
            open[key] = steps
        }
        count += 1
        let name = Self.sectionName("\(function == "*" ? "run" : function)_\(step)_\(count)")
        return [Self.start(name, at: started, header: header, collapsed: collapsed)] + held + body + [Self.end(name, at: now)]
    }

    /// GitLab's `section_start` line.
    public static func start(_ name: String, at date: Date, header: String, collapsed: Bool) -> String {
        "\(erase)section_start:\(Int(date.timeIntervalSince1970)):\(name)\(collapsed ? "[collapsed=true]" : "")\r\(erase)\(header)"
    }

    /// GitLab's `section_end` line.
    public static func end(_ name: String, at date: Date) -> String {
        "\(erase)section_end:\(Int(date.timeIntervalSince1970)):\(name)\r\(erase)"
    }

    /// A section name GitLab accepts: letters, digits, `_`, `.` and `-`; anything else becomes `_`.
    public static func sectionName(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) ? $0 : "_" })
    }
}
