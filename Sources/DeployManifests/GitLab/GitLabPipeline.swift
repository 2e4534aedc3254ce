/// A typed `.gitlab-ci.yml`: the top-level keywords and every job, hidden ones included.
///
/// Read it from a resolved file (``GitLabCIFile/resolved()``) to get the jobs GitLab would run,
/// or build one in code and write it out with ``yaml``.
public struct GitLabPipeline: Sendable, Hashable {
    /// The `spec:` header document (`spec: inputs:`), as written.
    public var header: YAMLNode?
    /// `stages:`
    public var stages: [String]?
    /// `variables:`
    public var variables: [Named<GitLabVariable>]?
    /// `default:`
    public var defaults: GitLabJob?
    /// `workflow:`
    public var workflow: GitLabWorkflow?
    /// `include:`
    public var include: [GitLabInclude]?
    /// `image:`
    public var image: GitLabImage?
    /// `services:`
    public var services: [GitLabImage]?
    /// `before_script:`
    public var beforeScript: [String]?
    /// `after_script:`
    public var afterScript: [String]?
    /// `cache:`
    public var cache: [GitLabCache]?
    /// Jobs in file order; names starting with `.` are hidden (templates).
    public var jobs: [Named<GitLabJob>]
    /// Top-level keys that are neither keywords nor jobs, as written.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(
        stages: [String]? = nil, variables: [Named<GitLabVariable>]? = nil, workflow: GitLabWorkflow? = nil, jobs: [Named<GitLabJob>] = []
    ) {
        self.stages = stages
        self.variables = variables
        self.workflow = workflow
        self.jobs = jobs
        rest = []
    }

    /// Reads the jobs GitLab would run from a resolved file.
    public init(resolved: ResolvedGitLabCI, header: YAMLNode? = nil) throws(ManifestError) {
        try self.init(document: resolved.root)
        self.header = header
    }

    /// Reads a pipeline document as it stands (call ``GitLabCIFile/resolved()`` first to apply `extends`).
    public init(document root: YAMLNode) throws(ManifestError) {
        var reader = try NodeReader(root, path: "")
        stages = try reader.strings("stages")
        variables = try reader.named("variables")
        defaults = try reader.decode("default")
        workflow = try reader.decode("workflow")
        include = reader.value("include").map(GitLabInclude.list(from:))
        image = try reader.decode("image")
        services = try reader.list("services")
        beforeScript = try reader.strings("before_script")
        afterScript = try reader.strings("after_script")
        cache = try reader.list("cache")
        _ = reader.value("spec")
        jobs = []
        rest = []
        for pair in reader.rest {
            guard let name = pair.key.scalarText, pair.value.isMapping else {
                rest.append(pair)
                continue
            }
            if name.hasPrefix(".") {
                // Hidden keys are templates or plain YAML data GitLab never validates.
                if let job = try? GitLabJob(yaml: pair.value, path: name) {
                    jobs.append(Named(name: name, value: job))
                } else {
                    rest.append(pair)
                }
                continue
            }
            jobs.append(Named(name: name, value: try GitLabJob(yaml: pair.value, path: name)))
        }
    }

    /// The job called `name`.
    public subscript(job name: String) -> GitLabJob? {
        jobs.last { $0.name == name }?.value
    }

    /// The pipeline as a node, keywords first, then jobs in order.
    public var document: YAMLNode {
        var writer = NodeWriter()
        writer.set("include", include.map { YAMLNode.sequence($0.map(\.yaml)) })
        writer.set("workflow", workflow)
        writer.set("stages", stages)
        writer.set("variables", variables)
        writer.set("default", defaults)
        writer.set("image", image)
        writer.set("services", services)
        writer.set("cache", cache)
        writer.set("before_script", beforeScript)
        writer.set("after_script", afterScript)
        writer.append(rest)
        for job in jobs { writer.set(job.name, job.value) }
        return writer.node
    }

    /// The `.gitlab-ci.yml` text.
    public var yaml: String {
        YAMLEmitter.emit(documents: (header.map { [$0] } ?? []) + [document])
    }
}
