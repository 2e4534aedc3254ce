import DeployCore
import DeploySecrets
import DeployZip
import Foundation

extension DeploymentPipeline {
    /// Builds the package, resolves the environment, reads the live state and plans the actions;
    /// a failure on the way becomes the plan's diagnosis (nothing was changed). A function that has
    /// to be built takes one of `lanes` first (the caller frees it once the function is applied).
    func planFunction(
        _ function: FunctionDeployment, clients: ServiceClients, account: String, shared: SharedResources,
        context: RunContext, lanes: WorkLanes? = nil
    ) async -> DeploymentPlan.FunctionPlan {
        var plan = DeploymentPlan.FunctionPlan(name: function.name, actions: [], planningSteps: [])
        var step = DeploymentStep.package
        do {
            context.emit(.stepStarted(function: function.name, step: .package))
            let started = ContinuousClock.now
            try ConfigurationCheck.check(function)
            try ConfigurationCheck.checkSharedRole(function, shared: shared)
            try BucketEventCheck.check(function)
            try BucketEventCheck.checkOverlaps(function, shared: shared)
            // A layer several functions share is built once per run.
            var layerPackages: [(name: String, package: BuiltPackage)] = []
            for case .managed(let layer) in function.layers {
                let package = try await shared.once("layer-build:\(layer.name)") {
                    try await PackagePreflight.layer(layer, workDirectory: context.workDirectory)
                }
                layerPackages.append((layer.name, package))
            }
            var fingerprint: InputFingerprint?
            var inUse: LiveFunctionState?
            if context.skipsUnchangedFunctions {
                // The files' digests by `stat`, kept in the work directory: an unchanged tree is listed, not read.
                let cache = FingerprintCache(
                    path: (context.workDirectory as NSString).appendingPathComponent(".fingerprints/\(function.name)"))
                fingerprint = try InputFingerprint.of(function, layerCodeSHA256s: layerPackages.map(\.package.codeSHA256), cache: cache)
                do {
                    try cache.save()
                } catch {
                    context.logger.warning(
                        "the fingerprint cache could not be saved", metadata: ["path": "\(cache.path)", "error": "\(error)"])
                }
            }
            // Over Lambda's limits, the package is built to name what is too big before AWS is asked anything.
            if let inputs = fingerprint,
                UnzippedSizeCheck.isWithinLimits(function, uncompressedBytes: inputs.source.bytes, layers: layerPackages)
            {
                step = .function
                let current = try await LiveFunctionState.read(function, account: account, clients: clients, shared: shared, scope: .inUse)
                inUse = current
                if let unchanged = try await unchangedPlan(
                    function, fingerprint: inputs, live: current, layerPackages: layerPackages, clients: clients, account: account,
                    shared: shared, context: context)
                {
                    plan.inputs = unchanged.inputs
                    plan.servingVersion = current.alias?.functionVersion
                    plan.actions = unchanged.actions
                    let record = FunctionReport.StepRecord(
                        step: .package, detail: unchanged.inputs.package.detail, duration: ContinuousClock.now - started)
                    plan.planningSteps.append(record)
                    context.emit(.stepFinished(function: function.name, step: .package, detail: record.detail, duration: record.duration))
                    return plan
                }
                step = .package
            }
            if let lanes, !(await lanes.enter(function.name)) {
                plan.wasStopped = true
                return plan
            }
            let package = try await PackagePreflight.package(
                function, workDirectory: context.workDirectory, layers: layerPackages.map(\.package))
            try UnzippedSizeCheck.check(function, package: package, layers: layerPackages)
            let record = FunctionReport.StepRecord(step: .package, detail: package.detail, duration: ContinuousClock.now - started)
            plan.planningSteps.append(record)
            context.emit(.stepFinished(function: function.name, step: .package, detail: record.detail, duration: record.duration))
            step = .function
            let environment = try await resolvedEnvironment(function, secrets: clients.secrets, redactor: context.redactor)
            async let artifact = ArtifactResource.read(
                function.artifactName ?? function.name, package: package, account: account, settings: context.artifacts, clients: clients)
            let layers = try await readLayers(
                function, built: layerPackages, account: account, shared: shared, clients: clients, context: context)
            // Everything, what the configuration no longer has included: this deploy removes it.
            let current: LiveFunctionState
            if let inUse {
                current = try await inUse.completed(function, account: account, clients: clients, shared: shared)
            } else {
                current = try await LiveFunctionState.read(function, account: account, clients: clients, shared: shared)
            }
            let inputs = PlanInputs(
                function: function, package: package, environment: environment, account: account, live: current,
                artifact: try await artifact, fingerprint: fingerprint, layers: layers, clients: clients, shared: shared,
                context: context)
            plan.inputs = inputs
            plan.servingVersion = current.alias?.functionVersion
            plan.actions = FunctionPlanner.actions(inputs, keepingVersions: context.keptVersions)
        } catch {
            var diagnosis = DeploymentDiagnosis.diagnose(error, function: function.name, region: clients.region.name)
            if diagnosis.kind == .permissionDenied, let action = diagnosis.missingAction {
                let arn = "arn:\(clients.region.partition.id):lambda:\(clients.region.name):\(account):function:\(function.name)"
                diagnosis.policyStatement = #"{"Effect": "Allow", "Action": "\#(action)", "Resource": ["\#(arn)", "\#(arn):*"]}"#
            }
            plan.diagnosis = diagnosis
            plan.failedStep = step
        }
        return plan
    }

