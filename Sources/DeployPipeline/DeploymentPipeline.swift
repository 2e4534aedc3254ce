import DeployCore
import DeployLambda
import DeploySecrets
import DeploySTS
import Foundation
import Logging

/// The seed's whole pipeline as one call: package → preflight → create or update → configure →
/// publish → API Gateway → health check → alias, with rollback, for one function or many.
///
/// ```swift
/// let pipeline = DeploymentPipeline(configuration: aws)
/// let run = pipeline.run(DeploymentConfiguration(functions: [hello]))
/// for await event in run.events { print(event) }      // progress
/// let report = await run.report()                      // ARNs, versions, endpoints, diagnoses
/// print(report.endpointLines.joined(separator: "\n"))  // GET - https://ID.execute-api.us-east-1.amazonaws.com/production/hello
/// ```
public struct DeploymentPipeline: Sendable {
    /// The region, credentials, transport and retry policy every call goes through.
    public let configuration: AWSConfiguration
    /// Reads environment values given as secrets (by default a cache over Secrets Manager in the same configuration).
    public let secrets: SecretCache?
    /// Where the steps are logged (one `info` line per step, `error` for a failure, `warning` for a
    /// rollback), through a ``DeployCore/RedactingLogHandler`` over the logger given.
    public let logger: Logger
    /// What is removed from every event, log line, report and diagnosis: the secrets the run
    /// resolves, the credentials that sign, and key-shaped strings (``DeployCore/Redactor/shared``
    /// by default).
    public let redactor: Redactor
    /// How often waiters poll Lambda.
    public var pollInterval: Duration = .milliseconds(500)
    /// How many times a rollback is tried before the report says it failed.
    public var rollbackAttempts = 12

    /// A pipeline over `configuration`; `secrets` and `logger` default as described on the properties.
    public init(configuration: AWSConfiguration, secrets: SecretCache? = nil, logger: Logger? = nil, redactor: Redactor = .shared) {
        self.configuration = configuration
        self.secrets = secrets
        let base = logger ?? Logger(label: "LambdaDeployKit.pipeline")
        var redacting = Logger(label: base.label) { _ in RedactingLogHandler(wrapping: base.handler, redactor: redactor) }
        redacting.logLevel = base.logLevel
        self.logger = redacting
        self.redactor = redactor
    }

    /// Starts a run; its events arrive on ``DeploymentRun/events``, its report from ``DeploymentRun/report()``.
    public func run(_ deployment: DeploymentConfiguration) -> DeploymentRun {
        let (events, continuation) = AsyncStream.makeStream(of: DeploymentEvent.self, bufferingPolicy: .unbounded)
        let task = Task { [self, redactor] in
            let report = await execute(deployment, emit: { continuation.yield($0.redacted(by: redactor)) }).redacted(by: redactor)
            continuation.finish()
            return report
        }
        return DeploymentRun(events: events, task: task)
    }

    /// Runs and waits for the report.
    public func deploy(_ deployment: DeploymentConfiguration) async -> DeploymentReport {
        await run(deployment).report()
    }

    private func execute(_ deployment: DeploymentConfiguration, emit: @escaping @Sendable (DeploymentEvent) -> Void) async -> DeploymentReport {
        let started = ContinuousClock.now
        emit(.runStarted(functions: deployment.functions.map(\.name)))
        func refuse(_ diagnosis: DeploymentDiagnosis) -> DeploymentReport {
            logger.error("deploy refused", metadata: ["diagnosis": "\(diagnosis.summary)"])
            let report = DeploymentReport(functions: [], duration: ContinuousClock.now - started, diagnosis: diagnosis)
            emit(.runFinished(succeeded: false, duration: report.duration))
            return report
        }
        if let refusal = branchRefusal(deployment) { return refuse(refusal) }
        let clients: ServiceClients
        let account: String
        do {
            try FileManager.default.createDirectory(atPath: deployment.workDirectory, withIntermediateDirectories: true)
            clients = try ServiceClients(configuration: configuration, secrets: secrets, pollInterval: pollInterval)
            emit(.stepStarted(function: "*", step: .preflight))
            let preflightStart = ContinuousClock.now
            let identity = try await clients.sts.checkCredentials()
            account = identity.account
            emit(.stepFinished(function: "*", step: .preflight, detail: "credentials of \(identity.arn) in \(configuration.region.name)", duration: ContinuousClock.now - preflightStart))
        } catch {
            return refuse(DeploymentDiagnosis.diagnose(error, function: deployment.functions.first?.name ?? "the function", region: configuration.region.name))
        }
        let context = RunContext(emit: emit, logger: logger, gitLab: deployment.gitLab, workDirectory: deployment.workDirectory,
                                 rollbackAttempts: rollbackAttempts, redactor: redactor)
        let reports = await deployAll(deployment, clients: clients, account: account, context: context)
        var report = DeploymentReport(functions: reports, duration: ContinuousClock.now - started)
        if let path = deployment.dotenvPath {
            do {
                try DotenvFile.write(DotenvFile.values(for: report.redacted(by: redactor)), to: path)
            } catch {
                report.diagnosis = DeploymentDiagnosis(kind: .other, summary: "the dotenv report \(path) could not be written: \(error)", fix: "Check the folder exists and is writable.")
            }
        }
        emit(.runFinished(succeeded: report.succeeded, duration: report.duration))
        return report
    }

