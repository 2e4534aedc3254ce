import DeployBasics

/// A pipeline as GitLab runs it: includes merged, merge keys, `extends`, `!reference` and
/// `default:` applied.
public struct ResolvedGitLabCI: Sendable {
    /// The merged document: every job complete, `!reference` tags replaced by their targets.
    public var root: YAMLNode
    /// Problems found while resolving (`gitlab.extends.unknown`, `gitlab.reference.not-found`).
    public var findings: [Finding]
    /// Whether the file includes configuration this model cannot see (remote, template,
    /// project, component, or an unreadable local file): unknown names may live there.
    public var hasUnresolvedIncludes: Bool

    /// The job names, hidden ones (`.name`) included, in file order.
    public var jobNames: [String] {
        root.entries.filter { GitLabResolver.isJob($0.key, $0.value) }.map(\.key)
    }
}

extension GitLabCIFile {
    /// Resolves the pipeline as GitLab documents it; throws ``ManifestError/tooLarge(file:what:)``
    /// when `!reference` lists would expand past `limits.maximumExpandedNodes`.
    public func resolved() throws(ManifestError) -> ResolvedGitLabCI {
        try GitLabResolver.resolve(self)
    }
}

enum GitLabResolver {
    static func isJob(_ key: String, _ value: YAMLNode) -> Bool {
        !GitLabKeywords.global.contains(key) && value.isMapping
    }

    /// Resolves `file`. A fragment (`fragment`, or by default a file that declares no `stages:`,
    /// which is usually included by another) may name `extends` parents and `!reference` jobs that
    /// live in the including file: those are unknowable here, not errors.
    static func resolve(_ file: GitLabCIFile, fragment: Bool? = nil) throws(ManifestError) -> ResolvedGitLabCI {
        var findings: [Finding] = []
        // 1. Merge keys (a YAML feature), then local includes underneath the file's own keys.
        var (root, unresolved) = merged(file)
        let namesMayLiveElsewhere = unresolved || (fragment ?? (root["stages"] == nil))
        // 2. extends.
        root = applyExtends(root, file: file.fileName, findings: &findings, unresolvedIncludes: namesMayLiveElsewhere)
        // 3. !reference, looked up in the extended document.
        let lookup = root
        if !unresolved {
            checkReferences(
                in: file.root.applyingMergeKeys(), path: "", lookup: lookup, file: file.fileName,
                jobsMayLiveElsewhere: namesMayLiveElsewhere,
                findings: &findings)
        }
        var references = References(lookup: lookup, budget: ExpansionBudget(limit: file.limits.maximumExpandedNodes, file: file.fileName))
        root = try references.replace(in: root, path: "", depth: 0)
        // 4. default: (and the legacy top-level image/services/… keys).
        root = applyDefaults(root)
        // 5. Nested lists (YAML anchors such as `rules: [*common, …]`) flattened, as GitLab does.
        root = flatteningNestedLists(root)
        return ResolvedGitLabCI(root: root, findings: findings, hasUnresolvedIncludes: unresolved)
    }

    // MARK: Includes

    /// The file's document with its inputs interpolated (`given` by the including file, else the
    /// defaults), merge keys applied and local includes merged underneath.
    private static func merged(_ file: GitLabCIFile, given: YAMLNode? = nil) -> (YAMLNode, Bool) {
        let inputs = ComponentInputs.values(header: file.header, given: given)
        var root = ComponentInputs.interpolate(file.root, values: inputs).applyingMergeKeys()
        var unresolved = false
        for include in GitLabInclude.list(from: file.root["include"]) {
            switch include.kind {
            case .local(let path):
                if let included = file.localIncludes[path] {
                    let (node, nested) = merged(included, given: include.inputs)
                    root = deepMerge(removing(["include"], from: node), root)
                    unresolved = unresolved || nested
                } else {
                    unresolved = true
                }
            default:
                unresolved = true
            }
        }
        return (root, unresolved)
    }

