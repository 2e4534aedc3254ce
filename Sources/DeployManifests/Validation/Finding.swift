/// One mistake found in a manifest, named by a rule from the manifest rule table.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    /// An error (the pipeline fails, or GitLab rejects it) or a warning.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Information: nothing to fix (for example, a provider this library does not deploy to).
        case note
        /// Works, but is deprecated, risky or likely a mistake.
        case warning
        /// The tool refuses the file, or the deploy or job fails.
        case error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// The rule, for example `gitlab.stage.undefined` or `sls.http.invalid-method`.
    public var rule: String
    /// How bad.
    public var severity: Severity
    /// Dotted path into the document (`deploy.needs[0]`, `functions.hello.events[0].http.method`).
    public var path: String
    /// 1-based line of the key or item the path names; 0 when unknown.
    public var line: Int
    /// What is wrong, and, where GitLab accepts it, what fails at run time.
    public var message: String
    /// How to fix it.
    public var fix: String
    /// The GitLab job concerned, if any.
    public var job: String?
    /// The file the finding is in, when the manifest spans several files (local includes).
    public var file: String?

    /// A finding.
    public init(
        rule: String, severity: Severity, path: String, line: Int, message: String, fix: String, job: String? = nil, file: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.path = path
        self.line = line
        self.message = message
        self.fix = fix
        self.job = job
        self.file = file
    }

    public var description: String {
        "\(file.map { "\($0):" } ?? "")\(line): \(severity.rawValue) [\(rule)] \(path): \(message) Fix: \(fix)"
    }

    static func duplicateKey(_ key: YAMLNode, path: String, first: SourcePosition, file: String?) -> Finding {
        let name = key.scalarText ?? key.description
        return Finding(
            rule: "yaml.duplicate-key", severity: .warning, path: path, line: key.position.line,
            message:
                "`\(name)` is defined twice (first on line \(first.line)); GitLab and most YAML readers keep only the last one, so the "
                + "first is silently ignored.",
            fix: "Delete or merge one of the two `\(name)` entries.", file: file)
    }
}

extension Array where Element == Finding {
    /// Whether any finding is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
