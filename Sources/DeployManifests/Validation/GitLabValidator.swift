import DeployBasics

/// Settings for validating a `.gitlab-ci.yml`.
public struct GitLabValidationOptions: Sendable {
    /// The project's default branch, for the deploy and rules checks.
    public var defaultBranch: String
    /// Whether the file is included by another (its stages live there). `nil`: decide from the
    /// file — one that declares no `stages:` is read as a possible fragment.
    public var isFragment: Bool?

    /// Options; by default `main` and fragments recognised by a missing `stages:`.
    public init(defaultBranch: String = "main", isFragment: Bool? = nil) {
        self.defaultBranch = defaultBranch
        self.isFragment = isFragment
    }
}

extension GitLabCIFile {
    /// Every finding for the file: YAML warnings, resolution problems and the `gitlab.*` rules.
    public func validate(options: GitLabValidationOptions = GitLabValidationOptions()) -> [Finding] {
        let resolved: ResolvedGitLabCI
        do {
            resolved = try GitLabResolver.resolve(self, fragment: options.isFragment)
        } catch {
            // Nothing else can be judged on a pipeline that cannot be resolved.
            let refused = Finding(
                rule: "gitlab.reference.too-large", severity: .error, path: "", line: 1, message: error.description,
                fix: "Reference the list itself rather than lists of references to it at every level.", file: fileName)
            return self.findings + [refused]
        }
        let context = GitLabValidationContext(file: self, resolved: resolved, options: options)
        // In a fragment, names from the file that includes it were already left alone by the resolver.
        var findings = self.findings + resolved.findings
        findings += context.stageFindings()
        findings += context.jobShapeFindings()
        findings += context.secretFindings()
        findings += context.needsFindings()
        findings += context.artifactFindings()
        findings += context.deployFindings()
        return findings.sorted { ($0.line, $0.rule) < ($1.line, $1.rule) }
    }
}

/// What the GitLab rules share: the resolved jobs, stages and pipeline scenarios.
struct GitLabValidationContext {
    struct Job {
        var name: String
        /// The job after `extends`, `!reference` and `default:`.
        var node: YAMLNode
        /// The job as written (merge keys applied), when it is in this file.
        var written: YAMLNode?
        var keyLine: Int
        var stage: String
        /// Whether part of the job may live where this model cannot see: an `extends` target
        /// or `!reference` that did not resolve, or includes that were not read (a job of the
        /// same name there would be merged into this one).
        var isIncomplete: Bool
    }

    let file: GitLabCIFile
    let resolved: ResolvedGitLabCI
    let options: GitLabValidationOptions
    let stages: [String]
    let stagesDeclared: Bool
    /// Whether the file may be included by another: said so, or it declares no `stages:`.
    var isFragment: Bool { options.isFragment ?? !stagesDeclared }
    /// Visible jobs, in file order.
    let jobs: [Job]
    let fileVariables: [String: String]
    let scenarios: [PipelineScenario]

    init(file: GitLabCIFile, resolved: ResolvedGitLabCI, options: GitLabValidationOptions) {
        self.file = file
        self.resolved = resolved
        self.options = options
        let root = resolved.root
        let declared = root["stages"].map { (try? NodeReader.strings($0, path: "stages")) ?? [] }
        stagesDeclared = declared != nil
        stages = [".pre"] + (declared ?? GitLabKeywords.defaultStages) + [".post"]
        let written = file.root.applyingMergeKeys()
        let defined = Set(root.entries.map(\.key))
        jobs = root.entries.filter { GitLabResolver.isJob($0.key, $0.value) && !$0.key.hasPrefix(".") }.map { entry in
            let parents = written[entry.key].map { GitLabResolver.extendsNames($0).names } ?? []
            let incomplete =
                resolved.hasUnresolvedIncludes || parents.contains { !defined.contains($0) }
                || GitLabValidationContext.containsReference(entry.value)
            return Job(
                name: entry.key, node: entry.value, written: written[entry.key],
                keyLine: written.keyNode(entry.key)?.position.line ?? entry.value.position.line,
                stage: entry.value["stage"]?.scalarText ?? "test", isIncomplete: incomplete)
        }
        fileVariables = Dictionary(
            root["variables"]?.entries.compactMap { entry in
                (entry.value.scalarText ?? entry.value["value"]?.scalarText).map { (entry.key, $0) }
            } ?? [], uniquingKeysWith: { $1 })
        let workflow = root["workflow"]
        let variables = fileVariables
        scenarios = PipelineScenario.all(defaultBranch: options.defaultBranch).filter {
            $0.pipelineExists(workflow: workflow, fileVariables: variables) != .no
        }
    }