    /// The inputs of a function whose fingerprint is the one the serving version records, with that
    /// version's `CodeSha256` standing for the package that was not built, and their plan — when it
    /// changes nothing (no drift: `$LATEST`, the alias, the configuration, the API and the event
    /// sources are as wanted); `nil` otherwise, and the package is built.
    private func unchangedPlan(
        _ function: FunctionDeployment, fingerprint: InputFingerprint, live: LiveFunctionState,
        layerPackages: [(name: String, package: BuiltPackage)], clients: ServiceClients, account: String, shared: SharedResources,
        context: RunContext
    ) async throws -> (inputs: PlanInputs, actions: [PlannedAction])? {
        guard let served = live.served, let codeSHA256 = served.codeSHA256, live.servedFingerprint == fingerprint.hex else { return nil }
        let package = BuiltPackage(
            path: "", size: served.codeSize ?? 0, codeSHA256: codeSHA256,
            detail: "unchanged (fingerprint \(fingerprint.short)): not built", uncompressedBytes: 0, wasBuilt: false)
        let environment = try await resolvedEnvironment(function, secrets: clients.secrets, redactor: context.redactor)
        let layers = try await readLayers(
            function, built: layerPackages, account: account, shared: shared, clients: clients, context: context)
        let inputs = PlanInputs(
            function: function, package: package, environment: environment, account: account, live: live, artifact: nil,
            fingerprint: fingerprint, layers: layers, clients: clients, shared: shared, context: context)
        let actions = FunctionPlanner.actions(inputs, keepingVersions: context.keptVersions)
        // Pruning what an earlier run left is no reason to build.
        let changes = actions.filter { $0.change.isMutating && $0.step != .prune }
        guard changes.isEmpty else {
            context.logger.info(
                "inputs unchanged, but the live state drifted: building",
                metadata: [
                    "function": "\(function.name)",
                    "changes": "\(changes.flatMap(\.diffLines).joined(separator: "; "))",
                ])
            return nil
        }
        return (inputs, actions)
    }

    /// The function's managed layers as Lambda has them, each read once per run.
    private func readLayers(
        _ function: FunctionDeployment, built: [(name: String, package: BuiltPackage)], account: String, shared: SharedResources,
        clients: ServiceClients, context: RunContext
    ) async throws -> [LayerResource.Planned] {
        var layers: [LayerResource.Planned] = []
        for case .managed(let layer) in function.layers {
            guard let package = built.first(where: { $0.name == layer.name })?.package else { continue }
            layers.append(
                try await shared.once("layer-read:\(layer.name)") {
                    try await LayerResource.read(layer, package: package, account: account, settings: context.artifacts, clients: clients)
                })
        }
        return layers
    }

    /// Reads what exists of the function and plans its removal.
    func planTeardown(_ function: FunctionDeployment, clients: ServiceClients, context: RunContext) async -> DeploymentPlan.FunctionPlan {
        var plan = DeploymentPlan.FunctionPlan(name: function.name, actions: [], planningSteps: [])
        plan.isTeardown = true
        plan.failedStep = .function
        do {
            let live = try await Teardown.read(function, clients: clients)
            plan.actions = Teardown.actions(function, live: live, clients: clients)
        } catch {
            plan.diagnosis = DeploymentDiagnosis.diagnose(error, function: function.name, region: clients.region.name)
        }
        return plan
    }

