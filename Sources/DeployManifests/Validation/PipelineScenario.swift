/// A kind of pipeline GitLab creates, with the predefined variables it sets: used to tell,
/// offline, in which pipelines a job runs.
struct PipelineScenario: Sendable {
    enum RefKind { case branch, tag, mergeRequest }

    var name: String
    var refKind: RefKind
    var refName: String
    var source: String
    var variables: [String: String]

    static func all(defaultBranch: String) -> [PipelineScenario] {
        let feature = "feature/new-handler"
        return [
            branch(defaultBranch, defaultBranch: defaultBranch, source: "push", name: "a push to \(defaultBranch)"),
            branch(feature, defaultBranch: defaultBranch, source: "push", name: "a push to a feature branch"),
            PipelineScenario(
                name: "a merge request pipeline", refKind: .mergeRequest, refName: feature, source: "merge_request_event",
                variables: [
                    "CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_REF_NAME": feature, "CI_COMMIT_REF_SLUG": "feature-new-handler",
                    "CI_DEFAULT_BRANCH": defaultBranch, "CI_MERGE_REQUEST_IID": "1", "CI_MERGE_REQUEST_ID": "1",
                    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": feature, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": defaultBranch,
                    "CI_OPEN_MERGE_REQUESTS": "group/project!1",
                ]),
            PipelineScenario(
                name: "a tag pipeline", refKind: .tag, refName: "v1.0.0", source: "push",
                variables: [
                    "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_TAG": "v1.0.0", "CI_COMMIT_REF_NAME": "v1.0.0",
                    "CI_DEFAULT_BRANCH": defaultBranch,
                ]),
        ]
    }

    private static func branch(_ branch: String, defaultBranch: String, source: String, name: String) -> PipelineScenario {
        PipelineScenario(
            name: name, refKind: .branch, refName: branch, source: source,
            variables: [
                "CI_PIPELINE_SOURCE": source, "CI_COMMIT_BRANCH": branch, "CI_COMMIT_REF_NAME": branch,
                "CI_DEFAULT_BRANCH": defaultBranch, "CI_COMMIT_REF_PROTECTED": branch == defaultBranch ? "true" : "false",
            ])
    }

    var isDefaultBranchPush: Bool { refKind == .branch && variables["CI_COMMIT_BRANCH"] == variables["CI_DEFAULT_BRANCH"] }

    /// The predefined variables these scenarios model: each is set to the scenario's value, or
    /// known to be unset in that kind of pipeline (no `CI_COMMIT_TAG` on a branch push).
    static let modelled: Set<String> = [
        "CI_PIPELINE_SOURCE", "CI_COMMIT_BRANCH", "CI_COMMIT_TAG", "CI_COMMIT_REF_NAME", "CI_COMMIT_REF_SLUG", "CI_DEFAULT_BRANCH",
        "CI_COMMIT_REF_PROTECTED", "CI_OPEN_MERGE_REQUESTS", "CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_ID",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    ]

    /// Whether the variable's value is unknown offline: set outside the file (project settings, a
    /// trigger), or predefined by GitLab with a value only the instance knows (`CI_SERVER_HOST`,
    /// `CI_PROJECT_PATH`, `GITLAB_USER_LOGIN`). Unknown is not unset: `$CI_SERVER_HOST == "gitlab.com"`
    /// is "maybe", not false.
    func isUnknown(_ name: String, fileVariables: [String: String]) -> Bool {
        if fileVariables[name] != nil || variables[name] != nil || Self.modelled.contains(name) { return false }
        // GitLab sets the merge request variables only in merge request pipelines.
        if name.hasPrefix("CI_MERGE_REQUEST_") && refKind != .mergeRequest { return false }
        return true
    }

    /// Whether a pipeline of this kind exists under `workflow: rules`.
    func pipelineExists(workflow: YAMLNode?, fileVariables: [String: String]) -> Tristate {
        guard let rules = workflow?["rules"]?.sequence else { return .yes }
        return evaluate(rules: rules, fileVariables: fileVariables)
    }

