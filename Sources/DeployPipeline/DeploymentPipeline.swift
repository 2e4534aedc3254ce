import DeployCore
import DeployLambda
import DeploySTS
import DeploySecrets
import Foundation
import Logging
import Synchronization

/// The seed's whole pipeline as a reconciler: the desired state (the configuration), the live
/// state read from AWS, a typed plan of the differences, and one executor that carries it out —
/// package → role → function → configuration → publish → health check → alias → API → endpoint
/// check → prune, with rollback as each step's compensation, for one function or many.
///
/// ```swift
/// let pipeline = DeploymentPipeline(configuration: aws)
/// let plan = try await pipeline.plan(DeploymentConfiguration(functions: [hello]))
/// print(plan)                                          // the dry run: + create, ~ update, - delete
/// let report = await pipeline.apply(plan).report()     // exactly that plan
/// print(report.endpointLines.joined(separator: "\n"))  // GET - https://ID.execute-api.us-east-1.amazonaws.com/production/hello
/// ```
///
/// ``run(_:)`` and ``deploy(_:)`` plan and apply in one go, each function as soon as it is planned.
public struct DeploymentPipeline: Sendable {
    /// The region, credentials, transport and retry policy every call goes through.
    public let configuration: AWSConfiguration
    /// Reads environment values given as secrets (by default a cache over Secrets Manager in the same configuration).
    public let secrets: SecretCache?
    /// Where the steps are logged (one `info` line per step, `error` for a failure, `warning` for a
    /// rollback), through a ``/DeployCore/RedactingLogHandler`` over the logger given.
    public let logger: Logger
    /// What is removed from every event, log line, report and diagnosis: the secrets the run
    /// resolves, the credentials that sign, and key-shaped strings (``/DeployCore/Redactor/shared``
    /// by default).
    public let redactor: Redactor
    /// How often waiters poll Lambda.
    public var pollInterval: Duration = .milliseconds(500)
    /// How long a rollback keeps trying before the report says it failed (it runs even when the
    /// run is cancelled, bounded by this deadline).
    public var rollbackDeadline: Duration = .seconds(120)
    /// How many published versions each function keeps (the newest; a version an alias points at
    /// is never deleted). `0` keeps every version.
    public var keptVersions = 10
    /// Where packages go on their way to Lambda: in the request up to 50 MB, through the S3
    /// deployment bucket above it (see ``ArtifactSettings``).
    public var artifacts = ArtifactSettings()
    /// The time rollouts read and the sleeps their bakes take (``DeployClock/virtual(startingAt:)``
    /// in tests).
    public var clock = DeployClock.system

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

    /// Plans and applies; the run's events arrive on ``DeploymentRun/events``, its report from ``DeploymentRun/report()``.
    public func run(_ deployment: DeploymentConfiguration) -> DeploymentRun {
        start { emit in await execute(deployment, emit: emit) }
    }

    /// Plans, applies, and waits for the report.
    public func deploy(_ deployment: DeploymentConfiguration) async -> DeploymentReport {
        await run(deployment).report()
    }

    /// Applies exactly `plan` (made by ``plan(_:)``): nothing is read again, nothing is added.
    public func apply(_ plan: DeploymentPlan) -> DeploymentRun {
        start { emit in await execute(plan, emit: emit) }
    }

    /// The dry run: the plan for each function, read from AWS with `Get`/`List` calls only.
    /// Packages are built locally to compare their `CodeSha256` with Lambda's — except a function whose inputs are
    /// unchanged (``DeploymentConfiguration/skipsUnchangedFunctions``).
    public func plan(_ deployment: DeploymentConfiguration) async throws -> DeploymentPlan {
        try await planEach(deployment, resolvingStack: true) { function, setup, context in
            await self.planFunction(function, clients: setup.clients, account: setup.account, shared: setup.shared, context: context)
        }
    }

