import DeployAPIGateway
import DeployCore
import Foundation

/// Turns an applied plan into the function's report and its events: what each action did, how
/// the function ended, and what serves now.
enum FunctionReporter {
    /// Events and log lines as the executor goes; `diagnose` turns a failure into what the event says.
    static func observer(
        function: String, alias: String, previous: String?, context: RunContext,
        diagnose: @escaping @Sendable (any Error) -> DeploymentDiagnosis
    ) -> PlanExecutor.Observer {
        PlanExecutor.Observer(
            started: { action in context.emit(.stepStarted(function: function, step: action.step)) },
            finished: { action, detail, duration in
                context.emit(.stepFinished(function: function, step: action.step, detail: detail, duration: duration))
                context.logger.info("deploy step", metadata: ["function": "\(function)", "step": "\(action.step)", "detail": "\(detail)"])
            },
            failed: { action, error in
                let diagnosis = diagnose(error)
                context.emit(.stepFailed(function: function, step: action.step, diagnosis: diagnosis))
                context.logger.error(
                    "deploy step failed",
                    metadata: ["function": "\(function)", "step": "\(action.step)", "diagnosis": "\(diagnosis.summary)"])
            },
            compensated: { action, result, _ in
                switch result {
                case .success(let detail):
                    if action.step == .alias, !detail.hasPrefix(AliasResource.alreadyRestored) {
                        context.emit(.rolledBack(function: function, alias: alias, toVersion: action.change == .create ? nil : previous))
                    }
                    context.logger.warning(
                        "rolled back", metadata: ["function": "\(function)", "action": "\(action.id)", "detail": "\(detail)"])
                case .failure(let error):
                    context.logger.critical(
                        "rollback failed", metadata: ["function": "\(function)", "action": "\(action.id)", "error": "\(error)"])
                }
            })
    }

    static func diagnose(_ error: any Error, inputs: PlanInputs) -> DeploymentDiagnosis {
        var diagnosis = DeploymentDiagnosis.diagnose(error, function: inputs.function.name, region: inputs.clients.region.name)
        if diagnosis.kind == .permissionDenied, let action = diagnosis.missingAction {
            diagnosis.policyStatement =
                #"{"Effect": "Allow", "Action": "\#(action)", "Resource": ["\#(inputs.functionARN)", "\#(inputs.functionARN):*"]}"#
        }
        return diagnosis
    }

    static func report(
        _ plan: DeploymentPlan.FunctionPlan, inputs: PlanInputs, outcome: ApplyOutcome, state: ApplyState,
        duration: Duration
    ) -> FunctionReport {
        let function = inputs.function
        var report = FunctionReport(
            name: function.name, outcome: .failed(step: .package), alias: function.alias, endpoints: [],
            steps: plan.planningSteps, duration: duration)
        report.codeSHA256 = inputs.package.codeSHA256
        report.inputFingerprint = inputs.fingerprint?.hex
        report.packageWasBuilt = inputs.package.wasBuilt
        report.functionARN = inputs.live.latest?.arn ?? state[FunctionKeys.functionARN]
        report.previousVersion = plan.servingVersion
        report.servingVersion = plan.servingVersion
        report.endpoints = state[FunctionKeys.endpoints] ?? []
        let published = plan.actions.contains { $0.step == .publish && $0.change == .create && outcome[$0.id]?.succeeded == true }
        if published { report.version = state[FunctionKeys.version] }
        report.steps += steps(outcome)
        let aliasActions = plan.actions.filter { $0.step == .alias && $0.change.isMutating }
        let aliasMoved = aliasActions.contains { outcome[$0.id]?.succeeded == true }
        let aliasUndone = aliasActions.compactMap { outcome.compensations[$0.id] }
        guard let (failedID, error) = outcome.failure ?? (outcome.wasCancelled ? (ActionID("cancelled"), CancellationError()) : nil) else {
            if aliasMoved {
                let version = state[FunctionKeys.version] ?? "?"
                report.servingVersion = version
                report.outcome = .deployed(version: version)
            } else {
                report.outcome = .unchanged(version: plan.servingVersion ?? state[FunctionKeys.version] ?? "?")
            }
            return report
        }
        let failedStep = plan.actions.first { $0.id == failedID }?.step ?? outcome.records.first { !$0.succeeded }?.step ?? .alias
        let cancelled = outcome.wasCancelled
        if !cancelled {
            report.diagnosis = diagnose(error, inputs: inputs)
            report.failedAction = actionName(failedID)
        }
        if let refusal = aliasUndone.compactMap({ result -> (any Error)? in
            if case .failure(let error) = result { return error } else { return nil }
        }).first {
            report.outcome = .rollbackFailed(failedStep: failedStep, aliasState: "\(refusal)")
            report.servingVersion = nil
        } else if !aliasUndone.isEmpty {
            // The alias was put back (or removed, when this run created it).
            report.servingVersion = aliasActions.contains { $0.change == .create } ? nil : plan.servingVersion
            report.outcome =
                cancelled
                ? .cancelled(atStep: failedStep, servingVersion: report.servingVersion)
                : .rolledBack(failedStep: failedStep, servingVersion: report.servingVersion)
        } else {
            report.outcome = cancelled ? .cancelled(atStep: failedStep, servingVersion: plan.servingVersion) : .failed(step: failedStep)
        }
        return report
    }

