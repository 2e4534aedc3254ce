/// One entry of `rules:`.
public struct GitLabRule: YAMLModel {
    /// `if:`
    public var `if`: String?
    /// `changes:` as written (a list of paths, or `paths`/`compare_to`).
    public var changes: YAMLNode?
    /// `exists:` as written.
    public var exists: YAMLNode?
    /// `when:`
    public var when: String?
    /// `allow_failure:`
    public var allowFailure: GitLabAllowFailure?
    /// `variables:`
    public var variables: [Named<GitLabVariable>]?
    /// `start_in:`
    public var startIn: String?
    /// Other keys (`needs`, `interruptible`), as written.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(if condition: String? = nil, when: String? = nil) {
        self.if = condition
        self.when = when
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path, expected: "a rule (`if:`, `changes:`, `exists:`, `when:`)")
        self.if = try reader.string("if")
        changes = reader.value("changes")
        exists = reader.value("exists")
        when = try reader.string("when")
        allowFailure = try reader.decode("allow_failure")
        variables = try reader.named("variables")
        startIn = try reader.string("start_in")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("if", self.if)
        writer.set("changes", changes)
        writer.set("exists", exists)
        writer.set("variables", variables)
        writer.set("when", when)
        writer.set("allow_failure", allowFailure)
        writer.set("start_in", startIn)
        writer.append(rest)
        return writer.node
    }
}

/// `only:` / `except:` — a list of refs, or `refs`/`variables`/`changes`/`kubernetes`.
public struct GitLabRefFilter: YAMLModel {
    /// `refs:`
    public var refs: [String]?
    /// `variables:`
    public var variables: [String]?
    /// `changes:`
    public var changes: [String]?
    /// `kubernetes:`
    public var kubernetes: String?
    /// Whether it is written in the mapping form.
    public var isDetailed: Bool

    /// Builds the value in code; the keys not given stay unset.
    public init(refs: [String]) {
        self.refs = refs
        isDetailed = false
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        guard yaml.isMapping else {
            refs = try NodeReader.strings(yaml, path: path)
            isDetailed = false
            return
        }
        var reader = try NodeReader(yaml, path: path)
        refs = try reader.strings("refs")
        variables = try reader.strings("variables")
        changes = try reader.strings("changes")
        kubernetes = try reader.string("kubernetes")
        isDetailed = true
    }

    public var yaml: YAMLNode {
        guard isDetailed else { return .sequence((refs ?? []).map { .string($0) }) }
        var writer = NodeWriter()
        writer.set("refs", refs)
        writer.set("variables", variables)
        writer.set("changes", changes)
        writer.set("kubernetes", kubernetes)
        return writer.node
    }
}

/// `workflow:`.
public struct GitLabWorkflow: YAMLModel {
    /// `name:`
    public var name: String?
    /// `rules:`
    public var rules: [GitLabRule]?
    /// Other keys (`auto_cancel`), as written.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(rules: [GitLabRule]) {
        self.rules = rules
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        name = try reader.string("name")
        rules = try reader.list("rules")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("name", name)
        writer.set("rules", rules)
        writer.append(rest)
        return writer.node
    }
}

/// One entry of `needs:` — a job name, or `job`/`artifacts`/`optional` (and `pipeline`/`project`).
public struct GitLabNeed: YAMLAbbreviableModel {
    /// `job:`
    public var job: String?
    /// `artifacts:`
    public var artifacts: Bool?
    /// `optional:`
    public var optional: Bool?
    /// Other keys (`pipeline`, `project`, `ref`, `parallel`), as written.
    public var rest: [YAMLPair]
    /// Whether the value is written in its mapping form (it is written back the same way).
    public var isDetailed: Bool

    /// Builds the value in code; the keys not given stay unset.
    public init(job: String, artifacts: Bool? = nil, optional: Bool? = nil) {
        self.job = job
        self.artifacts = artifacts
        self.optional = optional
        rest = []
        isDetailed = artifacts != nil || optional != nil
    }

    /// The value written as one string.
    public init(abbreviation: String) {
        job = abbreviation
        rest = []
        isDetailed = false
    }

    /// Reads the mapping form.
    public init(mapping yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        job = try reader.string("job")
        artifacts = try reader.bool("artifacts")
        optional = try reader.bool("optional")
        rest = reader.rest
        isDetailed = true
    }

    public var abbreviation: String? { isDetailed ? nil : job }

    public var mapping: YAMLNode {
        var writer = NodeWriter()
        writer.set("job", job)
        writer.set("artifacts", artifacts)
        writer.set("optional", optional)
        writer.append(rest)
        return writer.node
    }

    /// Whether the entry names a job of another pipeline or project.
    public var isCrossPipeline: Bool { rest.contains { ["pipeline", "project"].contains($0.key.scalarText ?? "") } }
}
