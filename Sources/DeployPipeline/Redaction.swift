import DeployCore

// Everything the pipeline hands out — events, reports, diagnoses — passes through the run's
// ``Redactor`` (``Redactor/shared`` unless the pipeline is given another), which knows every secret
// the run resolved and the credentials that signed.

extension DeploymentDiagnosis {
    /// The diagnosis with every secret removed from its text.
    func redacted(by redactor: Redactor) -> DeploymentDiagnosis {
        var copy = self
        copy.summary = redactor.redact(summary)
        copy.fix = redactor.redact(fix)
        copy.policyStatement = policyStatement.map(redactor.redact)
        copy.missingFiles = missingFiles.map(redactor.redact)
        copy.logTail = logTail.map(redactor.redact)
        return copy
    }
}

extension FunctionReport {
    /// The report with every secret removed from its diagnosis, steps and outcome.
    func redacted(by redactor: Redactor) -> FunctionReport {
        var copy = self
        copy.diagnosis = diagnosis?.redacted(by: redactor)
        copy.steps = steps.map { step in
            var step = step
            step.detail = redactor.redact(step.detail)
            return step
        }
        if case .rollbackFailed(let step, let state) = outcome {
            copy.outcome = .rollbackFailed(failedStep: step, aliasState: redactor.redact(state))
        }
        return copy
    }
}

extension DeploymentReport {
    /// The report with every secret removed.
    func redacted(by redactor: Redactor) -> DeploymentReport {
        var copy = self
        copy.functions = functions.map { $0.redacted(by: redactor) }
        copy.diagnosis = diagnosis?.redacted(by: redactor)
        return copy
    }
}

extension DeploymentEvent {
    /// The event with every secret removed.
    func redacted(by redactor: Redactor) -> DeploymentEvent {
        switch self {
        case .stepFinished(let function, let step, let detail, let duration):
            return .stepFinished(function: function, step: step, detail: redactor.redact(detail), duration: duration)
        case .stepFailed(let function, let step, let diagnosis):
            return .stepFailed(function: function, step: step, diagnosis: diagnosis.redacted(by: redactor))
        case .functionFinished(let report):
            return .functionFinished(report.redacted(by: redactor))
        case .runStarted, .stepStarted, .rolledBack, .artifactProgress, .runFinished:
            return self
        }
    }
}