    /// Applies one function's plan and reports what happened.
    ///
    /// When Lambda refuses a write for a stale `RevisionId`, the function is read and planned
    /// again (``ConcurrentChange``): a compatible change is applied over, once; a conflicting one
    /// stops the run with a diagnosis naming what changed underneath it.
    func applyFunction(_ plan: DeploymentPlan.FunctionPlan, context: RunContext, isReplan: Bool = false) async -> FunctionReport {
        let started = ContinuousClock.now
        if plan.isTeardown, plan.diagnosis == nil {
            var executor = context.executor
            executor.observer = FunctionReporter.observer(function: plan.name, alias: "", previous: nil, context: context) {
                DeploymentDiagnosis.diagnose($0, function: plan.name, region: context.region)
            }
            let outcome = await executor.apply(plan.actions, state: ApplyState())
            let report = FunctionReporter.teardownReport(
                plan, outcome: outcome, region: context.region, duration: ContinuousClock.now - started)
            context.emit(.functionFinished(report))
            return report
        }
        guard let inputs = plan.inputs, plan.diagnosis == nil else {
            let report = FunctionReporter.failedBeforeApply(plan, context: context, duration: ContinuousClock.now - started)
            context.emit(.functionFinished(report))
            return report
        }
        let state = ApplyState()
        state.set(FunctionKeys.revision, inputs.live.latest?.revisionID)
        state.set(FunctionKeys.aliasRevision, inputs.live.alias?.revisionID)
        state.set(FunctionKeys.emit, context.emit)
        var executor = context.executor
        executor.observer = FunctionReporter.observer(
            function: plan.name, alias: inputs.function.alias, previous: plan.servingVersion,
            context: context
        ) { FunctionReporter.diagnose($0, inputs: inputs) }
        let outcome = await executor.apply(plan.actions, state: state)
        var report = FunctionReporter.report(plan, inputs: inputs, outcome: outcome, state: state, duration: ContinuousClock.now - started)
        if !isReplan, !outcome.wasCancelled, ConcurrentChange.isRevisionConflict(outcome.failure?.error) {
            // What this attempt wrote itself is not a change made underneath it.
            let written = Set(
                plan.actions.filter { $0.change.isMutating && outcome[$0.id]?.succeeded == true }.flatMap { $0.attributes.map(\.name) })
            switch await replan(plan, inputs: inputs, written: written, context: context) {
            case .compatible(let again, let changes):
                var replanned = await applyFunction(again, context: context, isReplan: true)
                let note = FunctionReport.StepRecord(
                    step: .function, detail: "re-planned after a compatible concurrent change: \(changes)", duration: .zero)
                replanned.steps = report.steps + [note] + replanned.steps
                replanned.duration = ContinuousClock.now - started
                return replanned
            case .conflicting(let changes):
                report.diagnosis = ConcurrentChange.diagnosis(
                    function: plan.name, conflicts: changes, refused: outcome.failure?.error as? AWSServiceError)
            }
        }
        context.emit(.functionFinished(report))
        return report
    }

    /// What a fresh read says after Lambda refused a stale revision.
    private enum Replan {
        /// The changes underneath are compatible: the function planned again, and the changes.
        case compatible(DeploymentPlan.FunctionPlan, String)
        /// They are not (or could not be read): what changed underneath.
        case conflicting([AttributeChange])
    }

    /// The function planned again on a fresh read, when what changed underneath is compatible
    /// with it (the new plan changes none of it).
    private func replan(
        _ plan: DeploymentPlan.FunctionPlan, inputs: PlanInputs, written: Set<String>, context: RunContext
    ) async -> Replan {
        guard let live = try? await LiveFunctionState.read(inputs.function, account: inputs.account, clients: inputs.clients) else {
            return .conflicting([])
        }
        let changes = ConcurrentChange.changes(from: inputs.live, to: live).filter { !written.contains($0.name) }
        var fresh = inputs
        fresh.live = live
        let actions = FunctionPlanner.actions(fresh, keepingVersions: context.keptVersions)
        guard !changes.isEmpty, ConcurrentChange.conflicts(changes, with: actions).isEmpty else { return .conflicting(changes) }
        var again = plan
        again.inputs = fresh
        again.actions = actions
        again.servingVersion = live.alias?.functionVersion
        let described = changes.map(\.description).joined(separator: "; ")
        context.logger.notice(
            "re-planned after a compatible concurrent change", metadata: ["function": "\(plan.name)", "changes": "\(described)"])
        return .compatible(again, described)
    }

    /// The environment with secrets read through `DeploySecrets`, each registered with the redactor.
    func resolvedEnvironment(_ function: FunctionDeployment, secrets: SecretCache?, redactor: Redactor) async throws -> [String: String] {
        var resolved: [String: String] = [:]
        for (name, value) in function.environment {
            switch value {
            case .text(let text):
                resolved[name] = text
            case .secret(let reference):
                guard let secrets else {
                    throw DeploymentDiagnosis(
                        kind: .other, summary: "\(name) needs a secret, but no secret cache is configured.",
                        fix: "Pass a SecretCache to the pipeline.")
                }
                guard let text = try await secrets.resolve(reference).revealString() else {
                    throw DeploymentDiagnosis(
                        kind: .invalidInput, summary: "the secret for \(name) (\(reference.secretID)) is not text.",
                        fix: "Store the value as a UTF-8 string.")
                }
                redactor.register(text)
                resolved[name] = text
            }
        }
        return resolved
    }
}