    private static func removing(_ keys: Set<String>, from node: YAMLNode) -> YAMLNode {
        var copy = node
        copy.content = .mapping((node.pairs ?? []).filter { !keys.contains($0.key.scalarText ?? "") })
        return copy
    }

    /// GitLab's deep merge: mappings merge key by key, everything else is replaced by `overlay`.
    static func deepMerge(_ base: YAMLNode, _ overlay: YAMLNode) -> YAMLNode {
        guard let basePairs = base.pairs, let overlayPairs = overlay.pairs, overlay.tag == nil else { return overlay }
        var result = basePairs
        for pair in overlayPairs {
            if let index = result.lastIndex(where: { $0.key == pair.key }) {
                result[index].value = deepMerge(result[index].value, pair.value)
            } else {
                result.append(pair)
            }
        }
        var copy = overlay
        copy.content = .mapping(result)
        return copy
    }

    // MARK: extends

    private static func applyExtends(_ root: YAMLNode, file: String?, findings: inout [Finding], unresolvedIncludes: Bool) -> YAMLNode {
        let jobs = Dictionary(root.entries.filter { isJob($0.key, $0.value) }.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        var done: [String: YAMLNode] = [:]

        func resolveJob(_ name: String, chain: [String]) -> YAMLNode? {
            if let finished = done[name] { return finished }
            guard var job = jobs[name] else { return nil }
            let parents = extendsNames(job)
            guard !parents.names.isEmpty else {
                done[name] = job
                return job
            }
            var base: YAMLNode?
            for (index, parent) in parents.names.enumerated() {
                guard !chain.contains(parent), chain.count < 11, let resolvedParent = resolveJob(parent, chain: chain + [name]) else {
                    if chain.isEmpty, jobs[parent] == nil, !unresolvedIncludes {
                        let node = parents.nodes[index]
                        let path = parents.isList ? ManifestPath.index("\(name).extends", index) : "\(name).extends"
                        findings.append(
                            Finding(
                                rule: "gitlab.extends.unknown", severity: .error, path: path, line: node.position.line,
                                message:
                                    "`\(name)` extends `\(parent)`, which is not defined in this file or its local includes; GitLab "
                                    + "rejects the pipeline.",
                                fix: Spelling.nearest(parent, in: jobs.keys).map { "Did you mean `\($0)`?" }
                                    ?? "Define `\(parent)` (a hidden job such as "
                                    + "`.\(parent.hasPrefix(".") ? String(parent.dropFirst()) : parent)` is usual) or include the "
                                    + "file that defines it.",
                                job: name, file: file))
                    }
                    continue
                }
                base = base.map { deepMerge($0, resolvedParent) } ?? resolvedParent
            }
            if let base {
                job = dropNulls(deepMerge(base, job), inherited: base)
            }
            // Applied: the merged job stands alone, so resolving it again changes nothing.
            job = removing(["extends"], from: job)
            done[name] = job
            return job
        }

        var copy = root
        copy.content = .mapping(
            (root.pairs ?? []).map { pair in
                guard let name = pair.key.scalarText, isJob(name, pair.value) else { return pair }
                return YAMLPair(key: pair.key, value: resolveJob(name, chain: []) ?? pair.value)
            })
        return copy
    }

    static func extendsNames(_ job: YAMLNode) -> (names: [String], nodes: [YAMLNode], isList: Bool) {
        guard let node = job["extends"] else { return ([], [], false) }
        if let items = node.sequence {
            let strings = items.filter { $0.string != nil }
            return (strings.compactMap(\.string), strings, true)
        }
        return node.string.map { ([$0], [node], false) } ?? ([], [], false)
    }

    /// Removes keys the job set to `null` to cancel an inherited value (`parallel: null`).
    private static func dropNulls(_ job: YAMLNode, inherited: YAMLNode) -> YAMLNode {
        var copy = job
        copy.content = .mapping((job.pairs ?? []).filter { !($0.value.isNull && inherited[$0.key.scalarText ?? ""] != nil) })
        return copy
    }

    // MARK: !reference

    static let referenceTag = "!reference"

    static func target(of reference: YAMLNode, in lookup: YAMLNode) -> YAMLNode? {
        guard let keys = reference.sequence?.map({ $0.scalarText }), !keys.isEmpty, !keys.contains(nil) else { return nil }
        var node: YAMLNode? = lookup
        for key in keys {
            // A number indexes a list (`!reference [.services, 0]`), as GitLab's runner tools read it.
            if let items = node?.sequence, let index = Int(key!) {
                node = items.indices.contains(index) ? items[index] : nil
            } else {
                node = node?[key!]
            }
        }
        return node
    }

    private static func checkReferences(
        in node: YAMLNode, path: String, lookup: YAMLNode, file: String?, jobsMayLiveElsewhere: Bool, findings: inout [Finding]
    ) {
        if node.tag == referenceTag {
            let keys = node.sequence?.compactMap(\.scalarText) ?? []
            // A job this file does not define may be in the file that includes it; a missing key of
            // a job it does define is a mistake either way.
            let jobIsHere = keys.first.map { lookup[$0] != nil } ?? false
            if target(of: node, in: lookup) == nil, jobIsHere || !jobsMayLiveElsewhere {
                findings.append(
                    Finding(
                        rule: "gitlab.reference.not-found", severity: .error, path: path, line: node.position.line,
                        message: "`!reference [\(keys.joined(separator: ", "))]` does not resolve: \(describeMissing(keys, in: lookup)).",
                        fix: "Point the reference at an existing job and key, for example `!reference [.setup, script]`.",
                        job: ManifestPath.components(path).first.flatMap { if case .key(let job) = $0 { job } else { nil } }, file: file))
            }
            return
        }
        switch node.content {
        case .scalar: return
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                checkReferences(
                    in: item, path: ManifestPath.index(path, index), lookup: lookup, file: file, jobsMayLiveElsewhere: jobsMayLiveElsewhere,
                    findings: &findings)
            }
        case .mapping(let pairs):
            for pair in pairs {
                checkReferences(
                    in: pair.value, path: ManifestPath.key(path, pair.key.scalarText ?? ""), lookup: lookup, file: file,
                    jobsMayLiveElsewhere: jobsMayLiveElsewhere, findings: &findings)
            }
        }
    }