    /// Deploys the functions with at most `maximumConcurrency` at once, in the configuration's order.
    private func deployAll(_ deployment: DeploymentConfiguration, clients: ServiceClients, account: String, context: RunContext) async -> [FunctionReport] {
        await withTaskGroup(of: (Int, FunctionReport).self) { group in
            var results: [Int: FunctionReport] = [:]
            var next = 0
            var stopped = false
            func startNext() {
                guard next < deployment.functions.count, !stopped else { return }
                let index = next
                let deployer = FunctionDeployer(function: deployment.functions[index], clients: clients, account: account, context: context)
                group.addTask { (index, await deployer.run()) }
                next += 1
            }
            for _ in 0..<deployment.maximumConcurrency { startNext() }
            while let (index, report) = await group.next() {
                results[index] = report
                if !report.succeeded, deployment.stopsOnFirstFailure { stopped = true }
                startNext()
            }
            return deployment.functions.indices.map { index in
                results[index] ?? FunctionReport(name: deployment.functions[index].name, outcome: .failed(step: .package), alias: deployment.functions[index].alias,
                                                 endpoints: [], steps: [], diagnosis: DeploymentDiagnosis(kind: .other, summary: "not started: an earlier function failed and the run stops on the first failure.", fix: "Fix that function and deploy again."), duration: .zero)
            }
        }
    }

    /// A production stage may only deploy from the default branch, unless the configuration allows it.
    private func branchRefusal(_ deployment: DeploymentConfiguration) -> DeploymentDiagnosis? {
        let gitLab = deployment.gitLab
        guard !deployment.allowsProductionFromAnyBranch, !gitLab.isDefaultBranch,
              let production = deployment.functions.first(where: { deployment.productionStages.contains($0.api.stage) }) else { return nil }
        return DeploymentDiagnosis(
            kind: .branchNotAllowed,
            summary: "refusing to deploy \(production.name) to the \(production.api.stage) stage from \(gitLab.refName ?? "this branch"): production deploys come from \(gitLab.defaultBranch ?? "the default branch").",
            fix: "Merge into \(gitLab.defaultBranch ?? "the default branch") and deploy from there (`rules: - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`), or set allowsProductionFromAnyBranch for a deliberate exception.")
    }

    /// Moves `alias` of `function` to `version` at once, clearing any canary weight.
    public func rollback(function: String, alias: String = "live", to version: String) async throws -> AliasConfiguration {
        let lambda = try LambdaClient(configuration: configuration)
        let moved = try await lambda.updateAlias(function, name: alias, version: version, weights: [:])
        logger.warning("rolled back by request", metadata: ["function": "\(function)", "alias": "\(alias)", "version": "\(version)"])
        return moved
    }
}

/// A run in progress.
public struct DeploymentRun: Sendable {
    /// Progress, ending after ``DeploymentEvent/runFinished(succeeded:duration:)``.
    public let events: AsyncStream<DeploymentEvent>
    let task: Task<DeploymentReport, Never>

    /// The report, once the run ends.
    public func report() async -> DeploymentReport { await task.value }

    /// Cancels the run; steps in flight end promptly and the report says what was left.
    public func cancel() { task.cancel() }
}

/// What every function's deployer shares in one run.
struct RunContext: Sendable {
    var emit: @Sendable (DeploymentEvent) -> Void
    var logger: Logger
    var gitLab: GitLabContext
    var workDirectory: String
    var rollbackAttempts: Int
    var redactor: Redactor
}
