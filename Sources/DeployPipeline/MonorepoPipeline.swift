import DeployManifests
import Foundation

extension PipelineManifests {
    /// How a monorepo's deploy is spread over GitLab jobs.
    public enum Distribution: Sendable, Hashable {
        /// `parallel: N` copies of one deploy job, copy `CI_NODE_INDEX` deploying its shard
        /// (``DeploymentConfiguration/shard(index:of:layersPublishedEarlier:)``): for any number of
        /// functions; unchanged ones are skipped by their fingerprints inside each job. Managed
        /// layers are published first by a `layers` job (``DeploymentPipeline/publishLayers(_:)``).
        case shards(Int)
        /// A job per function, run only when its folder (or the deploy tool) changed: a
        /// `parallel: matrix` entry per function, and a job of its own for functions that build
        /// managed layers (with the layers' folders, and together when they share one). GitLab
        /// runs at most 200 entries of a matrix.
        case perFunction
    }

    /// The most entries GitLab runs in one `parallel: matrix`.
    public static let maximumMatrixEntries = 200

    /// The `.gitlab-ci.yml` of a repository of many functions: stages test → build → deploy, the
    /// tool's tests and release build, the deploy spread as `distribution` says, each job on the
    /// default branch only, writing its own dotenv and JUnit reports (uploaded on failure too), in
    /// a `resource_group` of its own per stage (two pipelines never deploy the same functions at
    /// once), and a manual `rollback` job that moves `$FUNCTION`'s alias to `$VERSION`.
    ///
    /// The deploy tool (`product`, built from `packagePath`) is called with `--shard
    /// "$CI_NODE_INDEX/$CI_NODE_TOTAL"` or `--functions "$DEPLOY_FUNCTIONS"` besides `--dotenv` and
    /// `--junit`; ``DeploymentConfiguration/shardForCurrentJob(layersPublishedEarlier:)`` and
    /// ``DeploymentConfiguration/selecting(_:)`` give it its part. Folders in `rules: changes:` are
    /// the functions' and layers' source folders relative to `repositoryRoot`, plus the tool's
    /// package (its code holds the configuration).
    /// - Throws: a ``DeploymentDiagnosis`` for a shard count below 1, a function whose source is
    ///   not a folder under `repositoryRoot` (per function), or more matrix entries than GitLab runs.
    public static func monorepoPipeline(
        _ deployment: DeploymentConfiguration, distribution: Distribution, repositoryRoot: String, product: String,
        packagePath: String = ".", image: String = "swift:6.1", stage: String = "production"
    ) throws -> GitLabPipeline {
        let binary = binaryPath(packagePath: packagePath, product: product)
        var test = GitLabJob(stage: "test", script: ["swift test" + (packagePath == "." ? "" : " --package-path \(packagePath)")])
        test.image = GitLabImage(name: image)
        var jobs = [
            Named(name: "test", value: test),
            Named(name: "build", value: buildJob(packagePath: packagePath, product: product, image: image)),
        ]
        let tool =
            packagePath == "." ? ["Package.swift", "Sources/**/*"] : ["\(packagePath)/Package.swift", "\(packagePath)/Sources/**/*"]
        switch distribution {
        case .shards(let count):
            guard count >= 1 else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "a deploy cannot run in \(count) parallel jobs.", fix: "Use .shards(1) or more.")
            }
            // Managed layers are published by a job of their own first: the shards then need not keep
            // the functions sharing a layer together (one layer under every function would make one shard).
            let hasLayers = deployment.functions.contains { $0.layers.contains { if case .managed = $0 { true } else { false } } }
            var arguments = count > 1 ? ["--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\""] : []
            if hasLayers {
                var layers = GitLabJob(stage: "deploy", script: ["./\(binary) layers"])
                layers.image = GitLabImage(name: image)
                layers.needs = [GitLabNeed(job: "build", artifacts: true)]
                layers.rules = [GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")]
                layers.resourceGroup = "\(stage)-layers"
                jobs.append(Named(name: "layers", value: layers))
                arguments.append("--layers-published")
            }
            var deploy = deployJob(binary: binary, arguments: arguments.joined(separator: " "), image: image, stage: stage)
            if hasLayers { deploy.needs = [GitLabNeed(job: "build", artifacts: true), GitLabNeed(job: "layers")] }
            if count > 1 {
                deploy.parallel = .count(count)
                deploy.resourceGroup = "\(stage)-shard-$CI_NODE_INDEX"
            }
            jobs.append(Named(name: "deploy", value: deploy))
        case .perFunction:
            let root = (repositoryRoot as NSString).standardizingPath
            func relative(_ folder: String, of name: String) throws -> String {
                let full = (folder.hasPrefix("/") ? folder : (root as NSString).appendingPathComponent(folder) as String)
                let standard = (full as NSString).standardizingPath
                guard standard.hasPrefix(root + "/") else {
                    throw DeploymentDiagnosis(
                        kind: .invalidInput, summary: "\(name)'s folder \(folder) is not inside the repository \(repositoryRoot).",
                        fix: "Give folders inside the repository, or deploy with .shards(N), which needs no folders.")
                }
                return String(standard.dropFirst(root.count + 1))
            }
            var entries: [[Named<[String]>]] = []
            var layerJobs: [Named<GitLabJob>] = []
            for unit in DeploymentShards.units(deployment.functions, layersPublishedEarlier: false) {
                let functions = unit.map { deployment.functions[$0] }
                var folders: [String] = []
                for function in functions {
                    guard case .directory(let folder, _) = function.source else {
                        throw DeploymentDiagnosis(
                            kind: .invalidInput, summary: "\(function.name) is not built from a folder, so no change can select it.",
                            fix: "Build it from a folder (`.directory`), or deploy with .shards(N).")
                    }
                    folders.append(try relative(folder, of: function.name))
                    for case .managed(let layer) in function.layers {
                        switch layer.source {
                        case .directory(let folder, _), .dependencies(let folder, _): folders.append(try relative(folder, of: layer.name))
                        case .archive: break
                        }
                    }
                }
                let names = functions.map(\.name).joined(separator: ",")
                if functions.count == 1, functions[0].layers.allSatisfy({ if case .arn = $0 { return true } else { return false } }) {
                    entries.append([Named(name: "DEPLOY_FUNCTIONS", value: [names]), Named(name: "DEPLOY_FOLDER", value: [folders[0]])])
                    continue
                }
                // Functions building layers: a job of their own, run when any of their folders changed.
                var job = deployJob(binary: binary, arguments: "--functions \"\(names)\"", image: image, stage: stage)
                job.rules = [changedRule(Array(Set(folders)).sorted().map { "\($0)/**/*" } + tool)]
                job.resourceGroup = "\(stage)-\(functions[0].name)"
                layerJobs.append(Named(name: "deploy-\(functions[0].name)", value: job))
            }
            guard entries.count <= maximumMatrixEntries else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "\(entries.count) functions need a matrix entry each; GitLab runs at most \(maximumMatrixEntries).",
                    fix: "Deploy with .shards(N): unchanged functions are skipped by their fingerprints inside each job.")
            }
            if !entries.isEmpty {
                var deploy = deployJob(binary: binary, arguments: "--functions \"$DEPLOY_FUNCTIONS\"", image: image, stage: stage)
                deploy.parallel = .matrix(entries)
                deploy.rules = [changedRule(["$DEPLOY_FOLDER/**/*"] + tool)]
                deploy.resourceGroup = "\(stage)-$DEPLOY_FUNCTIONS"
                jobs.append(Named(name: "deploy", value: deploy))
            }
            jobs += layerJobs
        }
        // Started by hand: FUNCTION and VERSION as the run's pipeline variables (a shard's dotenv
        // report names each function's PREVIOUS_VERSION).
        var rollback = GitLabJob(stage: "deploy", script: ["./\(binary) rollback --function \"$FUNCTION\" --to \"$VERSION\""])
        rollback.image = GitLabImage(name: image)
        rollback.needs = [GitLabNeed(job: "build", artifacts: true)]
        rollback.rules = [GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "manual")]
        rollback.allowFailure = .allowed(true)
        rollback.environment = GitLabEnvironment(name: stage)
        rollback.resourceGroup = "\(stage)-rollback"
        jobs.append(Named(name: "rollback", value: rollback))
        return GitLabPipeline(stages: ["test", "build", "deploy"], jobs: jobs)
    }

    /// A deploy job running the tool with `arguments`, on the default branch, reports kept always.
    private static func deployJob(binary: String, arguments: String, image: String, stage: String) -> GitLabJob {
        let extra = arguments.isEmpty ? "" : arguments + " "
        var deploy = GitLabJob(stage: "deploy", script: ["./\(binary) \(extra)--dotenv deploy.env --junit deploy-junit.xml"])
        deploy.image = GitLabImage(name: image)
        deploy.needs = [GitLabNeed(job: "build", artifacts: true)]
        deploy.rules = [GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")]
        deploy.environment = GitLabEnvironment(name: stage)
        deploy.artifacts = GitLabArtifacts(reports: GitLabArtifactReports(dotenv: ["deploy.env"], junit: ["deploy-junit.xml"]))
        deploy.artifacts?.when = "always"
        deploy.resourceGroup = stage
        return deploy
    }

    /// On the default branch, when one of `paths` changed.
    private static func changedRule(_ paths: [String]) -> GitLabRule {
        var rule = GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")
        rule.changes = .sequence(paths.map { YAMLNode.string($0) })
        return rule
    }
}
