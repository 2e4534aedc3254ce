/// `gitlab.artifact.*`: a file a job reads (`fileb://function.zip`) must come from an earlier
/// job's `artifacts: paths` and be downloaded (not blocked by `needs`/`dependencies`).
extension GitLabValidationContext {
    struct FileUse {
        var file: String
        var path: String
        var line: Int
    }

    /// Files a job's commands read through `fileb://` or `file://` (relative, without variables),
    /// unless the job mentions the file before it reads it — in an earlier command, or earlier in
    /// the same one (`envsubst < policy.tpl > policy.json && aws … file://policy.json`): it is made
    /// there, not downloaded.
    func fileUses(in job: Job) -> [FileUse] {
        var uses: [FileUse] = []
        var earlier: [String] = []
        for key in ["before_script", "script"] {
            for (index, line) in (job.node[key]?.sequence ?? [job.node[key]].compactMap { $0 }).enumerated() {
                guard let command = line.scalarText else { continue }
                for (file, before) in Self.fileReferences(in: command)
                where !earlier.contains(where: { $0.contains(file) }) && !before.contains(file) {
                    uses.append(FileUse(file: file, path: "\(job.name).\(key)[\(index)]", line: line.position.line))
                }
                earlier.append(command)
            }
        }
        return uses
    }

    /// The relative files `command` reads through `fileb://` or `file://`, each with the text of
    /// the command before it.
    static func fileReferences(in command: String) -> [(file: String, before: Substring)] {
        var files: [(file: String, before: Substring)] = []
        for scheme in ["fileb://", "file://"] {
            var rest = Substring(command)
            while let range = rest.range(of: scheme) {
                let tail = rest[range.upperBound...]
                var file = String(tail.prefix { !" \t\"';|&)".contains($0) })
                rest = tail
                if file.hasPrefix("./") { file.removeFirst(2) }
                if !file.isEmpty, !file.hasPrefix("/"), !file.contains("$"), !files.contains(where: { $0.file == file }) {
                    files.append((file, command[..<range.lowerBound]))
                }
            }
        }
        return files
    }

    /// Whether `artifacts: paths` entry `pattern` covers `file`.
    static func artifactPath(_ pattern: String, covers file: String) -> Bool {
        if pattern.contains("$") { return true }  // unknown until run time: give it the benefit of the doubt
        if pattern == "." || pattern == "./" { return true }
        return GitLabGlob(pattern).covers(file)
    }

    func declares(_ job: Job, _ file: String) -> Bool {
        let paths = job.node["artifacts"]?["paths"]?.scalarTexts ?? []
        return paths.contains { Self.artifactPath($0, covers: file) }
    }

    func artifactFindings() -> [Finding] {
        var findings: [Finding] = []
        for job in jobs {
            guard let mine = stageIndex(job.stage) else { continue }
            let needs = self.needs(of: job)
            let upstream = jobs.filter { other in
                if let needs { return needs.contains { $0.job == other.name } }
                return (stageIndex(other.stage) ?? .max) < mine
            }
            for use in fileUses(in: job) {
                let producers = upstream.filter { declares($0, use.file) }
                guard !producers.isEmpty else {
                    let elsewhere = jobs.first { $0.name != job.name && declares($0, use.file) }
                    findings.append(
                        Finding(
                            rule: "gitlab.artifact.not-declared", severity: .error, path: use.path, line: use.line,
                            message:
                                "`\(job.name)` reads `\(use.file)`, but no earlier job lists it in `artifacts: paths`"
                                + (elsewhere.map { " (`\($0.name)` does, in stage `\($0.stage)`, which does not run before it)" } ?? "")
                                + ". GitLab accepts the file, but the job fails at run time: each job starts from a clean checkout.",
                            fix:
                                "In the job that builds it, add `artifacts: paths: [\(use.file)]`, and make sure that job runs in an "
                                + "earlier stage or is listed in `needs`.",
                            job: job.name, file: file.fileName))
                    continue
                }
                let blocked = producers.filter { producer in
                    if let dependencies = job.node["dependencies"] {
                        let names = dependencies.sequence?.compactMap(\.scalarText) ?? []
                        if !names.contains(producer.name) { return true }
                    }
                    return needs?.first { $0.job == producer.name }?.artifacts == false
                }
                if blocked.count == producers.count, let producer = blocked.first {
                    let reason =
                        job.node["dependencies"].map { _ in "`dependencies` does not list `\(producer.name)`" }
                        ?? "`needs` sets `artifacts: false` for `\(producer.name)`"
                    // The finding points at what the user must change: that `artifacts: false`, or `dependencies`.
                    let (path, line) = blockingKey(in: job, producer: producer.name, needs: needs) ?? (use.path, use.line)
                    findings.append(
                        Finding(
                            rule: "gitlab.artifact.not-downloaded", severity: .error, path: path, line: line,
                            message:
                                "`\(job.name)` reads `\(use.file)`, which `\(producer.name)` declares as an artifact, but \(reason), so "
                                + "the file is never downloaded; GitLab accepts this and the job fails at run time.",
                            fix:
                                "Let the artifact through: `needs: [{job: \(producer.name), artifacts: true}]` or add `\(producer.name)` "
                                + "to `dependencies`.",
                            job: job.name, file: file.fileName))
                }
            }
        }
        return findings
    }

    /// Where the download of `producer`'s artifacts is turned off: `dependencies`, or the
    /// `artifacts: false` of its `needs` entry.
    private func blockingKey(in job: Job, producer: String, needs: [Need]?) -> (path: String, line: Int)? {
        if let dependencies = job.node["dependencies"] {
            return ("\(job.name).dependencies", dependencies.position.line)
        }
        guard let need = needs?.first(where: { $0.job == producer }), let flag = need.node["artifacts"] else { return nil }
        return ("\(need.path).artifacts", flag.position.line)
    }
}
