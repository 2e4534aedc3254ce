import DeployS3

/// A step of a function's deployment, in the order they run.
public enum DeploymentStep: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case package, preflight
    /// The service's `resources:`, as a CloudFormation stack before the functions.
    case resources
    case role, artifact, layer, logs, function, configuration, publish
    case healthCheck = "health check"
    case api, alias
    /// A gradual rollout's steps: alarms, bakes, gates.
    case rollout
    case url
    /// Event sources: schedules and queues.
    case events
    case endpointCheck = "endpoint check"
    case prune,
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
    /// An artifact's upload to S3 progressed (throttled to a few a second, and once per part).
    case artifactProgress(function: String, progress: S3UploadProgress)
    case functionFinished(FunctionReport)
    case runFinished(succeeded: Bool, duration: Duration)

    public var description: String {
        switch self {
        case .runStarted(let functions):
            return "deploying \(functions.joined(separator: ", "))"
        case .stepStarted(let function, let step):
            return "[\(function)] \(step)…"
        case .stepFinished(let function, let step, let detail, let duration):
            return "[\(function)] \(step): \(detail) (\(DeploymentReport.format(duration)))"
        case .stepFailed(let function, let step, let diagnosis):
            return "[\(function)] \(step) failed: \(diagnosis.summary)"
        case .rolledBack(let function, let alias, let version):
            return "[\(function)] rolled back: alias \(alias) → \(version.map { "version \($0)" } ?? "removed (no earlier version)")"
        case .artifactProgress(let function, let progress):
            let percent = progress.totalBytes > 0 ? min(100, progress.bytesSent * 100 / progress.totalBytes) : 100
            return "[\(function)] artifact: \(percent)% of \(progress.totalBytes) bytes, part \(progress.partsDone)/\(progress.partsTotal)"
        case .functionFinished(let report):
            return "[\(report.name)] \(report.outcome)"
        case .runFinished(let succeeded, let duration):
            return "\(succeeded ? "deployed" : "deployment failed") in \(DeploymentReport.format(duration))"
        }
    }
}