    func job(_ name: String) -> Job? { jobs.first { $0.name == name } }

    static func containsReference(_ node: YAMLNode) -> Bool {
        if node.isUnresolvedReference { return true }
        switch node.content {
        case .scalar: return false
        case .sequence(let items): return items.contains(where: containsReference)
        case .mapping(let pairs): return pairs.contains { containsReference($0.value) }
        }
    }

    func stageIndex(_ stage: String) -> Int? { stages.firstIndex(of: stage) }

    /// In each scenario, whether the job runs.
    func runs(_ job: Job) -> [Tristate] {
        scenarios.map { $0.runs(job.node, fileVariables: fileVariables) }
    }

    /// The line of `key` in the job (where it is written, else where it was inherited from).
    func line(of key: String, in job: Job) -> Int {
        job.written?.keyNode(key)?.position.line ?? job.node.keyNode(key)?.position.line ?? job.keyLine
    }

    // MARK: gitlab.stage.undefined

    func stageFindings() -> [Finding] {
        guard !(isFragment && !stagesDeclared) else { return [] }
        return jobs.compactMap { job in
            // A stage that still holds `$[[ inputs.… ]]` comes from an input with no value here: unknown.
            guard stageIndex(job.stage) == nil, !job.isIncomplete, !job.stage.contains("$[[") else { return nil }
            let suggestion = Spelling.nearest(job.stage, in: stages).map { "Did you mean `\($0)`? Or add" } ?? "Add"
            return Finding(
                rule: "gitlab.stage.undefined", severity: .error, path: "\(job.name).stage", line: line(of: "stage", in: job),
                message:
                    "job `\(job.name)` is in stage `\(job.stage)`, which is not in `stages` "
                    + "(\(stages.dropFirst().dropLast().joined(separator: ", "))); GitLab rejects the pipeline.",
                fix: "\(suggestion) `\(job.stage)` to `stages:` in the order it should run.", job: job.name, file: file.fileName)
        }
    }

    // MARK: script-missing, unknown-key, invalid-when, only-rules-conflict

