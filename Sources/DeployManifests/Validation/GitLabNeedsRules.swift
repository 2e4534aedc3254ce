import DeployBasics

/// `gitlab.needs.*`: jobs that `needs` name must exist, run no later, and be in the same pipelines.
extension GitLabValidationContext {
    struct Need {
        var job: String
        var optional: Bool
        var artifacts: Bool
        var node: YAMLNode
        var path: String
    }

    /// The job's `needs` entries (`nil` when it has no `needs:`), cross-pipeline ones left out.
    func needs(of job: Job) -> [Need]? {
        guard let node = job.node["needs"] else { return nil }
        return (node.sequence ?? []).enumerated().compactMap { index, entry in
            if entry.isMapping && (entry["pipeline"] != nil || entry["project"] != nil) { return nil }
            guard let name = entry.scalarText ?? entry["job"]?.scalarText else { return nil }
            return Need(
                job: name, optional: entry["optional"]?.bool ?? false, artifacts: entry["artifacts"]?.bool ?? true,
                node: entry, path: "\(job.name).needs[\(index)]")
        }
    }

    func needsFindings() -> [Finding] {
        var findings: [Finding] = []
        for job in jobs {
            for need in needs(of: job) ?? [] {
                guard let needed = self.job(need.job) else {
                    if !need.optional, !resolved.hasUnresolvedIncludes, !isFragment {
                        findings.append(
                            Finding(
                                rule: "gitlab.needs.unknown-job", severity: .error, path: need.path, line: need.node.position.line,
                                message:
                                    "`\(job.name)` needs `\(need.job)`, which is not a job of this "
                                    + "pipeline\(need.job.hasPrefix(".") ? " (hidden jobs never run)" : ""); GitLab rejects the "
                                    + "pipeline.",
                                fix: Spelling.nearest(need.job, in: jobs.map(\.name)).map { "Did you mean `\($0)`?" }
                                    ?? "Name an existing job, or mark the entry `optional: true`.",
                                job: job.name, file: file.fileName))
                    }
                    continue
                }
                if let mine = stageIndex(job.stage), let theirs = stageIndex(needed.stage), theirs > mine {
                    findings.append(
                        Finding(
                            rule: "gitlab.needs.later-stage", severity: .error, path: need.path, line: need.node.position.line,
                            message:
                                "`\(job.name)` (stage `\(job.stage)`) needs `\(need.job)`, which is in the later stage "
                                + "`\(needed.stage)`; GitLab rejects the pipeline.",
                            fix: "Move `\(need.job)` to an earlier stage, or `\(job.name)` to a later one.", job: job.name,
                            file: file.fileName))
                }
                guard !need.optional else { continue }
                let mine = runs(job)
                let theirs = runs(needed)
                if let index = scenarios.indices.first(where: { mine[$0] == .yes && theirs[$0] == .no }) {
                    findings.append(
                        Finding(
                            rule: "gitlab.needs.filtered-by-rules", severity: .error, path: need.path, line: need.node.position.line,
                            message:
                                "`\(job.name)` needs `\(need.job)`, but in \(scenarios[index].name) `\(need.job)` is left out by its "
                                + "rules while `\(job.name)` runs: GitLab then fails the pipeline (\"'\(job.name)' job needs "
                                + "'\(need.job)' job, but '\(need.job)' is not in any previous stage\").",
                            fix: "Give both jobs the same rules, or write the entry as `{job: \(need.job), optional: true}`.",
                            job: job.name, file: file.fileName))
                }
            }
        }
        return findings
    }
}
