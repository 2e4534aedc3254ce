/// A job (or the `default:` section, which takes a subset of the same keywords).
public struct GitLabJob: YAMLModel {
    /// `stage:`
    public var stage: String?
    /// `extends:`
    public var extends: [String]?
    /// `image:`
    public var image: GitLabImage?
    /// `services:`
    public var services: [GitLabImage]?
    /// `before_script:`
    public var beforeScript: [String]?
    /// `script:`
    public var script: [String]?
    /// `after_script:`
    public var afterScript: [String]?
    /// `variables:`
    public var variables: [Named<GitLabVariable>]?
    /// `rules:`
    public var rules: [GitLabRule]?
    /// `only:`
    public var only: GitLabRefFilter?
    /// `except:`
    public var except: GitLabRefFilter?
    /// `needs:`
    public var needs: [GitLabNeed]?
    /// `dependencies:`
    public var dependencies: [String]?
    /// `artifacts:`
    public var artifacts: GitLabArtifacts?
    /// `cache:`
    public var cache: [GitLabCache]?
    /// `environment:`
    public var environment: GitLabEnvironment?
    /// `when:`
    public var when: String?
    /// `start_in:`
    public var startIn: String?
    /// `allow_failure:`
    public var allowFailure: GitLabAllowFailure?
    /// `retry:`
    public var retry: GitLabRetry?
    /// `timeout:`
    public var timeout: String?
    /// `tags:`
    public var tags: [String]?
    /// `parallel:`
    public var parallel: GitLabParallel?
    /// `trigger:`
    public var trigger: GitLabTrigger?
    /// `interruptible:`
    public var interruptible: Bool?
    /// `resource_group:`
    public var resourceGroup: String?
    /// `id_tokens:` as written (token name → `aud`).
    public var idTokens: YAMLNode?
    /// `secrets:` as written (vault, Azure, GCP providers).
    public var secrets: YAMLNode?
    /// `coverage:`
    public var coverage: String?
    /// Keywords this model does not type (`inherit`, `release`, `pages`, `hooks`, …) and
    /// unknown keys, as written.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(stage: String? = nil, script: [String]? = nil) {
        self.stage = stage
        self.script = script
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path, expected: "a job (a mapping of keywords)")
        stage = try reader.string("stage")
        extends = try reader.strings("extends")
        image = try reader.decode("image")
        services = try reader.list("services")
        beforeScript = try reader.strings("before_script")
        script = try reader.strings("script")
        afterScript = try reader.strings("after_script")
        variables = try reader.named("variables")
        rules = try reader.list("rules")
        only = try reader.decode("only")
        except = try reader.decode("except")
        needs = try reader.list("needs")
        dependencies = try reader.strings("dependencies")
        artifacts = try reader.decode("artifacts")
        cache = try reader.list("cache")
        environment = try reader.decode("environment")
        when = try reader.string("when")
        startIn = try reader.string("start_in")
        allowFailure = try reader.decode("allow_failure")
        retry = try reader.decode("retry")
        timeout = try reader.string("timeout")
        tags = try reader.strings("tags")
        parallel = try reader.decode("parallel")
        trigger = try reader.decode("trigger")
        interruptible = try reader.bool("interruptible")
        resourceGroup = try reader.string("resource_group")
        idTokens = reader.value("id_tokens")
        secrets = reader.value("secrets")
        coverage = try reader.string("coverage")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("extends", extends)
        writer.set("stage", stage)
        writer.set("image", image)
        writer.set("services", services)
        writer.set("variables", variables)
        writer.set("id_tokens", idTokens)
        writer.set("secrets", secrets)
        writer.set("needs", needs)
        writer.set("dependencies", dependencies)
        writer.set("cache", cache)
        writer.set("before_script", beforeScript)
        writer.set("script", script)
        writer.set("after_script", afterScript)
        writer.set("trigger", trigger)
        writer.set("parallel", parallel)
        writer.set("artifacts", artifacts)
        writer.set("coverage", coverage)
        writer.set("environment", environment)
        writer.set("resource_group", resourceGroup)
        writer.set("rules", rules)
        writer.set("only", only)
        writer.set("except", except)
        writer.set("when", when)
        writer.set("start_in", startIn)
        writer.set("allow_failure", allowFailure)
        writer.set("retry", retry)
        writer.set("timeout", timeout)
        writer.set("interruptible", interruptible)
        writer.set("tags", tags)
        writer.append(rest)
        return writer.node
    }
}
