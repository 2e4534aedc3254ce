/// `gitlab.deploy.not-default-branch`: a production deploy must not run from any branch.
extension GitLabValidationContext {
    /// Whether a job deploys to production: its environment says so, or, without an environment,
    /// it runs a deploy command and nothing (its name, a `--stage` argument) says it is not production.
    func isProductionDeploy(_ job: Job) -> Bool {
        let environment = job.node["environment"]
        if let action = environment?["action"]?.scalarText, action != "start" { return false }
        if let name = environment?.scalarText ?? environment?["name"]?.scalarText {
            return Self.isProductionName(name) || environment?["deployment_tier"]?.scalarText == "production"
        }
        let commands = (job.node["script"]?.sequence ?? []).compactMap(\.scalarText).joined(separator: "\n")
        let deploys = Self.deployCommands.contains { commands.contains($0) }
        guard deploys, !Self.isOtherEnvironmentName(job.name) else { return false }
        let words = commands.lowercased().split { $0 == " " || $0 == "\n" || $0 == "=" }
        for (index, word) in words.enumerated() where ["--stage", "-s", "--env", "--environment"].contains(word) && index + 1 < words.count
        {
            if Self.isOtherEnvironmentName(String(words[index + 1])) { return false }
        }
        return true
    }

    static let deployCommands = [
        "update-function-code", "lambda publish-version", "cloudformation deploy", "sam deploy", "serverless deploy",
        "sls deploy", "cdk deploy", "terraform apply", "DeployPipeline",
    ]

    static func isProductionName(_ name: String) -> Bool {
        let words = name.lowercased().split { !$0.isLetter }
        return words.contains { ["production", "prod", "prd", "live"].contains($0) }
    }

    static func isOtherEnvironmentName(_ name: String) -> Bool {
        let words = name.lowercased().split { !$0.isLetter }
        return words.contains {
            ["dev", "development", "staging", "stage", "test", "testing", "review", "qa", "sandbox", "preview", "stop"].contains($0)
        }
    }

    func deployFindings() -> [Finding] {
        jobs.filter { !$0.isIncomplete && isProductionDeploy($0) }.compactMap { job in
            let answers = runs(job)
            guard
                let index = scenarios.indices.first(where: {
                    !scenarios[$0].isDefaultBranchPush && scenarios[$0].refKind != .tag && answers[$0] != .no
                })
            else {
                return nil
            }
            let how = job.node["rules"] != nil ? "its `rules`" : job.node["only"] != nil ? "its `only`" : "nothing"
            return Finding(
                rule: "gitlab.deploy.not-default-branch", severity: .error, path: job.name, line: job.keyLine,
                message:
                    "`\(job.name)` deploys to production, but \(how) limits it to the default branch: it "
                    + "\(answers[index] == .yes ? "runs" : "can run") in \(scenarios[index].name). GitLab accepts this; any branch "
                    + "can then replace what production serves.",
                fix: "Add `rules: [{if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'}]` (and protect the branch and the AWS variables).",
                job: job.name, file: file.fileName)
        }
    }
}