    /// Checks the credentials once, then plans each function with `planner`, at most
    /// `maximumConcurrency` at once.
    private func planEach(
        _ deployment: DeploymentConfiguration, resolvingStack: Bool,
        _ planner: @escaping @Sendable (FunctionDeployment, Setup, RunContext) async -> DeploymentPlan.FunctionPlan
    ) async throws -> DeploymentPlan {
        let setup = try await prepare(deployment, emit: { _ in })
        var deployment = deployment
        if resolvingStack, let stack = deployment.stack {
            guard let outputs = try await StackResource.outputs(stack, clients: setup.clients) else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "the resources stack \(stack.name) does not exist yet, and the functions take values from it.",
                    fix: "Deploy (`deploy`, not `plan`): the stack is created before the functions are planned.")
            }
            deployment = try deployment.resolvingStack(outputs)
        }
        let context = runContext(deployment, emit: { _ in })
        let functions = await bounded(deployment.functions, limit: deployment.maximumConcurrency) { await planner($0, setup, context) }
        return DeploymentPlan(account: setup.account, functions: functions, deployment: deployment, clients: setup.clients)
    }

    /// The plan to the empty state for `deployment`'s functions (a stage, a review app): the REST
    /// API, the function with its versions, aliases and permissions, its logging policy and its
    /// role — each only when this library created it. Print it to see what would go; pass it to
    /// ``apply(_:)`` to delete (GitLab review apps call this from `environment: on_stop`).
    public func planTeardown(_ deployment: DeploymentConfiguration) async throws -> DeploymentPlan {
        var teardown = deployment
        teardown.allowsProductionFromAnyBranch = true  // tearing down is not deploying
        var plan = try await planEach(teardown, resolvingStack: false) { function, setup, context in
            await self.planTeardown(function, clients: setup.clients, context: context)
        }
        if let stack = deployment.stack, let clients = plan.clients,
            let live = try await clients.cloudFormation.stack(stack.name), live.tags[Teardown.managedTag] == "true"
        {
            plan.stackToDelete = live.name
        }
        return plan
    }

    /// Moves `alias` of `function` to `version` at once, clearing any canary weight.
    public func rollback(function: String, alias: String = "live", to version: String) async throws -> AliasConfiguration {
        let lambda = LambdaClient(configuration: configuration)
        let moved = try await lambda.updateAlias(function, name: alias, version: version, weights: [:])
        logger.warning("rolled back by request", metadata: ["function": "\(function)", "alias": "\(alias)", "version": "\(version)"])
        return moved
    }

    // MARK: Running

    private func start(
        _ body: @escaping @Sendable (@escaping @Sendable (DeploymentEvent) -> Void) async -> DeploymentReport
    ) -> DeploymentRun {
        let (events, continuation) = AsyncStream.makeStream(of: DeploymentEvent.self, bufferingPolicy: .unbounded)
        let redactor = redactor
        let task = Task {
            let report = await body { continuation.yield($0.redacted(by: redactor)) }.redacted(by: redactor)
            continuation.finish()
            return report
        }
        return DeploymentRun(events: events, task: task)
    }

    /// What every function of a run shares once credentials are checked.
    struct Setup: Sendable {
        var clients: ServiceClients
        var account: String
        var shared = SharedResources()
    }

    func prepare(_ deployment: DeploymentConfiguration, emit: @escaping @Sendable (DeploymentEvent) -> Void) async throws -> Setup {
        if let refusal = branchRefusal(deployment) { throw refusal }
        try FileManager.default.createDirectory(atPath: deployment.workDirectory, withIntermediateDirectories: true)
        let clients = ServiceClients(configuration: configuration, secrets: secrets, pollInterval: pollInterval)
        emit(.stepStarted(function: "*", step: .preflight))
        let started = ContinuousClock.now
        let identity = try await clients.sts.checkCredentials()
        emit(
            .stepFinished(
                function: "*", step: .preflight, detail: "credentials of \(identity.arn) in \(configuration.region.name)",
                duration: ContinuousClock.now - started))
        return Setup(clients: clients, account: identity.account, shared: SharedResources(planning: deployment.functions))
    }

    func runContext(_ deployment: DeploymentConfiguration, emit: @escaping @Sendable (DeploymentEvent) -> Void) -> RunContext {
        RunContext(
            emit: emit, logger: logger, gitLab: deployment.gitLab, workDirectory: deployment.workDirectory,
            region: configuration.region.name,
            redactor: redactor,
            keptVersions: keptVersions,
            artifacts: artifacts,
            clock: clock,
            skipsUnchangedFunctions: deployment.skipsUnchangedFunctions,
            executor: PlanExecutor(
                compensationDeadline: rollbackDeadline, compensationDelay: pollInterval,
                sleep: configuration.retryPolicy.sleep))
    }

    private func execute(
        _ requested: DeploymentConfiguration, emit: @escaping @Sendable (DeploymentEvent) -> Void
    ) async -> DeploymentReport {
        let started = ContinuousClock.now
        emit(.runStarted(functions: requested.functions.map(\.name)))
        let setup: Setup
        let deployment: DeploymentConfiguration
        do {
            setup = try await prepare(requested, emit: emit)
            deployment = try await ensureStack(requested, clients: setup.clients, emit: emit)
        } catch {
            return refuse(error, requested, started: started, emit: emit)
        }
        let context = runContext(deployment, emit: emit)
        let stop = StopSignal()
        // Unchanged functions are found with reads only: several times more are checked at once than
        // deployed. Not when the run stops on its first failure: functions then start in their order.
        let lanes = WorkLanes(count: deployment.maximumConcurrency)
        let wide = deployment.skipsUnchangedFunctions && !deployment.stopsOnFirstFailure
        let width = deployment.maximumConcurrency * (wide ? WorkLanes.checksPerLane : 1)
        let reports = await bounded(deployment.functions, limit: width) { function -> FunctionReport in
            guard !stop.isSet else { return FunctionReporter.notStarted(function) }
            let plan = await self.planFunction(
                function, clients: setup.clients, account: setup.account, shared: setup.shared, context: context, lanes: lanes)
            guard !plan.wasStopped else { return FunctionReporter.notStarted(function) }
            let report = await self.applyFunction(plan, context: context)
            if !report.succeeded, deployment.stopsOnFirstFailure {
                stop.set()
                await lanes.close()  // before this lane is handed on
            }
            await lanes.leave(function.name)
            return report
        }
        return finish(reports, deployment, clients: setup.clients, started: started, emit: emit)
    }

    private func execute(_ plan: DeploymentPlan, emit: @escaping @Sendable (DeploymentEvent) -> Void) async -> DeploymentReport {
        let started = ContinuousClock.now
        let deployment = plan.deployment
        emit(.runStarted(functions: plan.functions.map(\.name)))
        let isTeardown = !plan.functions.isEmpty && plan.functions.allSatisfy(\.isTeardown)
        do {
            // The plan was made against the stack's outputs; its resources may still need their change.
            if !isTeardown, let clients = plan.clients { _ = try await ensureStack(deployment, clients: clients, emit: emit) }
        } catch {
            return refuse(error, deployment, started: started, emit: emit)
        }
        let context = runContext(deployment, emit: emit)
        let reports = await bounded(plan.functions, limit: deployment.maximumConcurrency) { await self.applyFunction($0, context: context) }
        // The functions went first (their mappings name its queues); the stack goes once they all did.
        var failure: DeploymentDiagnosis?
        if let stack = plan.stackToDelete, let clients = plan.clients, reports.allSatisfy(\.succeeded) {
            do {
                emit(.stepStarted(function: "*", step: .resources))
                let begun = ContinuousClock.now
                try await StackResource.delete(stack, clients: clients)
                emit(
                    .stepFinished(function: "*", step: .resources, detail: "stack \(stack) deleted", duration: ContinuousClock.now - begun))
            } catch {
                failure = DeploymentDiagnosis.diagnose(error, function: stack, region: configuration.region.name)
            }
        }
        return finish(reports, deployment, clients: plan.clients, started: started, diagnosis: failure, emit: emit)
    }

    /// The service's `resources:` stack in place (created, updated or kept), and `deployment`'s
    /// references to it resolved from its outputs.
    private func ensureStack(
        _ deployment: DeploymentConfiguration, clients: ServiceClients, emit: @Sendable (DeploymentEvent) -> Void
    ) async throws -> DeploymentConfiguration {
        guard let stack = deployment.stack else { return deployment }
        emit(.stepStarted(function: "*", step: .resources))
        let started = ContinuousClock.now
        let result = try await StackResource.ensure(stack, clients: clients)
        emit(.stepFinished(function: "*", step: .resources, detail: result.detail, duration: ContinuousClock.now - started))
        return try deployment.resolvingStack(result.outputs)
    }

    private func refuse(
        _ error: any Error, _ deployment: DeploymentConfiguration, started: ContinuousClock.Instant,
        emit: @Sendable (DeploymentEvent) -> Void
    ) -> DeploymentReport {
        let diagnosis = DeploymentDiagnosis.diagnose(
            error, function: deployment.functions.first?.name ?? "the function", region: configuration.region.name)
        logger.error("deploy refused", metadata: ["diagnosis": "\(diagnosis.summary)"])
        let report = DeploymentReport(functions: [], duration: ContinuousClock.now - started, diagnosis: diagnosis)
        emit(.runFinished(succeeded: false, duration: report.duration))
        return report
    }

    private func finish(
        _ reports: [FunctionReport], _ deployment: DeploymentConfiguration, clients: ServiceClients?, started: ContinuousClock.Instant,
        diagnosis: DeploymentDiagnosis? = nil, emit: @Sendable (DeploymentEvent) -> Void
    ) -> DeploymentReport {
        var report = DeploymentReport(functions: reports, duration: ContinuousClock.now - started, diagnosis: diagnosis)
        report.awsCalls = clients?.counter.calls ?? 0
        report.roundTrips = clients?.counter.roundTrips ?? 0
        if let path = deployment.dotenvPath {
            do {
                try DotenvFile.write(DotenvFile.values(for: report.redacted(by: redactor)), to: path)
            } catch {
                report.diagnosis = DeploymentDiagnosis(
                    kind: .other, summary: "the dotenv report \(path) could not be written: \(error)",
                    fix: "Check the folder exists and is writable.")
            }
        }
        emit(.runFinished(succeeded: report.succeeded, duration: report.duration))
        return report
    }

    /// A production stage may only deploy from the default branch, unless the configuration allows it.
    private func branchRefusal(_ deployment: DeploymentConfiguration) -> DeploymentDiagnosis? {
        let gitLab = deployment.gitLab
        guard !deployment.allowsProductionFromAnyBranch, !gitLab.isDefaultBranch,
            let production = deployment.functions.first(where: { deployment.productionStages.contains($0.api.stage) })
        else { return nil }
        return DeploymentDiagnosis(
            kind: .branchNotAllowed,
            summary:
                "refusing to deploy \(production.name) to the \(production.api.stage) stage from \(gitLab.refName ?? "this branch"): "
                + "production deploys come from \(gitLab.defaultBranch ?? "the default branch").",
            fix:
                "Merge into \(gitLab.defaultBranch ?? "the default branch") and deploy from there (`rules: - if: $CI_COMMIT_BRANCH == "
                + "$CI_DEFAULT_BRANCH`), or set allowsProductionFromAnyBranch for a deliberate exception."
        )
    }
}