    private static func describeMissing(_ keys: [String], in lookup: YAMLNode) -> String {
        var node: YAMLNode? = lookup
        for (index, key) in keys.enumerated() {
            guard let next = node?[key] else {
                return index == 0 ? "there is no job `\(key)`" : "`\(keys[..<index].joined(separator: "."))` has no key `\(key)`"
            }
            node = next
        }
        return "the path is empty"
    }

    /// Replaces `!reference` tags, each distinct one resolved once, every copy paid from `budget`.
    private struct References {
        let lookup: YAMLNode
        let budget: ExpansionBudget
        var memo: [[String]: YAMLNode] = [:]

        mutating func replace(in node: YAMLNode, path: String, depth: Int) throws(ManifestError) -> YAMLNode {
            // GitLab allows ten levels of nested references.
            guard depth <= 10 else { return node }
            if node.tag == GitLabResolver.referenceTag {
                guard let keys = node.sequence?.compactMap(\.scalarText) else { return node }
                let replaced: YAMLNode
                if let known = memo[keys] {
                    replaced = known
                } else {
                    guard let found = GitLabResolver.target(of: node, in: lookup) else { return node }
                    replaced = try replace(in: found, path: path, depth: depth + 1)
                    memo[keys] = replaced
                }
                try budget.spend(replaced.nodeCount, for: "`!reference [\(keys.joined(separator: ", "))]` at `\(path)`")
                return replaced
            }
            var copy = node
            switch node.content {
            case .scalar:
                return node
            case .sequence(let items):
                // A reference to a list inside a list is spliced in, as GitLab flattens `script` and `rules`.
                var spliced: [YAMLNode] = []
                for (index, item) in items.enumerated() {
                    let replaced = try replace(in: item, path: ManifestPath.index(path, index), depth: depth)
                    if item.tag == GitLabResolver.referenceTag, replaced.tag == nil, let list = replaced.sequence {
                        spliced.append(contentsOf: list)
                    } else {
                        spliced.append(replaced)
                    }
                }
                copy.content = .sequence(spliced)
            case .mapping(let pairs):
                var replaced: [YAMLPair] = []
                for pair in pairs {
                    let value = try replace(in: pair.value, path: ManifestPath.key(path, pair.key.scalarText ?? ""), depth: depth)
                    replaced.append(YAMLPair(key: pair.key, value: value))
                }
                copy.content = .mapping(replaced)
            }
            return copy
        }
    }