    /// Whether `job` (a resolved job node) is added to a pipeline of this kind.
    func runs(_ job: YAMLNode, fileVariables: [String: String]) -> Tristate {
        let variables = fileVariables.merging(
            job["variables"]?.entries.compactMap { entry in
                (entry.value.scalarText ?? entry.value["value"]?.scalarText).map { (entry.key, $0) }
            } ?? [], uniquingKeysWith: { $1 })
        if let rules = job["rules"]?.sequence {
            return evaluate(rules: rules, fileVariables: variables)
        }
        if job["when"]?.scalarText == "never" { return .no }
        let only = job["only"].map { filter($0, variables: variables) } ?? (refKind == .mergeRequest ? .no : .yes)
        let except = job["except"].map { filter($0, variables: variables) } ?? .no
        return only && !except
    }

    private func evaluate(rules: [YAMLNode], fileVariables: [String: String]) -> Tristate {
        let environment = fileVariables.merging(variables, uniquingKeysWith: { $1 })
        // Rules are tried in order and the first that matches decides; a rule that may or may
        // not match adds its outcome to the possible ones.
        var possible: Set<Bool> = []
        for rule in rules {
            var condition: Tristate = .yes
            if let expression = rule["if"]?.scalarText {
                condition = RuleExpression(expression).evaluate(environment) { isUnknown($0, fileVariables: fileVariables) }
            }
            if rule["changes"] != nil || rule["exists"] != nil { condition = condition && .maybe }
            let outcome = rule["when"]?.scalarText != "never"
            switch condition {
            case .no:
                continue
            case .maybe:
                possible.insert(outcome)
            case .yes:
                possible.insert(outcome)
                return possible.count == 1 ? (outcome ? .yes : .no) : .maybe
            }
        }
        possible.insert(false)
        return possible.count == 1 ? .no : .maybe
    }

    /// `only:` / `except:` in list or map form.
    private func filter(_ node: YAMLNode, variables: [String: String]) -> Tristate {
        let refs: [String]
        var result: Tristate = .yes
        if node.isMapping {
            refs = node["refs"]?.scalarTexts ?? []
            if let expressions = node["variables"]?.sequence?.compactMap(\.scalarText) {
                var environment = variables
                for (key, value) in self.variables { environment[key] = value }
                let any = expressions.reduce(Tristate.no) { partial, expression in
                    partial || RuleExpression(expression).evaluate(environment) { isUnknown($0, fileVariables: variables) }
                }
                result = result && any
            }
            if node["changes"] != nil || node["kubernetes"] != nil { result = result && .maybe }
            if node["refs"] == nil { return result }
        } else {
            refs = node.scalarTexts
        }
        let matched = refs.reduce(Tristate.no) { $0 || matches(ref: $1) }
        return result && matched
    }

    private func matches(ref: String) -> Tristate {
        switch ref {
        case "branches": return refKind == .branch ? .yes : .no
        case "tags": return refKind == .tag ? .yes : .no
        case "merge_requests": return refKind == .mergeRequest ? .yes : .no
        case "pushes": return source == "push" && refKind != .mergeRequest ? .yes : .no
        case "api", "chat", "external", "external_pull_requests", "pipelines", "schedules", "triggers", "web": return .no
        default:
            guard refKind != .mergeRequest else { return .no }
            if ref.hasPrefix("/"), let end = ref.lastIndex(of: "/"), end != ref.startIndex {
                let pattern = String(ref[ref.index(after: ref.startIndex)..<end])
                return RuleExpression("\"\(refName)\" =~ /\(pattern)/").evaluate([:]) { _ in false }
            }
            if ref.contains("$") { return .maybe }
            return ref == refName ? .yes : .no
        }
    }
}