/// A run in progress.
public struct DeploymentRun: Sendable {
    /// Progress, ending after ``DeploymentEvent/runFinished(succeeded:duration:)``.
    public let events: AsyncStream<DeploymentEvent>
    let task: Task<DeploymentReport, Never>

    /// The report, once the run ends.
    public func report() async -> DeploymentReport { await task.value }

    /// Cancels the run: no action starts after this, what has moved production is put back (that
    /// rollback is not cancelled), and the report says `cancelled` and what serves.
    public func cancel() { task.cancel() }
}

/// What every function of one run shares.
struct RunContext: Sendable {
    var emit: @Sendable (DeploymentEvent) -> Void
    var logger: Logger
    var gitLab: GitLabContext
    var workDirectory: String
    var region: String
    var redactor: Redactor
    var keptVersions: Int
    var artifacts: ArtifactSettings
    var clock: DeployClock
    var skipsUnchangedFunctions = false
    var executor: PlanExecutor
}

/// Set once a function fails in a run that stops on the first failure.
final class StopSignal: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}

/// `transform` over `items`, at most `limit` at once, results in the items' order.
func bounded<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, _ transform: @escaping @Sendable (Item) async -> Result
) async -> [Result] {
    await withTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        func startNext() {
            guard next < items.count else { return }
            let index = next
            group.addTask { (index, await transform(items[index])) }
            next += 1
        }
        for _ in 0..<max(1, limit) { startNext() }
        while let (index, result) = await group.next() {
            results[index] = result
            startNext()
        }
        return results.map { $0! }
    }
}