    // MARK: default

    // MARK: Nested lists

    /// The keywords whose nested lists GitLab flattens: scripts (up to ten levels) and, since
    /// GitLab 14.3, `rules`; `cache` may be a list of caches built the same way.
    static let flattenedKeys: Set<String> = ["script", "before_script", "after_script", "rules", "cache"]

    private static func flatteningNestedLists(_ root: YAMLNode) -> YAMLNode {
        guard case .mapping(let pairs) = root.content else { return root }
        var copy = root
        copy.content = .mapping(
            pairs.map { pair in
                let key = pair.key.scalarText ?? ""
                guard key == "workflow" || key == "default" || isJob(key, pair.value) else { return pair }
                return YAMLPair(key: pair.key, value: flatteningLists(in: pair.value))
            })
        return copy
    }

    private static func flatteningLists(in mapping: YAMLNode) -> YAMLNode {
        guard case .mapping(let pairs) = mapping.content else { return mapping }
        var copy = mapping
        copy.content = .mapping(
            pairs.map { pair in
                guard flattenedKeys.contains(pair.key.scalarText ?? ""), case .sequence(let items) = pair.value.content else { return pair }
                var value = pair.value
                value.content = .sequence(flattened(items, depth: 0))
                return YAMLPair(key: pair.key, value: value)
            })
        return copy
    }

    static func flattened(_ items: [YAMLNode], depth: Int) -> [YAMLNode] {
        items.flatMap { item -> [YAMLNode] in
            guard depth < 10, item.tag == nil, case .sequence(let nested) = item.content else { return [item] }
            return flattened(nested, depth: depth + 1)
        }
    }

    private static func applyDefaults(_ root: YAMLNode) -> YAMLNode {
        var defaults: [String: YAMLNode] = [:]
        for key in ["image", "services", "cache", "before_script", "after_script"] {
            if let value = root[key] { defaults[key] = value }
        }
        for (key, value) in root["default"]?.entries ?? [] where GitLabKeywords.defaultable.contains(key) {
            defaults[key] = value
        }
        guard !defaults.isEmpty else { return root }
        var copy = root
        copy.content = .mapping(
            (root.pairs ?? []).map { pair in
                guard let name = pair.key.scalarText, isJob(name, pair.value), !name.hasPrefix(".") else { return pair }
                var job = pair.value
                let inherit = job["inherit"]?["default"]
                for key in GitLabKeywords.defaultable {
                    guard let value = defaults[key], job[key] == nil else { continue }
                    if inherit?.bool == false { continue }
                    if let allowed = inherit?.sequence?.compactMap(\.string), !allowed.contains(key) { continue }
                    job.content = .mapping((job.pairs ?? []) + [YAMLPair(key: .string(key), value: value)])
                }
                return YAMLPair(key: pair.key, value: job)
            })
        return copy
    }
}