    func jobShapeFindings() -> [Finding] {
        var findings: [Finding] = []
        for job in jobs {
            if job.node["script"] == nil, job.node["run"] == nil, job.node["trigger"] == nil, !job.isIncomplete {
                findings.append(
                    Finding(
                        rule: "gitlab.job.script-missing", severity: .error, path: job.name, line: job.keyLine,
                        message:
                            "job `\(job.name)` has no `script` (nor `run` or `trigger`), even after `extends`; GitLab rejects the "
                            + "pipeline.",
                        fix: "Add `script:` with the commands to run, or extend a template that has one.", job: job.name,
                        file: file.fileName))
            }
            for pair in job.written?.pairs ?? [] {
                guard let key = pair.key.scalarText, !GitLabKeywords.job.contains(key) else { continue }
                let hint =
                    Spelling.nearest(key, in: GitLabKeywords.job).map { "Did you mean `\($0)`?" }
                    ?? "Remove it, or move it under `variables:` if it is a setting."
                findings.append(
                    Finding(
                        rule: "gitlab.job.unknown-key", severity: .error, path: "\(job.name).\(key)", line: pair.key.position.line,
                        message:
                            "`\(key)` is not a job keyword; GitLab rejects the pipeline (\"jobs:\(job.name) config contains unknown "
                            + "keys: \(key)\").",
                        fix: hint, job: job.name, file: file.fileName))
            }
            findings += whenFindings(job)
            let hasRules = job.node["rules"] != nil
            let filters = ["only", "except"].filter { job.node[$0] != nil }
            if hasRules, let filter = filters.first {
                let rulesInherited = job.written?["rules"] == nil
                findings.append(
                    Finding(
                        rule: "gitlab.job.only-rules-conflict", severity: .error, path: "\(job.name).\(rulesInherited ? filter : "rules")",
                        line: line(of: rulesInherited ? filter : "rules", in: job),
                        message:
                            "job `\(job.name)` has both `rules` and `\(filter)`"
                            + (job.written?[filter] == nil || rulesInherited
                                ? " (one of them inherited through `extends` or `default`)" : "")
                            + "; GitLab rejects a job that mixes them.",
                        fix:
                            "Express `\(filter)` as `rules:` (for example `- if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`), or set "
                            + "`\(filter): null` / `rules: null` to drop the inherited one.",
                        job: job.name, file: file.fileName))
            }
        }
        return findings
    }

    private func whenFindings(_ job: Job) -> [Finding] {
        var findings: [Finding] = []
        func check(_ node: YAMLNode?, path: String) {
            guard let node, let value = node.scalarText, !GitLabKeywords.when.contains(value) else { return }
            findings.append(
                Finding(
                    rule: "gitlab.job.invalid-when", severity: .error, path: path, line: node.position.line,
                    message: "`when: \(value)` is not a GitLab value; GitLab rejects the pipeline.",
                    fix:
                        "Use one of on_success, on_failure, always, manual, delayed or "
                        + "never\(Spelling.nearest(value, in: GitLabKeywords.when).map { " (did you mean `\($0)`?)" } ?? "").",
                    job: job.name, file: file.fileName))
        }
        check(job.node["when"], path: "\(job.name).when")
        for (index, rule) in (job.node["rules"]?.sequence ?? []).enumerated() {
            check(rule["when"], path: "\(job.name).rules[\(index)].when")
        }
        return findings
    }

    // MARK: gitlab.variables.secret-literal

    func secretFindings() -> [Finding] {
        var findings: [Finding] = []
        let written = file.root.applyingMergeKeys()
        func scan(_ variables: YAMLNode?, path: String, job: String?) {
            for pair in variables?.pairs ?? [] {
                guard let name = pair.key.scalarText else { continue }
                let valueNode = pair.value.isMapping ? pair.value["value"] : pair.value
                guard let value = valueNode?.scalarText, let kind = SecretLiterals.kind(name: name, value: value) else { continue }
                findings.append(
                    Finding(
                        rule: "gitlab.variables.secret-literal", severity: .error, path: ManifestPath.key(path, name),
                        line: pair.key.position.line,
                        message:
                            "`\(name)` holds \(kind.label) as a literal (value not shown). GitLab accepts it, but anyone who can read "
                            + "the repository can now use the key.",
                        fix:
                            "Deactivate the key in IAM, delete this line, and add \(name) under Settings › CI/CD › Variables (masked, "
                            + "protected).",
                        job: job, file: file.fileName))
            }
        }
        scan(written["variables"], path: "variables", job: nil)
        for entry in written.entries where GitLabResolver.isJob(entry.key, entry.value) {
            scan(entry.value["variables"], path: "\(entry.key).variables", job: entry.key)
            for (index, rule) in (entry.value["rules"]?.sequence ?? []).enumerated() {
                scan(rule["variables"], path: "\(entry.key).rules[\(index)].variables", job: entry.key)
            }
        }
        return findings
    }
}
