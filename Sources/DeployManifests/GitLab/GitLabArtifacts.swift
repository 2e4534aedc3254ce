/// `artifacts:` of a job.
public struct GitLabArtifacts: YAMLModel {
    /// `paths:`
    public var paths: [String]?
    /// `exclude:`
    public var exclude: [String]?
    /// `expire_in:`
    public var expireIn: String?
    /// `name:`
    public var name: String?
    /// `when:`
    public var when: String?
    /// `untracked:`
    public var untracked: Bool?
    /// `reports:`
    public var reports: GitLabArtifactReports?
    /// Other keys (`expose_as`, `public`, `access`), as written.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(paths: [String]? = nil, expireIn: String? = nil, reports: GitLabArtifactReports? = nil) {
        self.paths = paths
        self.expireIn = expireIn
        self.reports = reports
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        paths = try reader.strings("paths")
        exclude = try reader.strings("exclude")
        expireIn = try reader.string("expire_in")
        name = try reader.string("name")
        when = try reader.string("when")
        untracked = try reader.bool("untracked")
        reports = try reader.decode("reports")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("name", name)
        writer.set("paths", paths)
        writer.set("exclude", exclude)
        writer.set("untracked", untracked)
        writer.set("when", when)
        writer.set("expire_in", expireIn)
        writer.set("reports", reports)
        writer.append(rest)
        return writer.node
    }
}

/// `artifacts: reports:` — `dotenv` and `junit` typed, the others kept as written.
public struct GitLabArtifactReports: YAMLModel {
    /// dotenv files whose variables later jobs (and the environment URL) can use.
    public var dotenv: [String]?
    /// `junit:`
    public var junit: [String]?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(dotenv: [String]? = nil, junit: [String]? = nil) {
        self.dotenv = dotenv
        self.junit = junit
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        dotenv = try reader.strings("dotenv")
        junit = try reader.strings("junit")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("dotenv", dotenv)
        writer.set("junit", junit)
        writer.append(rest)
        return writer.node
    }
}

/// One `cache:` entry.
public struct GitLabCache: YAMLModel {
    /// `key:` as written: a string, or `files`/`prefix`.
    public var key: YAMLNode?
    /// `paths:`
    public var paths: [String]?
    /// `policy:`
    public var policy: String?
    /// `untracked:`
    public var untracked: Bool?
    /// `when:`
    public var when: String?
    /// `fallback_keys:`
    public var fallbackKeys: [String]?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        key = reader.value("key")
        paths = try reader.strings("paths")
        policy = try reader.string("policy")
        untracked = try reader.bool("untracked")
        when = try reader.string("when")
        fallbackKeys = try reader.strings("fallback_keys")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("key", key)
        writer.set("paths", paths)
        writer.set("untracked", untracked)
        writer.set("policy", policy)
        writer.set("when", when)
        writer.set("fallback_keys", fallbackKeys)
        writer.append(rest)
        return writer.node
    }
}

/// `environment:` — a name, or `name`/`url`/`action`/`on_stop`/….
public struct GitLabEnvironment: YAMLAbbreviableModel {
    /// `name:`
    public var name: String?
    /// `url:`
    public var url: String?
    /// `action:`
    public var action: String?
    /// `on_stop:`
    public var onStop: String?
    /// `deployment_tier:`
    public var deploymentTier: String?
    /// `auto_stop_in:`
    public var autoStopIn: String?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]
    /// Whether the value is written in its mapping form (it is written back the same way).
    public var isDetailed: Bool

    /// Builds the value in code; the keys not given stay unset.
    public init(name: String, url: String? = nil, action: String? = nil, onStop: String? = nil) {
        self.name = name
        self.url = url
        self.action = action
        self.onStop = onStop
        rest = []
        isDetailed = true
    }

    /// The value written as one string.
    public init(abbreviation: String) {
        name = abbreviation
        rest = []
        isDetailed = false
    }

    /// Reads the mapping form.
    public init(mapping yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        name = try reader.string("name")
        url = try reader.string("url")
        action = try reader.string("action")
        onStop = try reader.string("on_stop")
        deploymentTier = try reader.string("deployment_tier")
        autoStopIn = try reader.string("auto_stop_in")
        rest = reader.rest
        isDetailed = true
    }

    public var abbreviation: String? { isDetailed ? nil : name }

    public var mapping: YAMLNode {
        var writer = NodeWriter()
        writer.set("name", name)
        writer.set("url", url)
        writer.set("action", action)
        writer.set("on_stop", onStop)
        writer.set("deployment_tier", deploymentTier)
        writer.set("auto_stop_in", autoStopIn)
        writer.append(rest)
        return writer.node
    }
}

/// `trigger:` — a project path, or `include`/`project`/`branch`/`strategy`.
public struct GitLabTrigger: YAMLAbbreviableModel {
    /// `project:`
    public var project: String?
    /// `branch:`
    public var branch: String?
    /// `strategy:`
    public var strategy: String?
    /// `include:` of a child pipeline, as written.
    public var include: YAMLNode?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]
    /// Whether the value is written in its mapping form (it is written back the same way).
    public var isDetailed: Bool

    /// The value written as one string.
    public init(abbreviation: String) {
        project = abbreviation
        rest = []
        isDetailed = false
    }

    /// Reads the mapping form.
    public init(mapping yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        project = try reader.string("project")
        branch = try reader.string("branch")
        strategy = try reader.string("strategy")
        include = reader.value("include")
        rest = reader.rest
        isDetailed = true
    }

    public var abbreviation: String? { isDetailed ? nil : project }

    public var mapping: YAMLNode {
        var writer = NodeWriter()
        writer.set("include", include)
        writer.set("project", project)
        writer.set("branch", branch)
        writer.set("strategy", strategy)
        writer.append(rest)
        return writer.node
    }
}
