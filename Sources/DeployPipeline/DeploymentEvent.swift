/// A step of a function's deployment, in the order they run.
public enum DeploymentStep: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case package, preflight, role, function, configuration, publish, healthCheck = "health check", api, alias, endpointCheck = "endpoint check", prune,
        rollback

    public var description: String { rawValue }
}

/// What the pipeline is doing, for progress bars and CI logs. Never carries a secret.
public enum DeploymentEvent: Sendable, Hashable, CustomStringConvertible {
    case runStarted(functions: [String])
    case stepStarted(function: String, step: DeploymentStep)
    /// A step ended; `detail` says what it did ("created", "code unchanged: upload skipped", "version 3").
    case stepFinished(function: String, step: DeploymentStep, detail: String, duration: Duration)
    case stepFailed(function: String, step: DeploymentStep, diagnosis: DeploymentDiagnosis)
    case rolledBack(function: String, alias: String, toVersion: String?)
    case functionFinished(FunctionReport)
    case runFinished(succeeded: Bool, duration: Duration)

    public var description: String {
        switch self {
        case let .runStarted(functions):
            return "deploying \(functions.joined(separator: ", "))"
        case let .stepStarted(function, step):
            return "[\(function)] \(step)…"
        case let .stepFinished(function, step, detail, duration):
            return "[\(function)] \(step): \(detail) (\(DeploymentReport.format(duration)))"
        case let .stepFailed(function, step, diagnosis):
            return "[\(function)] \(step) failed: \(diagnosis.summary)"
        case let .rolledBack(function, alias, version):
            return "[\(function)] rolled back: alias \(alias) → \(version.map { "version \($0)" } ?? "removed (no earlier version)")"
        case let .functionFinished(report):
            return "[\(report.name)] \(report.outcome)"
        case let .runFinished(succeeded, duration):
            return "\(succeeded ? "deployed" : "deployment failed") in \(DeploymentReport.format(duration))"
        }
    }
}