    static func teardownReport(
        _ plan: DeploymentPlan.FunctionPlan, outcome: ApplyOutcome, region: String, duration: Duration
    ) -> FunctionReport {
        var report = FunctionReport(name: plan.name, outcome: .removed, alias: "", endpoints: [], steps: steps(outcome), duration: duration)
        if let (id, error) = outcome.failure {
            let step = plan.actions.first { $0.id == id }?.step ?? .function
            report.outcome = outcome.wasCancelled ? .cancelled(atStep: step, servingVersion: nil) : .failed(step: step)
            report.diagnosis = DeploymentDiagnosis.diagnose(error, function: plan.name, region: region)
        }
        return report
    }

    /// What each action did, in plan order, and each rollback that moved something back.
    static func steps(_ outcome: ApplyOutcome) -> [FunctionReport.StepRecord] {
        outcome.records.flatMap { record -> [FunctionReport.StepRecord] in
            var steps: [FunctionReport.StepRecord] = []
            if let detail = record.appliedDetail {
                steps.append(
                    FunctionReport.StepRecord(step: record.step, detail: detail, duration: record.duration, action: actionName(record.id)))
            }
            if case .success(let detail)? = outcome.compensations[record.id], !detail.hasPrefix(AliasResource.alreadyRestored) {
                steps.append(FunctionReport.StepRecord(step: .rollback, detail: detail, duration: .zero))
            }
            return steps
        }
    }

    /// `bake-2` for `app/bake-2`.
    static func actionName(_ id: ActionID) -> String {
        id.rawValue.split(separator: "/", maxSplits: 1).last.map(String.init) ?? id.rawValue
    }

    static func failedBeforeApply(_ plan: DeploymentPlan.FunctionPlan, context: RunContext, duration: Duration) -> FunctionReport {
        let cancelled = Task.isCancelled
        var report = FunctionReport(
            name: plan.name,
            outcome: cancelled
                ? .cancelled(atStep: plan.failedStep, servingVersion: plan.servingVersion)
                : .failed(step: plan.failedStep),
            alias: plan.inputs?.function.alias ?? "live", endpoints: [], steps: plan.planningSteps,
            diagnosis: cancelled ? nil : plan.diagnosis, duration: duration)
        report.servingVersion = plan.servingVersion
        if let diagnosis = report.diagnosis {
            context.emit(.stepFailed(function: plan.name, step: plan.failedStep, diagnosis: diagnosis))
            context.logger.error(
                "deploy step failed",
                metadata: ["function": "\(plan.name)", "step": "\(plan.failedStep)", "diagnosis": "\(diagnosis.summary)"])
        }
        return report
    }

    static func notStarted(_ function: FunctionDeployment) -> FunctionReport {
        FunctionReport(
            name: function.name, outcome: .failed(step: .package), alias: function.alias, endpoints: [], steps: [],
            diagnosis: DeploymentDiagnosis(
                kind: .other, summary: "not started: an earlier function failed and the run stops on the first failure.",
                fix: "Fix that function and deploy again."),
            duration: .zero)
    }
}
